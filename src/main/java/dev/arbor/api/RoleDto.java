package dev.arbor.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** Neon's {@code Role}. The password is never sent by this server. */
public record RoleDto(String branchId, String name, String password, @JsonProperty("protected") Boolean isProtected,
                      String authenticationMethod, Instant createdAt, Instant updatedAt) {
}
