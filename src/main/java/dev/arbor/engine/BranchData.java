package dev.arbor.engine;

import dev.arbor.backend.BackendEvent;
import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.Database;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Role;
import dev.arbor.domain.ArborException;
import dev.arbor.pg.PgBranchReader;
import dev.arbor.pg.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The data on a branch: writes (one transaction, one LSN, the read-write compute becoming active) and reads of a
 * branch at a point (resolved and checked against its history window).
 */
final class BranchData {
    private final EngineLock lock;
    private final WriteFrame frame;
    private final ControlPlane state;
    private final TimelineStore data;
    private final DataPlane plane;
    private final PointResolver points;
    private final EngineEvents events;
    private final EngineClock clock;

    /** {@code plane}: real Postgres, read through its servers (null: the versioned store is read and written). */
    BranchData(EngineLock lock, WriteFrame frame, ControlPlane state, TimelineStore data, DataPlane plane,
               PointResolver points, EngineEvents events, EngineClock clock) {
        this.plane = plane;
        this.lock = lock;
        this.frame = frame;
        this.state = state;
        this.data = data;
        this.points = points;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Runs one transaction on a branch: everything {@code work} writes commits at one new LSN, or nothing
     * does if it throws. Writing activates the branch's read-write compute. Unlike a change of the control
     * plane, a write is not refused while an operation runs.
     */
    <T> T transact(String branchIdOrName, Function<DataTransaction, T> work) {
        lock.checkOpen();
        if (plane != null) {
            throw ArborException.rule("WRITE_THROUGH_POSTGRES", "This project's branches are Postgres databases: write "
                    + "to one through a connection to its compute (its connection string).");
        }
        List<BackendEvent> published = new ArrayList<>();
        T result;
        lock.writer().lock();
        try {
            lock.checkOpen();
            BranchRecord b = state.requireBranch(branchIdOrName);
            Changes ch = frame.begin();
            List<T> out = new ArrayList<>(1);
            frame.commit(ch, changes -> {
                out.add(data.commitData(changes, state.timelineOf(b), work));
                activateCompute(changes, b);
                return b.id;
            });
            result = out.get(0);
            ch.events.forEach(s -> published.add(s.get()));
            published.add(new BackendEvent.BranchChanged(state.asDomain(state.branch(b.id))));
        } finally {
            lock.writer().unlock();
        }
        events.publish(published);
        return result;
    }

    private void activateCompute(Changes ch, BranchRecord b) throws SQLException {
        for (EndpointRecord e : state.endpoints()) {
            if (!e.branchId.equals(b.id) || e.type != Endpoint.Type.READ_WRITE) {
                continue;
            }
            Instant now = clock.now();
            EndpointRecord r = e.copy();
            boolean starting = r.currentState != Endpoint.State.ACTIVE;
            if (starting) {
                r.becomeActive(now);
            }
            r.pendingState = null;
            r.lastActive = now;
            r.updatedAt = now;
            if (starting) {
                // the embedded compute starts at once, so the operation is recorded as finished
                Sql.update(ch.c, "INSERT INTO operation (id, branch_id, endpoint_id, action, status, failures_count, error,"
                        + " created_at, updated_at, total_duration_ms) VALUES (?, ?, ?, ?, 'finished', 0, NULL, ?, ?, 0)",
                        UUID.randomUUID().toString(), b.id, r.id, Operation.Action.START_COMPUTE.wireName(), now, now);
                ch.events.add(() -> new BackendEvent.EndpointChanged(state.asDomain(r)));
            }
            ch.put(r);
        }
    }

    /** A read-only view of a branch at a point (resolved and checked against the history window). */
    Snapshot read(String branchIdOrName, PointInTime point) {
        if (plane != null) {
            throw ArborException.rule("READ_THROUGH_POSTGRES", "This project's branches are Postgres databases: read "
                    + "one through a connection to its compute, or to a point of its history.");
        }
        return lock.shared(() -> {
            BranchRecord b = state.requireBranch(branchIdOrName);
            ResolvedPoint at = points.resolve(b, point);
            return data.snapshot(b.id, b.timelineId, at);
        });
    }

    /** The server that reads a branch at a point (its compute at the head, else a read-only view). */
    PostgresServer reader(String branchIdOrName, PointInTime point) {
        BranchRecord b = lock.read(() -> state.requireBranch(branchIdOrName));
        Long lsn = point.isHead() ? null : points.resolve(b, point).lsn().value();
        return plane.reader(b.timelineId, lsn);
    }

    List<Database> databases(String branchIdOrName) {
        if (plane != null) {
            BranchRecord b = lock.read(() -> state.requireBranch(branchIdOrName));
            return onReader(b.id, PostgresServer.DATABASE, PointInTime.HEAD,
                    (c, r) -> PgBranchReader.listDatabases(c, b.id, b.createdAt));
        }
        Snapshot s = read(branchIdOrName, PointInTime.HEAD);
        String id = s.branchId();
        return s.catalog().databases.values().stream()
                .map(d -> new Database(d.id(), id, d.name(), d.owner(), d.createdAt(), d.createdAt())).toList();
    }

    List<Role> roles(String branchIdOrName) {
        if (plane != null) {
            BranchRecord b = lock.read(() -> state.requireBranch(branchIdOrName));
            return onReader(b.id, PostgresServer.DATABASE, PointInTime.HEAD,
                    (c, r) -> PgBranchReader.listRoles(c, b.id, b.createdAt));
        }
        Snapshot s = read(branchIdOrName, PointInTime.HEAD);
        String id = s.branchId();
        return s.catalog().roles.values().stream()
                .map(r -> new Role(id, r.name(), r.isProtected(), r.createdAt(), r.createdAt())).toList();
    }

    /** What is read through a connection to a branch's database at a point. */
    interface Reading<T> {
        T read(Connection c, PgBranchReader reader) throws SQLException;
    }

    /**
     * Reads a database of a branch at a point on real Postgres: at the head through the branch's running compute (or
     * a read-only view of its head when none runs, so reading never starts a compute), else through a Time Travel view.
     */
    <T> T onReader(String branchIdOrName, String database, PointInTime point, Reading<T> work) {
        PostgresServer server = reader(branchIdOrName, point);
        try (Connection c = server.connectAsSuperuser(database)) {
            return work.read(c, new PgBranchReader(c, database));
        } catch (SQLException e) {
            throw ArborException.unavailable("COMPUTE_UNREACHABLE", "Arbor could not read the branch's data ("
                    + e.getMessage() + ").", e);
        }
    }
}
