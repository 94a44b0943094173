package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.PointInTime;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A directory written at schema version 1, by the Arbor that kept rows in its own versioned store (no Postgres files,
 * rows in {@code commit_log}, {@code catalog} and {@code row_version}), opens with this Arbor, is migrated, and keeps
 * its project and branches. Its old rows are not carried into Postgres: each root gets a new, empty Postgres
 * database, and the old tables stay unread in the SQLite file.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(dev.arbor.testing.Parallel.POSTGRES_2)
class SchemaMigrationTest {
    @TempDir
    Path dir;

    @AfterEach
    void forgetSystemFiles() {
        DataPlane.forgetSystemFiles(dir);
    }

    @Test
    void aVersionOneDirectoryOfTheOldRowStoreOpensWithItsBranches() throws Exception {
        Fixture.reachable(dir);
        writeVersionOneDirectory();
        try (Fixture f = Fixture.postgres(dir)) {
            assertEquals("legacy", f.engine.project().name());
            Branch main = f.branch("main");
            Branch dev = f.branch("dev");
            assertTrue(main.isDefault() && main.isRoot());
            assertEquals(main.id(), dev.parentId(), "dev keeps its parent");
            assertEquals(List.of("main", "dev"), f.engine.branches().stream().map(Branch::name).toList());
            // main is a Postgres database now, empty: the old rows are not in it
            assertEquals(List.of(), f.engine.readPostgres("main", Fixture.DB, PointInTime.HEAD, r -> r.listTables()).stream()
                    .map(t -> t.schema().name()).toList());
            f.sql("main", "create table notes (id bigint primary key, body text)");
            f.sql("main", "insert into notes values (1, 'after the move')");
            f.tick();
            f.backend.createBranch(CreateBranchSpec.named("after-migration"));
            assertEquals(List.of("1"), PgProjects.column(f.engine, "main", "select id from notes"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Store.DB_FILE));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            assertTrue(rs.next());
            assertEquals(Integer.toString(Schema.currentVersion()), rs.getString(1));
        }
    }

    /** What the Arbor of schema version 1 wrote for a project with main, a table with one row, and dev made after it. */
    private void writeVersionOneDirectory() throws Exception {
        long t0 = 1_763_629_200_000L; // 2025-11-20T09:00:00Z
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Store.DB_FILE));
             Statement st = c.createStatement()) {
            for (String sql : Schema.MIGRATIONS.get(0)) {
                st.execute(sql);
            }
            st.execute("INSERT INTO meta VALUES ('schema_version', '1'), ('next_lsn', '256'), ('next_table_id', '2'),"
                    + " ('next_database_id', '2')");
            st.execute("INSERT INTO project VALUES ('legacy-project-00000001', 'legacy', 86400, 5000, 10, 3, " + t0 + ", " + t0 + ")");
            st.execute("INSERT INTO timeline VALUES (1, NULL, NULL, " + t0 + ", 0), (2, 1, 128, " + (t0 + 120_000) + ", 64)");
            st.execute("INSERT INTO commit_log VALUES (40, 1, " + t0 + ", 32), (128, 1, " + (t0 + 60_000) + ", 64)");
            st.execute("INSERT INTO catalog VALUES ('database', 'neondb', 40, 1, '{\"owner\":\"neondb_owner\"}'),"
                    + " ('role', 'neondb_owner', 40, 1, '{}'),"
                    + " ('table', 'neondb.items', 40, 1, '{\"id\":1,\"columns\":[{\"name\":\"id\",\"type\":\"BIGINT\"}],\"primaryKey\":[\"id\"]}')");
            st.execute("INSERT INTO row_version VALUES (1, '8000000000000001', 128, 1, '{\"id\":1}')");
            st.execute("INSERT INTO branch VALUES ('br-legacy-main-00000001', 'main', 1, NULL, NULL, NULL, 1, 0, 1, 0, 0,"
                    + " 'parent-data', 'READY', NULL, " + t0 + ", 'console', NULL, " + t0 + ", " + t0 + ", NULL, NULL, NULL),"
                    + " ('br-legacy-dev-00000002', 'dev', 2, 'br-legacy-main-00000001', 128, " + (t0 + 60_000) + ", 0, 0, 0, 0, 0,"
                    + " 'parent-data', 'READY', NULL, " + (t0 + 120_000) + ", 'console', NULL, " + (t0 + 120_000) + ", "
                    + (t0 + 120_000) + ", NULL, NULL, NULL)");
            st.execute("INSERT INTO endpoint VALUES ('ep-legacy-main-00000001', 'br-legacy-main-00000001', 'READ_WRITE', 'IDLE',"
                    + " NULL, 0.25, 1, 0, " + t0 + ", " + t0 + ", NULL, NULL, NULL)");
        }
    }
}
