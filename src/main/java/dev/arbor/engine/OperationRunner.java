package dev.arbor.engine;

import dev.arbor.backend.BackendEvent;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Operation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the work operations stand for (a branch becoming ready, a compute starting or suspending, storage being
 * reclaimed) and moves them {@code scheduling → running → finished|failed}, telling subscribers every step.
 */
final class OperationRunner {
    private static final Logger log = LoggerFactory.getLogger(OperationRunner.class);
    /** Computes that run at once on real Postgres (Neon's default cap on a project's active computes). */
    static final int MAX_RUNNING_COMPUTES = 20;

    private final Store store;
    private final EngineLock lock;
    private final ControlPlane state;
    private final TimelineStore data;
    private final DataPlane plane;
    private final OperationLog operations;
    private final EngineEvents events;
    private final EngineClock clock;

    /** {@code plane}: real Postgres, whose computes start and stop with the operations . */
    OperationRunner(Store store, EngineLock lock, ControlPlane state, TimelineStore data, DataPlane plane,
                    OperationLog operations, EngineEvents events, EngineClock clock) {
        this.plane = plane;
        this.store = store;
        this.lock = lock;
        this.state = state;
        this.data = data;
        this.operations = operations;
        this.events = events;
        this.clock = clock;
    }

    /** Operations a crash interrupted: their control-plane change is committed, so their work is redone. */
    void finishInterrupted(List<Operation> interrupted) {
        interrupted.forEach(op -> state.pending().update(op));
        if (!interrupted.isEmpty()) {
            log.info("Finishing {} operation(s) interrupted by a shutdown", interrupted.size());
            run(interrupted);
        }
    }

    /**
     * Runs a mutation's operations in order, in one SQLite transaction: each moves to running, does its
     * work and ends finished (or failed, its work rolled back to a savepoint). One commit for the batch
     * keeps a mutation to two syncs however many operations it has; subscribers still see every step.
     */
    void run(List<Operation> ops) {
        List<BackendEvent> published = new ArrayList<>();
        List<Operation> ended = new ArrayList<>();
        lock.writer().lock();
        try {
            if (lock.isClosed()) {
                return;
            }
            Connection c = store.writer();
            try {
                c.setAutoCommit(false);
                for (Operation op : ops) {
                    Instant started = clock.now();
                    Operation running = withStatus(op, Operation.Status.RUNNING, null, started);
                    state.pending().update(running);
                    published.add(new BackendEvent.OperationChanged(running));
                    String error = null;
                    Exception failure = Sql.attempt(c, () -> perform(c, op, published));
                    if (failure != null) {
                        error = failure.getMessage();
                        log.warn("Operation {} {} failed: {}", op.action().wireName(), op.id(), failure.getMessage());
                    }
                    Operation done = withStatus(running, error == null ? Operation.Status.FINISHED : Operation.Status.FAILED,
                            error, started);
                    operations.saveEnd(c, done);
                    published.add(new BackendEvent.OperationChanged(done));
                    ended.add(done);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                Sql.rollbackQuietly(c);
                // still "scheduling" on disk, so the next open finishes them; callers waiting now are told
                log.warn("Operations could not be recorded: {}", e.getMessage());
                ended.clear();
                for (Operation op : ops) {
                    ended.add(withStatus(op, Operation.Status.FAILED, "the operation could not be recorded: " + e.getMessage(),
                            clock.now()));
                }
            } finally {
                Sql.restoreAutoCommit(c);
            }
            ended.forEach(op -> state.pending().remove(op.id()));
        } finally {
            lock.writer().unlock();
        }
        if (plane != null) {
            plane.removeStopped(); // after a reset's new compute has started, not beside its start
        }
        events.publish(published);
        ended.forEach(op -> state.pending().complete(op));
    }

    /**
     * With {@link #MAX_RUNNING_COMPUTES} computes running, the one a client used least recently is suspended to make
     * room for another, as Neon caps a project's active computes.
     */
    private void makeRoomForCompute(Connection c, List<BackendEvent> published, Instant now) throws SQLException {
        List<EndpointRecord> runningNow = state.endpoints().stream().filter(x -> plane.isRunning(x.id)).toList();
        if (runningNow.size() < MAX_RUNNING_COMPUTES) {
            return;
        }
        EndpointRecord lru = runningNow.stream().min(java.util.Comparator.comparing((EndpointRecord x) -> {
            Instant used = plane.lastUsed(x);
            return used == null ? Instant.EPOCH : used;
        })).orElseThrow();
        plane.stopCompute(c, lru.id);
        EndpointRecord r = lru.copy();
        r.becomeIdle(now, now);
        saveEndpoint(c, r, now, published);
        log.info("Suspended compute {}, the least recently used, to keep {} running", lru.id, MAX_RUNNING_COMPUTES);
    }

    /** A compute started or stopped: its branch's compute hours start or stop growing. */
    private void publishBranchOf(EndpointRecord r, List<BackendEvent> published) {
        BranchRecord b = state.branch(r.branchId);
        if (b != null) {
            published.add(new BackendEvent.BranchChanged(state.asDomain(b)));
        }
    }

    /** An endpoint's state settled: saved, mirrored, and told (with its branch, whose compute hours it changes). */
    private void saveEndpoint(Connection c, EndpointRecord r, Instant now, List<BackendEvent> published) throws SQLException {
        r.pendingState = null;
        r.updatedAt = now;
        r.save(c);
        state.put(r);
        published.add(new BackendEvent.EndpointChanged(state.asDomain(r)));
        publishBranchOf(r, published);
    }

    private Operation withStatus(Operation op, Operation.Status status, String error, Instant started) {
        Instant now = clock.now();
        long took = status.isTerminal() ? Duration.between(started, now).toMillis() : 0;
        return new Operation(op.id(), op.projectId(), op.branchId(), op.endpointId(), op.action(), status,
                error == null ? op.failuresCount() : op.failuresCount() + 1, error, op.createdAt(), now, took);
    }

    /** The work of an operation, on the caller's transaction. Each is idempotent, so an interrupted one can run again. */
    private void perform(Connection c, Operation op, List<BackendEvent> published) throws SQLException {
        Instant now = clock.now();
        switch (op.action()) {
            case CREATE_BRANCH, CREATE_TIMELINE -> {
                BranchRecord b = state.branch(op.branchId());
                if (b != null && b.currentState != BranchState.READY) {
                    BranchRecord r = b.copy();
                    r.setState(BranchState.READY, null, now);
                    r.save(c);
                    state.put(r);
                    published.add(new BackendEvent.BranchChanged(state.asDomain(r)));
                }
            }
            case START_COMPUTE, SUSPEND_COMPUTE -> {
                EndpointRecord e = state.endpoint(op.endpointId());
                if (e != null) {
                    EndpointRecord r = e.copy();
                    if (op.action() == Operation.Action.START_COMPUTE) {
                        r.port = plane.openProxy(e);
                        if (!plane.isRunning(e.id)) {
                            makeRoomForCompute(c, published, now);
                        }
                        plane.startCompute(c, e, state.branch(e.branchId).timelineId);
                    } else {
                        // Neon's last_active: when a client last used the compute, as its proxy saw, not its start
                        Instant used = plane.lastUsed(e);
                        plane.stopCompute(c, e.id);
                        if (used != null && (r.lastActive == null || used.isAfter(r.lastActive))) {
                            r.lastActive = used.isAfter(now) ? now : used;
                        }
                    }
                    if (op.action() == Operation.Action.START_COMPUTE) {
                        r.becomeActive(now);
                        r.lastActive = now;
                    } else {
                        r.becomeIdle(now, now);
                    }
                    saveEndpoint(c, r, now, published);
                }
            }
            case DELETE_TIMELINE -> {
                plane.forgetEndpoints(c, state.endpoints().stream().map(e -> e.id).collect(Collectors.toSet()));
                Set<Long> dropped = data.reclaimTimelines(c, state.branches().stream().map(b -> b.timelineId).toList());
                plane.forgetTimelines(c, dropped);
            }
            default -> {
                // configuration operations have applied their change with the mutation itself
            }
        }
    }

    /**
     * Waits until the operations finish. A failed operation becomes an {@link ArborException}; running out of
     * time leaves them running and says so.
     */
    void await(Collection<Operation> ops, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Operation op : ops) {
            CompletableFuture<Operation> f = state.pending().completion(op.id());
            Operation done;
            if (f == null) {
                done = operations.get(op.id());
                if (!done.status().isTerminal()) {
                    throw new IllegalStateException("operation " + op.id() + " is not being run");
                }
            } else {
                try {
                    done = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw ArborException.unavailable("OPERATION_TIMEOUT", "The " + op.action().wireName()
                            + " operation is still running after " + timeout.toSeconds() + " s.", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw ArborException.unavailable("INTERRUPTED", "Waiting for the operation was interrupted.", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            if (!done.status().isSuccess()) {
                throw new ArborException(ErrorCode.INTERNAL, "OPERATION_FAILED", "The " + done.action().wireName()
                        + " operation failed: " + done.error(), done.error(), null);
            }
        }
    }
}
