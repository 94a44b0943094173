package dev.arbor.domain;

import java.util.regex.Pattern;

public record Column(String name, ColumnType type, boolean nullable) {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public Column {
        checkIdentifier("column", name);
        if (type == null) {
            throw ArborException.invalid("INVALID_COLUMN", "Column \"" + name + "\" needs a type.");
        }
    }

    public static Column of(String name, ColumnType type) {
        return new Column(name, type, true);
    }

    public static Column required(String name, ColumnType type) {
        return new Column(name, type, false);
    }

    /** Names of databases, roles, tables and columns: a letter or underscore, then letters, digits, underscores. */
    public static void checkIdentifier(String what, String name) {
        if (name == null || !IDENT.matcher(name).matches()) {
            throw ArborException.invalid("INVALID_IDENTIFIER", "\"" + name + "\" is not a valid " + what
                    + " name: use a letter or underscore, then letters, digits or underscores (63 at most).");
        }
    }
}
