package dev.arbor.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A branch as every backend reports it. Root branches have no {@code parentId}. {@code headLsn} and
 * {@code headTimestamp} are known to the embedded engine and null for backends that do not report them.
 *
 * @param backup           the branch keeps the state a restore replaced
 * @param deletionBlocked  the backup left by restoring a root from another branch, which the rules keep
 * @param logicalSize      bytes, or {@link #UNKNOWN_SIZE} when the backend did not report it
 * @param restrictedActions actions the server refuses for this branch, with why (Neon's {@code restricted_actions})
 * @param restoreStatus    Neon's {@code restore_status} ({@code restored}, {@code finalized}, {@code detaching}), or null
 * @param restoredFrom     the id of the snapshot this branch was restored from, or null
 * @param activeTimeSeconds seconds its computes were active in the current billing period (a calendar month, UTC),
 *                         summed over its endpoints (Neon's {@code active_time_seconds}), or {@link #UNKNOWN_ACTIVE_TIME}
 */
public record Branch(
        String id,
        String projectId,
        String name,
        String parentId,
        Lsn parentLsn,
        Instant parentTimestamp,
        boolean isDefault,
        boolean isProtected,
        BranchState currentState,
        BranchState pendingState,
        Instant stateChangedAt,
        long logicalSize,
        String creationSource,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        Long ttlIntervalSeconds,
        Instant lastResetAt,
        InitSource initSource,
        boolean firstRoot,
        boolean backup,
        boolean deletionBlocked,
        Lsn headLsn,
        Instant headTimestamp,
        List<RestrictedAction> restrictedActions,
        String restoreStatus,
        String restoredFrom,
        long activeTimeSeconds) {

    /** {@link #activeTimeSeconds} when the backend did not report it: shown as unknown, never as 0 h. */
    public static final long UNKNOWN_ACTIVE_TIME = -1;

    /** {@link #logicalSize} when the backend did not report it: shown as unknown, never as 0 B. */
    public static final long UNKNOWN_SIZE = -1;

    /**
     * An action the server refuses for this branch, with its sentence, as Neon reports it in
     * {@code restricted_actions} (names such as {@code restore} or {@code delete-rw-endpoint}).
     */
    public record RestrictedAction(String name, String reason) {
    }

    public Branch {
        restrictedActions = restrictedActions == null ? List.of() : List.copyOf(restrictedActions);
    }

    /** A branch without server-side restrictions or restore facts, and no compute time recorded. */
    public Branch(String id, String projectId, String name, String parentId, Lsn parentLsn, Instant parentTimestamp,
                  boolean isDefault, boolean isProtected, BranchState currentState, BranchState pendingState,
                  Instant stateChangedAt, long logicalSize, String creationSource, String createdBy, Instant createdAt,
                  Instant updatedAt, Instant expiresAt, Long ttlIntervalSeconds, Instant lastResetAt, InitSource initSource,
                  boolean firstRoot, boolean backup, boolean deletionBlocked, Lsn headLsn, Instant headTimestamp) {
        this(id, projectId, name, parentId, parentLsn, parentTimestamp, isDefault, isProtected, currentState, pendingState,
                stateChangedAt, logicalSize, creationSource, createdBy, createdAt, updatedAt, expiresAt, ttlIntervalSeconds,
                lastResetAt, initSource, firstRoot, backup, deletionBlocked, headLsn, headTimestamp, List.of(), null, null,
                0);
    }

    /** This branch with its computes' active time in the current billing period. */
    public Branch withActiveTimeSeconds(long seconds) {
        return new Branch(id, projectId, name, parentId, parentLsn, parentTimestamp, isDefault, isProtected, currentState,
                pendingState, stateChangedAt, logicalSize, creationSource, createdBy, createdAt, updatedAt, expiresAt,
                ttlIntervalSeconds, lastResetAt, initSource, firstRoot, backup, deletionBlocked, headLsn, headTimestamp,
                restrictedActions, restoreStatus, restoredFrom, seconds);
    }

    public boolean hasKnownActiveTime() {
        return activeTimeSeconds >= 0;
    }

    public boolean hasKnownSize() {
        return logicalSize >= 0;
    }

    /** The server's reason for refusing {@code action} on this branch, if it does. */
    public Optional<String> restriction(String action) {
        return restrictedActions.stream().filter(a -> action.equals(a.name())).map(RestrictedAction::reason).findFirst();
    }

    public boolean isRoot() {
        return parentId == null;
    }

    public boolean isSchemaOnly() {
        return initSource == InitSource.SCHEMA_ONLY;
    }

    public boolean isArchived() {
        return currentState == BranchState.ARCHIVED;
    }

    public boolean expires() {
        return expiresAt != null;
    }
}
