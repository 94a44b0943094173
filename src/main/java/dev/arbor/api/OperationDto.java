package dev.arbor.api;

import java.time.Instant;

/** Neon's {@code Operation} (reference §4). {@code action} and {@code status} are wire names; clients accept unknown ones. */
public record OperationDto(
        String id,
        String projectId,
        String branchId,
        String endpointId,
        String action,
        String status,
        String error,
        int failuresCount,
        Instant retryAt,
        Instant createdAt,
        Instant updatedAt,
        long totalDurationMs) {
}
