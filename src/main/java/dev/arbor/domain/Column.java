package dev.arbor.domain;

import java.util.regex.Pattern;

/**
 * A column: its name, the nearest of the domain's {@link ColumnType}s (how its values are normalized and compared)
 * and {@code sqlType}, the type as the database names it ({@code varchar(20)}, {@code jsonb}, {@code int4[]}), which
 * the schema views show. A column the embedded store defines has the SQL name of its {@code ColumnType}.
 * <p>
 * A column read from a real database may have any name Postgres allows (mixed case, spaces, quotes, non-ASCII);
 * what a user may type into the embedded store is narrower, and {@link #checkIdentifier} says so where they type it.
 */
public record Column(String name, ColumnType type, boolean nullable, String sqlType) {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public Column {
        if (name == null || name.isEmpty()) {
            throw ArborException.invalid("INVALID_COLUMN", "A column needs a name.");
        }
        if (type == null) {
            throw ArborException.invalid("INVALID_COLUMN", "Column \"" + name + "\" needs a type.");
        }
        if (sqlType == null || sqlType.isBlank()) {
            sqlType = type.sqlName();
        }
    }

    public Column(String name, ColumnType type, boolean nullable) {
        this(name, type, nullable, null);
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
