package dev.arbor.domain;

/** How a branch began: with its parent's schema and data, or (a new root) with the schema only. */
public enum InitSource {
    PARENT_DATA("parent-data"), SCHEMA_ONLY("schema-only");

    private final String wire;

    InitSource(String wire) {
        this.wire = wire;
    }

    public String wireName() {
        return wire;
    }

    public static InitSource fromWire(String s) {
        if (s == null || s.isBlank()) {
            return PARENT_DATA;
        }
        for (InitSource v : values()) {
            if (v.wire.equalsIgnoreCase(s)) {
                return v;
            }
        }
        throw ArborException.invalid("INVALID_INIT_SOURCE",
                "\"" + s + "\" is not a branch init source; use parent-data or schema-only.");
    }
}
