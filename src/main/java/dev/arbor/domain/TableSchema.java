package dev.arbor.domain;

import java.util.List;

/**
 * A table's shape at some point: its columns and its primary key (the columns that identify a row, in key order).
 * <p>
 * A table read from a real database may have any name Postgres allows (one in another schema than {@code public}
 * is named {@code schema.table}), no columns, or no primary key (an empty list: rows then have no identity but
 * their whole content).
 */
public record TableSchema(String database, String name, List<Column> columns, List<String> primaryKey) {
    public TableSchema {
        if (name == null || name.isEmpty()) {
            throw ArborException.invalid("INVALID_TABLE", "A table needs a name.");
        }
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        for (String k : primaryKey) {
            if (columns.stream().noneMatch(c -> c.name().equals(k))) {
                throw ArborException.invalid("INVALID_TABLE", "Primary key column \"" + k + "\" is not a column of \"" + name + "\".");
            }
        }
        if (columns.stream().map(Column::name).distinct().count() != columns.size()) {
            throw ArborException.invalid("INVALID_TABLE", "Table \"" + name + "\" names a column twice.");
        }
    }

    public Column column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst()
                .orElseThrow(() -> ArborException.invalid("UNKNOWN_COLUMN",
                        "Table \"" + name + "\" has no column \"" + columnName + "\"."));
    }

    /** Whether rows have a key; without one, a row is identified by its whole content. */
    public boolean hasPrimaryKey() {
        return !primaryKey.isEmpty();
    }

    /** SQL DDL for this table, as the schema views show it (the embedded store's tables, all in {@code public}). */
    public String toSql() {
        StringBuilder sb = new StringBuilder("CREATE TABLE public.").append(name).append(" (\n");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            sb.append("    ").append(c.name()).append(' ').append(c.sqlType());
            if (!c.nullable() || primaryKey.contains(c.name())) {
                sb.append(" NOT NULL");
            }
            if (i < columns.size() - 1 || hasPrimaryKey()) {
                sb.append(',');
            }
            sb.append('\n');
        }
        if (hasPrimaryKey()) {
            sb.append("    PRIMARY KEY (").append(String.join(", ", primaryKey)).append(")\n");
        }
        return sb.append(");\n").toString();
    }
}
