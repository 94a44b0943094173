package dev.arbor.engine;

import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** An endpoint row of the control plane; copied before a change like {@link BranchRecord}. */
final class EndpointRecord implements Cloneable {
    String id;
    String branchId;
    Endpoint.Type type;
    Endpoint.State currentState;
    Endpoint.State pendingState;
    double minCu;
    double maxCu;
    long suspendTimeoutSeconds;
    Instant createdAt;
    Instant updatedAt;
    Instant lastActive;
    Instant startedAt;
    Instant suspendedAt;
    /** The port its proxy listens on, kept for life (real Postgres only; null until first started). */
    Integer port;

    /** A new compute as a spec asks for it: created now, starting. */
    static EndpointRecord create(String id, String branchId, EndpointSpec spec, Instant now) {
        EndpointRecord e = new EndpointRecord();
        e.id = id;
        e.branchId = branchId;
        e.type = spec.type();
        e.currentState = Endpoint.State.INIT;
        e.pendingState = Endpoint.State.ACTIVE;
        e.minCu = spec.minCu();
        e.maxCu = spec.maxCu();
        e.suspendTimeoutSeconds = spec.suspendTimeoutSeconds();
        e.createdAt = now;
        e.updatedAt = now;
        return e;
    }

    EndpointRecord copy() {
        try {
            return (EndpointRecord) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    Endpoint asDomain(String projectId) {
        String host = port != null ? DataPlane.HOST + ":" + port : id + ".local.arbor.dev";
        return new Endpoint(id, projectId, branchId, type, currentState, pendingState, host, minCu,
                maxCu, suspendTimeoutSeconds, createdAt, updatedAt, lastActive, startedAt, suspendedAt);
    }

    private static final String SAVE = Sql.upsert("endpoint", List.of("id"), List.of("id", "branch_id", "type",
            "current_state", "pending_state", "min_cu", "max_cu", "suspend_timeout_seconds", "created_at", "updated_at",
            "last_active", "started_at", "suspended_at", "port"));

    /** Inserts the row or updates the one with this id. */
    void save(Connection c) throws SQLException {
        Sql.update(c, SAVE, id, branchId, type.name(), currentState.name(), pendingState == null ? null : pendingState.name(),
                minCu, maxCu, suspendTimeoutSeconds, createdAt, updatedAt, lastActive, startedAt, suspendedAt, port);
    }

    static EndpointRecord load(ResultSet rs) throws SQLException {
        EndpointRecord r = new EndpointRecord();
        r.id = rs.getString("id");
        r.branchId = rs.getString("branch_id");
        r.type = Endpoint.Type.valueOf(rs.getString("type"));
        r.currentState = Endpoint.State.valueOf(rs.getString("current_state"));
        String p = rs.getString("pending_state");
        r.pendingState = p == null ? null : Endpoint.State.valueOf(p);
        r.minCu = rs.getDouble("min_cu");
        r.maxCu = rs.getDouble("max_cu");
        r.suspendTimeoutSeconds = rs.getLong("suspend_timeout_seconds");
        r.createdAt = Sql.instant(rs, "created_at");
        r.updatedAt = Sql.instant(rs, "updated_at");
        r.lastActive = Sql.instant(rs, "last_active");
        r.startedAt = Sql.instant(rs, "started_at");
        r.suspendedAt = Sql.instant(rs, "suspended_at");
        long port = rs.getLong("port");
        r.port = rs.wasNull() ? null : (int) port;
        return r;
    }
}
