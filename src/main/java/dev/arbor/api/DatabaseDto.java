package dev.arbor.api;

import java.time.Instant;

/** Neon's {@code Database}: a database on a branch, with its owner role. */
public record DatabaseDto(long id, String branchId, String name, String ownerName, Instant createdAt, Instant updatedAt) {
}
