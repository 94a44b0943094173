package dev.arbor.engine;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Database;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Role;
import dev.arbor.pg.PgBranchReader;
import dev.arbor.pg.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The data on a branch, which is real Postgres: reads of a branch at a point (resolved and checked against its
 * history window) through its compute at the head or a read-only view of the point. Writes go through a client's
 * connection to the branch's compute, not through the engine.
 */
final class BranchData {
    private final EngineLock lock;
    private final ControlPlane state;
    private final DataPlane plane;
    private final PointResolver points;

    BranchData(EngineLock lock, ControlPlane state, DataPlane plane, PointResolver points) {
        this.plane = plane;
        this.lock = lock;
        this.state = state;
        this.points = points;
    }

    /** The server that reads a branch at a point (its compute at the head, else a read-only view). */
    PostgresServer reader(String branchIdOrName, PointInTime point) {
        BranchRecord b = lock.read(() -> state.requireBranch(branchIdOrName));
        Long lsn = point.isHead() ? null : points.resolve(b, point).lsn().value();
        return plane.reader(b.timelineId, lsn);
    }

    List<Database> databases(String branchIdOrName) {
        BranchRecord b = lock.read(() -> state.requireBranch(branchIdOrName));
        return onReader(b.id, PostgresServer.DATABASE, PointInTime.HEAD,
                (c, r) -> PgBranchReader.listDatabases(c, b.id, b.createdAt));
    }

    List<Role> roles(String branchIdOrName) {
        BranchRecord b = lock.read(() -> state.requireBranch(branchIdOrName));
        return onReader(b.id, PostgresServer.DATABASE, PointInTime.HEAD,
                (c, r) -> PgBranchReader.listRoles(c, b.id, b.createdAt));
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
            throw lock.cutOff(ArborException.unavailable("COMPUTE_UNREACHABLE", "Arbor could not read the branch's "
                    + "data (" + e.getMessage() + ").", e));
        } catch (ArborException e) {
            throw lock.cutOff(e);
        }
    }
}
