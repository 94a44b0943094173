package dev.arbor.api;

/** Neon's {@code RoleCreateRequest}: {@code {"role": {"name": …, "no_login": …}}}. */
public record RoleCreateRequest(Role role) {
    public record Role(String name, Boolean noLogin) {
    }
}
