package dev.arbor.api;

import java.time.Instant;

/**
 * Neon's {@code Organization} as {@code GET /users/me/organizations} lists it. Only what a person needs to
 * recognise their organization is read; the rest of Neon's fields are ignored.
 */
public record OrganizationDto(String id, String name, String handle, String plan, Instant createdAt, Instant updatedAt) {
}
