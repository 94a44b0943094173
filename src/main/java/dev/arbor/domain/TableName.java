package dev.arbor.domain;

/**
 * How Arbor names a table of a real database (the console, the API's {@code /schema}, the backend's calls): its name alone when it is in {@code public}, else
 * {@code schema.table}. A part that holds a dot or a double quote is written in double quotes with quotes doubled
 * (a table {@code a.b} in {@code public} is {@code "a.b"}, not table {@code b} of schema {@code a}), so every table has
 * one name and every name one table. Case and other characters are kept as they are ({@code Orders},
 * {@code café}): the name is for people to read, and {@link #sql()} quotes it for Postgres.
 */
public record TableName(String schema, String table) {
    public static final String DEFAULT_SCHEMA = "public";

    public TableName {
        if (schema == null || schema.isEmpty() || table == null || table.isEmpty()) {
            throw ArborException.invalid("INVALID_TABLE_NAME", "A table name needs a schema and a table.");
        }
    }

    /** The name as the console shows it and the backend's calls take it. */
    public String display() {
        String t = part(table);
        return schema.equals(DEFAULT_SCHEMA) ? t : part(schema) + "." + t;
    }

    /** The name as SQL: both parts quoted, so any name (even {@code a"; drop table x; --}) is read, not executed. */
    public String sql() {
        return quoteIdent(schema) + "." + quoteIdent(table);
    }

    /** A name {@link #display()} wrote; anything else is a sentence. */
    public static TableName parse(String name) {
        if (name == null || name.isEmpty()) {
            throw bad(name);
        }
        int[] at = {0};
        String first = readPart(name, at);
        if (at[0] == name.length()) {
            return new TableName(DEFAULT_SCHEMA, first);
        }
        if (name.charAt(at[0]) != '.') {
            throw bad(name);
        }
        at[0]++;
        String second = readPart(name, at);
        if (at[0] != name.length()) {
            throw bad(name);
        }
        return new TableName(first, second);
    }

    /** An identifier in double quotes, quotes inside doubled: Postgres's quoting for any name. */
    public static String quoteIdent(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String part(String p) {
        return p.indexOf('.') >= 0 || p.indexOf('"') >= 0 ? quoteIdent(p) : p;
    }

    private static String readPart(String name, int[] at) {
        int i = at[0];
        if (i >= name.length()) {
            throw bad(name);
        }
        StringBuilder sb = new StringBuilder();
        if (name.charAt(i) == '"') {
            i++;
            while (true) {
                if (i >= name.length()) {
                    throw bad(name);
                }
                char c = name.charAt(i);
                if (c == '"') {
                    if (i + 1 < name.length() && name.charAt(i + 1) == '"') {
                        sb.append('"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                sb.append(c);
                i++;
            }
        } else {
            while (i < name.length() && name.charAt(i) != '.') {
                if (name.charAt(i) == '"') {
                    throw bad(name);
                }
                sb.append(name.charAt(i++));
            }
        }
        if (sb.isEmpty()) {
            throw bad(name);
        }
        at[0] = i;
        return sb.toString();
    }

    private static ArborException bad(String name) {
        return ArborException.invalid("INVALID_TABLE_NAME", "\"" + name + "\" is not a table name: write table or "
                + "schema.table, with a part that holds a dot or a double quote in double quotes (\"\" for a quote).");
    }
}
