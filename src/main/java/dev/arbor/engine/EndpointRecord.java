package dev.arbor.engine;

import dev.arbor.domain.BillingPeriod;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
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
    /**
     * Milliseconds the compute was active in the billing period starting at {@link #activePeriodStart}, up to its last
     * stop; a running compute adds the time since {@link #startedAt} ({@link #activeMillis(Instant)}).
     */
    long activeTimeMs;
    Instant activePeriodStart;

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

    /** The compute goes active at {@code at}; a compute already active keeps the time it ran so far. */
    void becomeActive(Instant at) {
        if (currentState == Endpoint.State.ACTIVE) {
            countActiveUntil(at);
        }
        currentState = Endpoint.State.ACTIVE;
        startedAt = at;
    }

    /**
     * The compute stops at {@code at}; its active time counts up to {@code lastActivity}: the stop itself, or, for a
     * compute found gone after a restart, the last moment Arbor knew it was in use.
     */
    void becomeIdle(Instant at, Instant lastActivity) {
        if (currentState == Endpoint.State.ACTIVE) {
            countActiveUntil(lastActivity);
        }
        currentState = Endpoint.State.IDLE;
        suspendedAt = at;
    }

    /** Milliseconds active in the billing period {@code now} falls in, a running compute's time so far included. */
    long activeMillis(Instant now) {
        Instant period = BillingPeriod.startOf(now);
        long ms = period.equals(activePeriodStart) ? activeTimeMs : 0;
        return ms + (currentState == Endpoint.State.ACTIVE ? runningMillis(period, now) : 0);
    }

    private void countActiveUntil(Instant until) {
        if (until == null) {
            return;
        }
        Instant period = BillingPeriod.startOf(until);
        if (!period.equals(activePeriodStart)) {
            activePeriodStart = period;
            activeTimeMs = 0;
        }
        activeTimeMs += runningMillis(period, until);
    }

    /** The part of the run since {@link #startedAt} that falls in the period, up to {@code until}. */
    private long runningMillis(Instant period, Instant until) {
        if (startedAt == null) {
            return 0;
        }
        Instant from = startedAt.isBefore(period) ? period : startedAt;
        return until.isAfter(from) ? Duration.between(from, until).toMillis() : 0;
    }

    Endpoint asDomain(String projectId) {
        String host = port != null ? DataPlane.HOST + ":" + port : id + ".local.arbor.dev";
        return new Endpoint(id, projectId, branchId, type, currentState, pendingState, host, minCu,
                maxCu, suspendTimeoutSeconds, createdAt, updatedAt, lastActive, startedAt, suspendedAt);
    }

    private static final String SAVE = Sql.upsert("endpoint", List.of("id"), List.of("id", "branch_id", "type",
            "current_state", "pending_state", "min_cu", "max_cu", "suspend_timeout_seconds", "created_at", "updated_at",
            "last_active", "started_at", "suspended_at", "port", "active_time_ms", "active_period_start"));

    /** Inserts the row or updates the one with this id. */
    void save(Connection c) throws SQLException {
        Sql.update(c, SAVE, id, branchId, type.name(), currentState.name(), pendingState == null ? null : pendingState.name(),
                minCu, maxCu, suspendTimeoutSeconds, createdAt, updatedAt, lastActive, startedAt, suspendedAt, port,
                activeTimeMs, activePeriodStart);
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
        r.activeTimeMs = rs.getLong("active_time_ms");
        r.activePeriodStart = Sql.instant(rs, "active_period_start");
        return r;
    }
}
