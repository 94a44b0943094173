package dev.arbor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a real database's table looks like in the domain: any name, any type, with or without a key. */
class TableSchemaTest {
    @Test
    void aTableWithoutAKeyOrPlainNamesIsRepresentable() {
        TableSchema t = new TableSchema("neondb", "sales.\"Event Log\"", List.of(
                new Column("Größe", ColumnType.TEXT, true, "jsonb"), new Column("at", ColumnType.TIMESTAMPTZ, false,
                        "timestamp without time zone")), List.of());
        assertFalse(t.hasPrimaryKey());
        assertEquals("jsonb", t.column("Größe").sqlType());
        assertEquals(List.of(), new TableSchema("neondb", "nothing", List.of(), List.of()).columns());
    }

    @Test
    void aColumnsSqlTypeIsItsDomainTypesUnlessTheDatabaseNamesAnother() {
        assertEquals("bigint", Column.required("id", ColumnType.BIGINT).sqlType());
        assertEquals(new Column("id", ColumnType.BIGINT, false), new Column("id", ColumnType.BIGINT, false, "bigint"));
        assertEquals("numeric(10,2)", new Column("n", ColumnType.NUMERIC, true, "numeric(10,2)").sqlType());
    }

    @Test
    void theSchemaViewsShowRealTypesAndNoKeyLineWithoutAKey() {
        TableSchema keyless = new TableSchema("neondb", "log", List.of(new Column("line", ColumnType.TEXT, true, "varchar(80)"),
                new Column("at", ColumnType.TIMESTAMPTZ, false)), List.of());
        assertEquals("""
                CREATE TABLE public.log (
                    line varchar(80),
                    at timestamptz NOT NULL
                );
                """, keyless.toSql());
        TableSchema keyed = new TableSchema("neondb", "items", List.of(Column.required("id", ColumnType.BIGINT),
                Column.of("label", ColumnType.TEXT)), List.of("id"));
        assertEquals("""
                CREATE TABLE public.items (
                    id bigint NOT NULL,
                    label text,
                    PRIMARY KEY (id)
                );
                """, keyed.toSql(), "as before for the embedded store's tables");
    }
}
