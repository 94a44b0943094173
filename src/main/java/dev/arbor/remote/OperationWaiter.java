package dev.arbor.remote;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Waits for operations to reach a terminal status by polling them (reference §4), with a pause that grows
 * from {@code initial} to {@code max}. A failed, errored or cancelled operation ends the wait with an
 * {@link ArborException}; so does running out of time, cancelling, or an interrupt. None of these stops the
 * operation on the server.
 */
final class OperationWaiter {
    private final Function<String, Operation> fetch;
    private final Duration initial;
    private final Duration max;
    private final Duration timeout;

    OperationWaiter(Function<String, Operation> fetch, Duration initial, Duration max, Duration timeout) {
        this.fetch = fetch;
        this.initial = initial;
        this.max = max;
        this.timeout = timeout;
    }

    /** The operations as they ended, in the order given. */
    List<Operation> await(List<Operation> operations, OperationListener listener, Cancellation cancel) {
        Map<String, Operation> latest = new LinkedHashMap<>();
        for (Operation op : operations) {
            latest.put(op.id(), op);
            listener.changed(op);
            failIfUnsuccessful(op);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = initial;
        while (latest.values().stream().anyMatch(op -> !op.status().isTerminal())) {
            if (System.nanoTime() + pause.toNanos() > deadline) {
                throw stillRunning(latest.values());
            }
            cancel.sleep(pause);
            for (Operation before : new ArrayList<>(latest.values())) {
                if (before.status().isTerminal()) {
                    continue;
                }
                Operation now = fetch.apply(before.id());
                latest.put(now.id(), now);
                if (now.status() != before.status()) {
                    listener.changed(now);
                }
                failIfUnsuccessful(now);
            }
            pause = pause.multipliedBy(2).compareTo(max) > 0 ? max : pause.multipliedBy(2);
        }
        return List.copyOf(latest.values());
    }

    private static void failIfUnsuccessful(Operation op) {
        if (!op.status().isFailure()) {
            return;
        }
        boolean cancelled = op.status() == Operation.Status.CANCELLED;
        String what = "The " + op.action().label().toLowerCase(java.util.Locale.ROOT) + " operation"
                + (op.branchId() == null ? "" : " on branch " + op.branchId());
        String message = cancelled ? what + " was cancelled on the server."
                : what + " failed" + (op.error() == null || op.error().isBlank() ? "." : ": " + ApiErrors.sentence(op.error()));
        throw new ArborException(ErrorCode.INTERNAL, cancelled ? "OPERATION_CANCELLED" : "OPERATION_FAILED",
                message + " Reload the project to see its state.",
                "operation " + op.id() + " · " + op.action().wireName() + " · status " + op.status().wireName()
                        + " · failures_count " + op.failuresCount(), null);
    }

    private ArborException stillRunning(Iterable<Operation> ops) {
        StringBuilder pending = new StringBuilder();
        for (Operation op : ops) {
            if (!op.status().isTerminal()) {
                pending.append(pending.isEmpty() ? "" : ", ").append(op.action().wireName()).append(' ').append(op.id())
                        .append(" (").append(op.status().wireName()).append(')');
            }
        }
        return new ArborException(ErrorCode.UNAVAILABLE, "OPERATION_TIMEOUT",
                "The project's operations are still running after " + timeout.toSeconds()
                        + " s. They continue on the server; reload later to see the result.",
                pending.toString(), null);
    }
}
