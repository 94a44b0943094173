package dev.arbor.domain;

import java.time.Instant;

/**
 * A branch as every backend reports it. Root branches have no {@code parentId}. {@code headLsn} and
 * {@code headTimestamp} are known to the embedded engine and null for backends that do not report them.
 *
 * @param backup           the branch keeps the state a restore replaced
 * @param deletionBlocked  the backup left by restoring a root from another branch, which the rules keep
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
        Instant headTimestamp) {

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
