package dev.arbor.engine;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.InitSource;
import dev.arbor.domain.Lsn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** A branch row of the control plane; the engine copies one before changing it and saves the copy. */
final class BranchRecord implements Cloneable {
    String id;
    String name;
    long timelineId;
    String parentId;
    Long parentLsn;
    Instant parentTimestamp;
    boolean isDefault;
    boolean isProtected;
    boolean firstRoot;
    boolean backup;
    boolean deletionBlocked;
    InitSource initSource = InitSource.PARENT_DATA;
    BranchState currentState = BranchState.READY;
    BranchState pendingState;
    Instant stateChangedAt;
    String creationSource = "arbor";
    String createdBy;
    Instant createdAt;
    Instant updatedAt;
    Instant expiresAt;
    Long ttlIntervalSeconds;
    Instant lastResetAt;

    BranchRecord copy() {
        try {
            return (BranchRecord) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code activeTimeSeconds}: its endpoints' active time in the current billing period. */
    Branch asDomain(String projectId, Timeline t, long activeTimeSeconds) {
        return new Branch(id, projectId, name, parentId, parentLsn == null ? null : new Lsn(parentLsn), parentTimestamp,
                isDefault, isProtected, currentState, pendingState, stateChangedAt, t.size(), creationSource, createdBy,
                createdAt, updatedAt, expiresAt, ttlIntervalSeconds, lastResetAt, initSource, firstRoot, backup,
                deletionBlocked, new Lsn(t.headLsn()), t.headAt(), List.of(), null, null, activeTimeSeconds);
    }

    void setState(BranchState state, BranchState pending, Instant at) {
        if (state != currentState) {
            stateChangedAt = at;
        }
        currentState = state;
        pendingState = pending;
    }

    private static final String SAVE = Sql.upsert("branch", List.of("id"), List.of("id", "name", "timeline_id", "parent_id",
            "parent_lsn", "parent_timestamp", "is_default", "is_protected", "first_root", "backup", "deletion_blocked",
            "init_source", "current_state", "pending_state", "state_changed_at", "creation_source", "created_by",
            "created_at", "updated_at", "expires_at", "ttl_interval_seconds", "last_reset_at"));

    /**
     * Inserts the row or updates the one with this id. A name another branch's row already holds is refused as
     * taken: the store never gives up one branch's row to make room for another.
     */
    void save(Connection c) throws SQLException {
        try {
            Sql.update(c, SAVE, id, name, timelineId, parentId, parentLsn, parentTimestamp, isDefault, isProtected, firstRoot,
                    backup, deletionBlocked, initSource.wireName(), currentState.name(),
                    pendingState == null ? null : pendingState.name(), stateChangedAt, creationSource, createdBy, createdAt,
                    updatedAt, expiresAt, ttlIntervalSeconds, lastResetAt);
        } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new ArborException(ErrorCode.CONFLICT, "BRANCH_NAME_TAKEN", "A branch named \"" + name
                        + "\" is already stored in this project; choose another name.", e.getMessage(), e);
            }
            throw e;
        }
    }

    static BranchRecord load(ResultSet rs) throws SQLException {
        BranchRecord r = new BranchRecord();
        r.id = rs.getString("id");
        r.name = rs.getString("name");
        r.timelineId = rs.getLong("timeline_id");
        r.parentId = rs.getString("parent_id");
        r.parentLsn = Sql.longOrNull(rs, "parent_lsn");
        r.parentTimestamp = Sql.instant(rs, "parent_timestamp");
        r.isDefault = rs.getInt("is_default") != 0;
        r.isProtected = rs.getInt("is_protected") != 0;
        r.firstRoot = rs.getInt("first_root") != 0;
        r.backup = rs.getInt("backup") != 0;
        r.deletionBlocked = rs.getInt("deletion_blocked") != 0;
        r.initSource = InitSource.fromWire(rs.getString("init_source"));
        r.currentState = BranchState.valueOf(rs.getString("current_state"));
        String pending = rs.getString("pending_state");
        r.pendingState = pending == null ? null : BranchState.valueOf(pending);
        r.stateChangedAt = Sql.instant(rs, "state_changed_at");
        r.creationSource = rs.getString("creation_source");
        r.createdBy = rs.getString("created_by");
        r.createdAt = Sql.instant(rs, "created_at");
        r.updatedAt = Sql.instant(rs, "updated_at");
        r.expiresAt = Sql.instant(rs, "expires_at");
        r.ttlIntervalSeconds = Sql.longOrNull(rs, "ttl_interval_seconds");
        r.lastResetAt = Sql.instant(rs, "last_reset_at");
        return r;
    }
}
