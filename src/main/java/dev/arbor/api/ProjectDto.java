package dev.arbor.api;

import java.time.Instant;

/**
 * Neon's {@code Project} with every required field. Usage counters are 0 locally; the plan limits Arbor
 * enforces, which Neon reports elsewhere, travel in {@link ArborProject} under {@code arbor}.
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
        ArborProject arbor) {

    /** Arbor's plan limits: branches, root branches and protected branches per project. */
    public record ArborProject(Integer maxBranches, Integer maxRootBranches, Integer maxProtectedBranches) {
    }
}
