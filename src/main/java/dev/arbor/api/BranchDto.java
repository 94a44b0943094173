package dev.arbor.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * Neon's {@code Branch} object (reference §3). Usage counters are always present (0 locally, but for
 * {@code active_time_seconds}: the seconds the branch's computes were active this calendar month, UTC; a reply without
 * it leaves the branch's active time unknown). Facts Neon
 * has no field for travel in {@link ArborBranch} under {@code arbor}, which Neon clients ignore; the one
 * that fits a Neon field, "this backup cannot be deleted", is also a {@code restricted_actions} entry.
 */
public record BranchDto(
        String id,
        String projectId,
        String parentId,
        String parentLsn,
        Instant parentTimestamp,
        String name,
        String currentState,
        String pendingState,
        Instant stateChangedAt,
        Long logicalSize,
        String creationSource,
        Boolean primary,
        @JsonProperty("default") boolean isDefault,
        @JsonProperty("protected") boolean isProtected,
        long cpuUsedSec,
        long computeTimeSeconds,
        Long activeTimeSeconds,
        long writtenDataBytes,
        long dataTransferBytes,
        Instant createdAt,
        Instant updatedAt,
        Long ttlIntervalSeconds,
        Instant expiresAt,
        Instant lastResetAt,
        CreatedBy createdBy,
        String initSource,
        String restoreStatus,
        String restoredFrom,
        String restoredAs,
        List<RestrictedAction> restrictedActions,
        ArborBranch arbor) {

    /** Who created the branch; Neon fills {@code name} and sometimes {@code image}. */
    public record CreatedBy(String name, String image) {
    }

    /** An action the server refuses for this branch and why, e.g. {@code {name:"delete", reason:"..."}}. */
    public record RestrictedAction(String name, String reason) {
    }

    /**
     * Arbor's additions: whether this is the first root (the project's original branch), a restore backup,
     * a backup that may not be deleted, and the branch's head (latest LSN and its commit time).
     */
    public record ArborBranch(Boolean firstRoot, Boolean backup, Boolean deletionBlocked, String headLsn,
                              Instant headTimestamp) {
    }
}
