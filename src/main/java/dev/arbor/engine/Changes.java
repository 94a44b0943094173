package dev.arbor.engine;

import dev.arbor.backend.BackendEvent;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Operation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What one change writes, staged until its SQLite transaction commits: rows go to the connection at once, the
 * in-memory control plane is updated only by {@link #applyCommitted}, and events are built after the commit so
 * they describe the committed state.
 */
final class Changes {
    final Connection c;
    final List<Runnable> onCommit = new ArrayList<>();
    final List<Supplier<BackendEvent>> events = new ArrayList<>();
    final List<Operation> operations = new ArrayList<>();
    /** The branch a deletion removed, to answer with; null when nothing was deleted. */
    Branch deletedBranch;
    /** The endpoint created, to answer with only it; null when none was. */
    String createdEndpoint;

    private final ControlPlane state;
    private final EngineClock clock;

    Changes(Connection c, ControlPlane state, EngineClock clock) {
        this.c = c;
        this.state = state;
        this.clock = clock;
    }

    /** Records an operation in {@code scheduling}; it is run once the change commits. */
    void plan(Operation.Action action, String branchId, String endpointId) throws SQLException {
        Instant now = clock.now();
        Operation op = new Operation(UUID.randomUUID().toString(), state.project().id(), branchId, endpointId, action,
                Operation.Status.SCHEDULING, 0, null, now, now, 0);
        Sql.update(c, "INSERT INTO operation (id, branch_id, endpoint_id, action, status, failures_count, error,"
                + " created_at, updated_at, total_duration_ms) VALUES (?, ?, ?, ?, ?, 0, NULL, ?, ?, 0)",
                op.id(), branchId, endpointId, action.wireName(), op.status().wireName(), now, now);
        operations.add(op);
        onCommit.add(() -> state.pending().track(op));
    }

    void put(BranchRecord r) throws SQLException {
        r.save(c);
        onCommit.add(() -> state.put(r));
    }

    void put(EndpointRecord r) throws SQLException {
        r.save(c);
        onCommit.add(() -> state.put(r));
    }

    void applyCommitted() {
        onCommit.forEach(Runnable::run);
    }
}
