package dev.arbor.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** Neon's {@code Role}. The password is sent only in the answer to a create or a password reset. */
public record RoleDto(String branchId, String name, String password, @JsonProperty("protected") Boolean isProtected,
                      String authenticationMethod, Instant createdAt, Instant updatedAt) {
}
