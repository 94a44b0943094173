package dev.arbor.api;

import java.time.Instant;

/**
 * Neon's {@code Project} with every required field. Usage counters are 0 locally; the plan limits Arbor
 * enforces travel in {@link ArborProject} under {@code arbor}. Neon reports its own branch limit in
 * {@code owner.branches_limit} and the organization in {@code org_id}; a local server sends neither.
 */
public record ProjectDto(
        String id,
        String platformId,
        String regionId,
        String name,
        String provisioner,
        Integer pgVersion,
        String proxyHost,
        long branchLogicalSizeLimit,
        long branchLogicalSizeLimitBytes,
        boolean storePasswords,
        String creationSource,
        long historyRetentionSeconds,
        Instant createdAt,
        Instant updatedAt,
        Instant consumptionPeriodStart,
        Instant consumptionPeriodEnd,
        long activeTimeSeconds,
        long computeTimeSeconds,
        long writtenDataBytes,
        long dataTransferBytes,
        long dataStorageBytesHour,
        long cpuUsedSec,
        String ownerId,
        String orgId,
        Owner owner,
        ArborProject arbor) {

    /**
     * Neon's {@code ProjectOwnerData}: the account's plan, with {@code branches_limit}, the most branches a
     * project may have. Neon marks {@code email} and {@code name} sensitive: never log them.
     */
    public record Owner(String email, String name, Integer branchesLimit, String subscriptionType) {
    }

    /** Arbor's plan limits: branches, root branches and protected branches per project. */
    public record ArborProject(Integer maxBranches, Integer maxRootBranches, Integer maxProtectedBranches) {
    }
}
