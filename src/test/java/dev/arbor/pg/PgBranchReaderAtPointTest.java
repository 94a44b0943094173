package dev.arbor.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Database;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.RowPage;
import dev.arbor.domain.TableInfo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same reads on a paused Time Travel server (a hot standby), where Postgres refuses every write. */
class PgBranchReaderAtPointTest {
    private static Path root;
    private static PostgresServer main;
    private static PgStorage.Paused paused;
    private static String schemaThen;

    @BeforeAll
    static void aPointBeforeAMigration() throws Exception {
        root = PgTestSupport.scratch("arbor-pg-read-point");
        PgStorage storage = PgStorage.open(PgTestSupport.binaries(), PgTestSupport.account(), root.resolve("project"));
        main = storage.createRoot(root.resolve("main"));
        storage.baseBackups().copyShutDown(main);
        main.start(0);
        Lsn before;
        try (Connection c = main.connectAsOwner(); Statement s = c.createStatement()) {
            s.execute("create table items (id int primary key, name text); create table log (line text)");
            s.execute("insert into items values (1, 'apple'), (2, 'pear'), (3, 'plum'); insert into log values ('a')");
            storage.baseBackups().takeOnline(main);
            schemaThen = new PgBranchReader(c, "neondb").schemaSql();
            try (ResultSet rs = s.executeQuery("select pg_current_wal_lsn()::text")) {
                rs.next();
                before = Lsn.parse(rs.getString(1));
            }
            s.execute("alter table items add column price int; delete from items where id > 1; drop table log");
        }
        main.archiveWal();
        paused = storage.pause(1, new RecoveryTarget.AtLsn(before), root.resolve("view"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (paused != null) {
            paused.server().stop();
        }
        if (main != null) {
            main.stop();
        }
        PgTestSupport.delete(root);
    }

    @Test
    void aPausedServerShowsTheTablesRowsAndSchemaOfItsPoint() throws Exception {
        try (Connection c = paused.server().connectAsOwner()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_is_in_recovery()")) {
                rs.next();
                assertTrue(rs.getBoolean(1), "a hot standby");
            }
            PgBranchReader reader = new PgBranchReader(c, "neondb");
            List<TableInfo> tables = reader.listTables();
            assertEquals(List.of("items", "log"), tables.stream().map(t -> t.schema().name()).toList());
            assertEquals(3, tables.get(0).rowCount());
            assertEquals(List.of("id", "name"), tables.get(0).schema().columns().stream().map(col -> col.name()).toList());
            RowPage page = reader.readRows("items", 1, 5);
            assertEquals(List.of("pear", "plum"), page.rows().stream().map(r -> r.get("name")).toList());
            assertEquals(3, page.total());
            assertEquals(List.of(), reader.readRows("log", 0, 5).schema().primaryKey());
            assertEquals(schemaThen, reader.schemaSql(), "the schema as it was at the point");
        }
        try (Connection admin = paused.server().connectAsSuperuser("postgres")) {
            Instant since = Instant.parse("2026-01-01T00:00:00Z");
            assertEquals(List.of("neondb"), PgBranchReader.listDatabases(admin, "br-1", since).stream()
                    .map(Database::name).toList());
            assertEquals(List.of("neondb_owner"), PgBranchReader.listRoles(admin, "br-1", since).stream()
                    .map(r -> r.name()).toList());
        }
    }
}
