package dev.arbor.domain;

import java.time.Instant;

public record Role(String branchId, String name, boolean isProtected, Instant createdAt, Instant updatedAt) {
}
