package dev.arbor.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Column;
import dev.arbor.domain.ColumnType;
import dev.arbor.domain.Database;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Role;
import dev.arbor.domain.RowPage;
import dev.arbor.domain.TableInfo;
import dev.arbor.domain.TableName;
import dev.arbor.domain.TableSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real database read the way the console reads a branch: tables, pages of rows, the schema as SQL. */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_2)
class PgBranchReaderTest {
    private static final String HOSTILE = "a\"; drop table x; --";
    private static Path root;
    private static PostgresServer server;
    private static Connection owner;
    private static PgBranchReader reader;

    @BeforeAll
    static void aDatabaseWithEveryKindOfTable() throws Exception {
        root = PgTestSupport.scratch("arbor-pg-read");
        server = PostgresServer.open(PgTestSupport.binaries(), PgTestSupport.account(), root.resolve("server"),
                root.resolve("archive"));
        server.start(0);
        owner = server.connectAsOwner();
        execute(owner, """
                create schema sales;
                create type mood as enum ('happy', 'it''s fine', 'sad');
                create table customers (id bigserial primary key, name text not null, mood mood default 'happy');
                create table sales.orders (
                    id integer generated always as identity primary key,
                    customer_id bigint not null references customers(id),
                    total numeric(10,2) check (total >= 0),
                    placed_at timestamptz not null default now());
                create table "Mixed Case" ("Id" int primary key, "Größe" text);
                create table café (naïve text primary key);
                create table "a.b" (x int);
                create table events (at timestamp, kind text, payload jsonb);
                create table kinds (
                    k1 smallint primary key, k2 integer, k3 bigint, k4 oid, b boolean, n numeric, r real,
                    d double precision, ts timestamp, tz timestamptz, t text, v varchar(20), ch char(3), by bytea,
                    j json, jb jsonb, u uuid, dt date, tm time, iv interval, arr int[], ip inet, pt point, m mood);
                insert into customers(name) values ('Ada'), ('Grace'), ('Linus');
                insert into sales.orders(customer_id, total, placed_at) values (1, 12.50, '2026-01-02T03:04:05.123456Z'),
                    (2, 0, '2026-02-03T00:00:00Z');
                insert into "Mixed Case" values (2, 'zwei'), (1, 'eins');
                insert into café values ('ünïcödé');
                insert into "a.b" values (1);
                insert into events values ('2026-01-01 10:00', 'open', '{"x": 1}'), ('2026-01-01 09:00', 'shut', null),
                    (null, null, null);
                insert into kinds values (1, 2, 3, 4, true, 1.50, 2.5, 3.25, '2026-05-06 07:08:09', '2026-05-06T07:08:09+02:00',
                    'text', 'varchar', 'abc', '\\x00ff', '{"a":1}', '{"b": 2}', '00000000-0000-0000-0000-000000000001',
                    '2026-05-06', '07:08:09', '1 day', '{1,2}', '10.0.0.1', '(1,2)', 'sad');
                insert into kinds(k1) values (2);
                create table blobs (id int primary key, data bytea, body text);
                insert into blobs values (1, convert_to(repeat('x', 5000000), 'UTF8'), repeat('é', 200000)),
                    (2, null, repeat('😀', 1000)), (3, null, repeat('😀', 1001));
                create table metrics (day date not null, v int) partition by range (day);
                create table metrics_2025 partition of metrics for values from ('2025-01-01') to ('2026-01-01');
                create table metrics_2026 partition of metrics for values from ('2026-01-01') to ('2027-01-01');
                insert into metrics values ('2026-03-01', 3), ('2025-03-01', 1), ('2026-01-01', 2);
                insert into kinds(k1, n, tz, ts, d) values (3, 'NaN', 'infinity', '-infinity', 'NaN');
                """);
        try (Statement s = owner.createStatement()) {
            s.execute("create table " + TableName.quoteIdent(HOSTILE) + " (id int primary key)");
            s.execute("create table x (id int)");
            s.execute("insert into " + TableName.quoteIdent(HOSTILE) + " values (7)");
        }
        reader = new PgBranchReader(owner, "neondb");
    }

    @AfterAll
    static void stop() throws Exception {
        if (owner != null) {
            owner.close();
        }
        if (server != null) {
            server.stop();
        }
        PgTestSupport.delete(root);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Map<String, TableInfo> tables() {
        return reader.listTables().stream().collect(Collectors.toMap(t -> t.schema().name(), Function.identity()));
    }

    @Test
    void everyUserTableIsListedByItsNameWithColumnsKeyAndExactCount() {
        List<String> names = reader.listTables().stream().map(t -> t.schema().name()).toList();
        assertEquals(List.of("Mixed Case", "\"a\"\"; drop table x; --\"", "\"a.b\"", "blobs", "café", "customers",
                "events", "kinds", "metrics", "metrics_2025", "metrics_2026", "x", "sales.orders"), names, "by schema, then name (in byte order); public tables by "
                + "name alone; a name with a dot or a quote in quotes");
        Map<String, TableInfo> t = tables();
        TableSchema orders = t.get("sales.orders").schema();
        assertEquals("neondb", orders.database());
        assertEquals(List.of("id"), orders.primaryKey());
        assertEquals(List.of(new Column("id", ColumnType.BIGINT, false, "integer"),
                new Column("customer_id", ColumnType.BIGINT, false, "bigint"),
                new Column("total", ColumnType.NUMERIC, true, "numeric(10,2)"),
                new Column("placed_at", ColumnType.TIMESTAMPTZ, false, "timestamp with time zone")), orders.columns());
        assertEquals(2, t.get("sales.orders").rowCount());
        assertEquals(3, t.get("customers").rowCount());
        assertEquals(List.of("Id"), t.get("Mixed Case").schema().primaryKey());
        assertEquals(List.of("Id", "Größe"), t.get("Mixed Case").schema().columns().stream().map(Column::name).toList());
        assertEquals(List.of(), t.get("events").schema().primaryKey(), "a table without a primary key has an empty one");
        assertEquals(3, t.get("events").rowCount());
        assertTrue(t.get("customers").sizeBytes() > 0, "size on disk with indexes");
    }

    @Test
    void typesMapToTheNearestDomainTypeAndKeepTheirRealName() {
        Map<String, Column> k = tables().get("kinds").schema().columns().stream()
                .collect(Collectors.toMap(Column::name, Function.identity()));
        Map<String, ColumnType> expected = Map.ofEntries(Map.entry("k1", ColumnType.BIGINT), Map.entry("k2", ColumnType.BIGINT),
                Map.entry("k3", ColumnType.BIGINT), Map.entry("k4", ColumnType.BIGINT), Map.entry("b", ColumnType.BOOLEAN),
                Map.entry("n", ColumnType.NUMERIC), Map.entry("r", ColumnType.DOUBLE), Map.entry("d", ColumnType.DOUBLE),
                Map.entry("ts", ColumnType.TIMESTAMPTZ), Map.entry("tz", ColumnType.TIMESTAMPTZ),
                Map.entry("j", ColumnType.TEXT), Map.entry("by", ColumnType.TEXT), Map.entry("arr", ColumnType.TEXT),
                Map.entry("m", ColumnType.TEXT), Map.entry("v", ColumnType.TEXT));
        expected.forEach((name, type) -> assertEquals(type, k.get(name).type(), name));
        assertEquals("character varying(20)", k.get("v").sqlType());
        assertEquals("integer[]", k.get("arr").sqlType());
        assertEquals("public.mood", k.get("m").sqlType(), "a type of the user's is named with its schema");
        assertEquals("smallint", k.get("k1").sqlType());
        assertFalse(k.get("k1").nullable());
        assertTrue(k.get("t").nullable());
    }

    @Test
    void rowsComeInTheDomainsNormalFormsAndOtherTypesAsText() {
        List<Map<String, Object>> rows = reader.readRows("kinds", 0, 10).rows();
        Map<String, Object> full = rows.get(0);
        assertEquals(1L, full.get("k1"));
        assertEquals(2L, full.get("k2"));
        assertEquals(3L, full.get("k3"));
        assertEquals(4L, full.get("k4"));
        assertEquals(true, full.get("b"));
        assertEquals("1.50", full.get("n"));
        assertEquals(2.5, full.get("r"));
        assertEquals(3.25, full.get("d"));
        assertEquals("2026-05-06T07:08:09Z", full.get("ts"), "a timestamp without a zone is read as UTC");
        assertEquals("2026-05-06T05:08:09Z", full.get("tz"));
        assertEquals("text", full.get("t"));
        assertEquals("abc", full.get("ch"));
        assertEquals("\\x00ff", full.get("by"));
        assertEquals("{\"a\":1}", full.get("j"));
        assertEquals("{\"b\": 2}", full.get("jb"));
        assertEquals("00000000-0000-0000-0000-000000000001", full.get("u"));
        assertEquals("2026-05-06", full.get("dt"));
        assertEquals("1 day", full.get("iv"));
        assertEquals("{1,2}", full.get("arr"));
        assertEquals("(1,2)", full.get("pt"));
        assertEquals("sad", full.get("m"));

        Map<String, Object> empty = rows.get(1);
        assertEquals(2L, empty.get("k1"));
        empty.forEach((column, value) -> {
            if (!column.equals("k1")) {
                assertNull(value, column + " is NULL");
            }
        });
        assertTrue(empty.containsKey("by"), "a NULL is a key with no value, not a missing column");

        Map<String, Object> odd = rows.get(2);
        assertEquals("NaN", odd.get("n"));
        assertTrue(Double.isNaN((Double) odd.get("d")));
        assertEquals("infinity", odd.get("tz"));
        assertEquals("-infinity", odd.get("ts"));
    }

    @Test
    void aHugeValueIsCutToACellAndSaysSo() {
        Map<String, Object> row = reader.readRows("blobs", 0, 1).rows().get(0);
        String data = (String) row.get("data");
        assertEquals("\\x" + "78".repeat(PgTables.CELL_BYTES) + "… (5000000 bytes)", data);
        String body = (String) row.get("body");
        assertEquals("é".repeat(PgTables.CELL_CHARS) + "…", body);
        List<Map<String, Object>> emoji = reader.readRows("blobs", 1, 2).rows();
        assertEquals("😀".repeat(PgTables.CELL_CHARS), emoji.get(0).get("body"), "a character is a character, not half one");
        assertEquals("😀".repeat(PgTables.CELL_CHARS) + "…", emoji.get(1).get("body"));
    }

    @Test
    void aHostileTableNameIsReadNotExecuted() {
        String name = tables().keySet().stream().filter(n -> n.contains("drop")).findFirst().orElseThrow();
        RowPage page = reader.readRows(name, 0, 10);
        assertEquals(List.of(Map.of("id", 7L)), page.rows());
        assertTrue(tables().containsKey("x"), "table x is still there");
    }

    @Test
    void mixedCaseNonAsciiAndOtherSchemasAreReadInKeyOrder() {
        RowPage mixed = reader.readRows("Mixed Case", 0, 10);
        assertEquals(List.of(1L, 2L), mixed.rows().stream().map(r -> r.get("Id")).toList());
        assertEquals("ünïcödé", reader.readRows("café", 0, 1).rows().get(0).get("naïve"));
        RowPage orders = reader.readRows("sales.orders", 0, 10);
        assertEquals("12.50", orders.rows().get(0).get("total"));
        assertEquals("2026-01-02T03:04:05.123456Z", orders.rows().get(0).get("placed_at"));
        assertEquals(1L, reader.readRows("\"a.b\"", 0, 1).rows().get(0).get("x"));
    }

    @Test
    void aTableWithoutAKeyPagesInOneStableOrder() {
        List<Map<String, Object>> all = reader.readRows("events", 0, 10).rows();
        assertEquals(3, all.size());
        List<Map<String, Object>> paged = new java.util.ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            RowPage p = reader.readRows("events", offset, 1);
            assertEquals(3, p.total());
            paged.addAll(p.rows());
        }
        assertEquals(all, paged, "page by page gives every row once, in the same order");
        assertEquals("open", all.get(0).get("kind"), "physical order: as inserted");
    }

    @Test
    void pagingBeyondTheEndGivesNoRowsAndTheTotal() {
        RowPage p = reader.readRows("customers", 10, 5);
        assertEquals(List.of(), p.rows());
        assertEquals(3, p.total());
        assertEquals(10, p.offset());
        RowPage middle = reader.readRows("customers", 1, 1);
        assertEquals(List.of("Grace"), middle.rows().stream().map(r -> r.get("name")).toList());
    }

    @Test
    void badPagesAndUnknownTablesAreSentences() {
        ArborException page = assertThrows(ArborException.class, () -> reader.readRows("customers", -1, 5));
        assertEquals("INVALID_PAGE", page.reason());
        ArborException missing = assertThrows(ArborException.class, () -> reader.readRows("sales.nothing", 0, 5));
        assertEquals(ErrorCode.NOT_FOUND, missing.code());
        assertEquals("No table named or with id \"neondb.sales.nothing\" exists in this project.", missing.getMessage());
        ArborException malformed = assertThrows(ArborException.class, () -> reader.readRows("a.b.c", 0, 5));
        assertEquals("INVALID_TABLE_NAME", malformed.reason());
    }

    @Test
    void theConnectionIsLeftAsItWasFound() throws Exception {
        owner.setAutoCommit(true);
        reader.listTables();
        assertTrue(owner.getAutoCommit());
        assertFalse(owner.isReadOnly());
        execute(owner, "create table scratch (id int); drop table scratch");
    }

    @Test
    void anEmptyDatabaseHasNoTablesAndNoSchema() throws Exception {
        try (Connection admin = server.connectAsSuperuser("postgres")) {
            execute(admin, "create database empty owner neondb_owner");
        }
        try (Connection c = server.connect(PostgresServer.OWNER, server.ownerPassword(), "empty")) {
            PgBranchReader empty = new PgBranchReader(c, "empty");
            assertEquals(List.of(), empty.listTables());
            assertEquals("", empty.schemaSql());
        } finally {
            try (Connection admin = server.connectAsSuperuser("postgres")) {
                execute(admin, "drop database empty");
            }
        }
    }

    @Test
    void databasesAndRolesAreTheUsersNotPostgresOwn() throws Exception {
        Instant since = Instant.parse("2026-01-01T00:00:00Z");
        try (Connection admin = server.connectAsSuperuser("postgres")) {
            execute(admin, "create role app login password 'npg_notlogged'; create role readers nologin");
            List<Database> dbs = PgBranchReader.listDatabases(admin, "br-1", since);
            assertEquals(List.of("neondb"), dbs.stream().map(Database::name).toList());
            assertEquals("neondb_owner", dbs.get(0).ownerName());
            assertEquals("br-1", dbs.get(0).branchId());
            assertEquals(Long.parseLong(one(admin, "select oid from pg_database where datname = 'neondb'")), dbs.get(0).id());
            List<Role> roles = PgBranchReader.listRoles(admin, "br-1", since);
            assertEquals(List.of("app", "neondb_owner"), roles.stream().map(Role::name).toList());
            execute(admin, "drop role app; drop role readers");
        }
    }

    @Test
    void aPartitionedTableCountsAndSizesItsPartitions() {
        Map<String, TableInfo> t = tables();
        assertEquals(3, t.get("metrics").rowCount());
        assertEquals(t.get("metrics_2025").sizeBytes() + t.get("metrics_2026").sizeBytes(), t.get("metrics").sizeBytes());
        assertEquals(1, t.get("metrics_2025").rowCount());
        RowPage all = reader.readRows("metrics", 0, 10);
        assertEquals(3, all.rows().size());
        assertEquals(java.util.Set.of(1L, 2L, 3L), all.rows().stream().map(r -> r.get("v")).collect(Collectors.toSet()));
    }

    @Test
    void aTableLockedByAnotherTransactionIsASentenceNotAHang() throws Exception {
        try (Connection migration = server.connectAsOwner()) {
            migration.setAutoCommit(false);
            execute(migration, "lock table customers in access exclusive mode");
            long t0 = System.nanoTime();
            ArborException e = assertThrows(ArborException.class, () -> reader.readRows("customers", 0, 5));
            assertEquals("POSTGRES_TABLE_LOCKED", e.reason());
            assertEquals("Postgres could not read the rows of \"customers\": another transaction (a migration, perhaps) "
                    + "holds a lock on it. Try again when it has finished.", e.getMessage());
            assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "it gave up after the lock timeout");
            migration.rollback();
        }
        assertEquals(3, reader.readRows("customers", 0, 5).total(), "and reads once the lock is gone");
    }

    @Test
    void aConnectionInTheCallersTransactionIsRefusedAndItsTransactionKept() throws Exception {
        try (Connection c = server.connectAsOwner()) {
            c.setAutoCommit(false);
            execute(c, "create table pending (id int)");
            assertThrows(IllegalStateException.class, () -> new PgBranchReader(c, "neondb").listTables());
            assertEquals("0", one(c, "select count(*) from pending"), "the caller's transaction is still open");
            c.rollback();
        }
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }
}
