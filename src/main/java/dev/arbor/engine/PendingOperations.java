package dev.arbor.engine;

import dev.arbor.domain.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Operations that have not ended. While any is unfinished a change is refused as locked, as Neon does; callers
 * that want the end state wait on an operation's completion. The unfinished set is guarded by the write lock.
 */
final class PendingOperations {
    private final Map<String, Operation> unfinished = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<Operation>> completions = new ConcurrentHashMap<>();

    /** A newly committed operation: unfinished until it ends, and awaitable. */
    void track(Operation op) {
        unfinished.put(op.id(), op);
        completions.put(op.id(), new CompletableFuture<>());
    }

    /** An operation a shutdown interrupted, or one that moved on: unfinished, in its latest state. */
    void update(Operation op) {
        unfinished.put(op.id(), op);
    }

    void remove(String operationId) {
        unfinished.remove(operationId);
    }

    /** Some unfinished operation, the oldest, to name in a refusal. */
    Optional<Operation> any() {
        return unfinished.values().stream().findFirst();
    }

    /** The completion of an operation still being run, or null once it has ended (or was never tracked). */
    CompletableFuture<Operation> completion(String operationId) {
        return completions.get(operationId);
    }

    /** Tells whoever waits that the operation ended. */
    void complete(Operation ended) {
        CompletableFuture<Operation> f = completions.remove(ended.id());
        if (f != null) {
            f.complete(ended);
        }
    }
}
