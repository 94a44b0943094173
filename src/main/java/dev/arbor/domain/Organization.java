package dev.arbor.domain;

/**
 * A Neon organization the API key's owner belongs to. A personal API key must name one to list its projects
 * ({@code org_id}); {@code handle} is the short name in Neon Console URLs.
 */
public record Organization(String id, String name, String handle) {

    /** The name people know, with the handle when the name alone could be ambiguous. */
    public String label() {
        return handle == null || handle.isBlank() || handle.equals(name) ? name : name + " (" + handle + ")";
    }
}
