package dev.arbor.domain;

import java.util.List;

/** A table's shape at some point: typed columns and a primary key of one or more of them. */
public record TableSchema(String database, String name, List<Column> columns, List<String> primaryKey) {
    public TableSchema {
        Column.checkIdentifier("table", name);
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        if (columns.isEmpty()) {
            throw ArborException.invalid("INVALID_TABLE", "Table \"" + name + "\" needs at least one column.");
        }
        if (primaryKey.isEmpty()) {
            throw ArborException.invalid("INVALID_TABLE", "Table \"" + name + "\" needs a primary key.");
        }
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

    /** SQL DDL for this table, as the schema views show it. */
    public String toSql() {
        StringBuilder sb = new StringBuilder("CREATE TABLE public.").append(name).append(" (\n");
        for (Column c : columns) {
            sb.append("    ").append(c.name()).append(' ').append(c.type().sqlName());
            if (!c.nullable() || primaryKey.contains(c.name())) {
                sb.append(" NOT NULL");
            }
            sb.append(",\n");
        }
        sb.append("    PRIMARY KEY (").append(String.join(", ", primaryKey)).append(")\n);\n");
        return sb.toString();
    }
}
