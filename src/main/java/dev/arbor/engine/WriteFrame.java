package dev.arbor.engine;

import dev.arbor.backend.BackendEvent;
import dev.arbor.backend.BranchResult;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.Operation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The frame every change runs in: the write lock, a refusal as LOCKED while an operation is unfinished, the
 * change and its operations written in one SQLite transaction with the counters, the in-memory control plane
 * updated only after the commit, then (with the lock released) events published and the operations handed on.
 */
final class WriteFrame {
    /** The body of a change: checks the rules, stages its rows, plans its operations, names the branch it changed. */
    interface Body {
        String apply(Changes ch) throws SQLException;
    }

    private final Store store;
    private final EngineLock lock;
    private final ControlPlane state;
    private final EngineClock clock;
    private final EngineEvents events;
    private final Consumer<List<Operation>> operationRunner;

    /** {@code operationRunner} receives each change's operations once it has committed, outside the lock. */
    WriteFrame(Store store, EngineLock lock, ControlPlane state, EngineClock clock, EngineEvents events,
               Consumer<List<Operation>> operationRunner) {
        this.store = store;
        this.lock = lock;
        this.state = state;
        this.clock = clock;
        this.events = events;
        this.operationRunner = operationRunner;
    }

    /** Runs a change of the control plane and answers with the branch it changed, its endpoints and operations. */
    BranchResult mutate(Body body) {
        lock.checkOpen();
        Changes ch;
        BranchResult result;
        List<BackendEvent> published = new ArrayList<>();
        lock.writer().lock();
        try {
            lock.checkOpen();
            Operation busy = state.pending().any().orElse(null);
            if (busy != null) {
                throw ArborException.locked("The project has a running operation (" + busy.action().wireName()
                        + "), so it cannot start another change yet; try again in a moment.");
            }
            ch = begin();
            String branchId = commit(ch, body);
            Branch branch = ch.deletedBranch != null ? ch.deletedBranch : state.asDomain(state.branch(branchId));
            List<Endpoint> eps = ch.createdEndpoint != null
                    ? List.of(state.asDomain(state.endpoint(ch.createdEndpoint)))
                    : state.endpointsOf(branchId).stream().map(state::asDomain).toList();
            result = new BranchResult(branch, eps, ch.operations);
            ch.events.forEach(s -> published.add(s.get()));
            ch.operations.forEach(op -> published.add(new BackendEvent.OperationChanged(op)));
        } finally {
            lock.writer().unlock();
        }
        events.publish(published);
        if (!ch.operations.isEmpty()) {
            operationRunner.accept(ch.operations);
        }
        return result;
    }

    /** Staging for one change on the writer; callers hold the write lock. */
    Changes begin() {
        return new Changes(store.writer(), state, clock);
    }

    /**
     * Runs {@code body} in one SQLite transaction, then applies its staged in-memory
     * changes; on failure nothing is applied and the database is rolled back.
     */
    String commit(Changes ch, Body body) {
        Connection c = ch.c;
        String id;
        try {
            c.setAutoCommit(false);
            id = body.apply(ch);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            Sql.rollbackQuietly(c);
            if (e instanceof SQLException se) {
                throw Sql.failure(se);
            }
            throw (RuntimeException) e;
        } finally {
            Sql.restoreAutoCommit(c);
        }
        ch.applyCommitted();
        return id;
    }
}
