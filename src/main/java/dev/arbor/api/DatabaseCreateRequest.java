package dev.arbor.api;

/** Neon's {@code DatabaseCreateRequest}: {@code {"database": {"name": …, "owner_name": …}}}. */
public record DatabaseCreateRequest(Database database) {
    public record Database(String name, String ownerName) {
    }
}
