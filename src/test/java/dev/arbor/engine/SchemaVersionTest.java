package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.PointInTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meta.schema_version} is written, read and respected: older directories migrate, newer ones are refused; the
 * projects are on real Postgres.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_1)
class SchemaVersionTest {
    private static final EngineOptions OPTIONS = OpenProbe.OPTIONS;

    @TempDir
    Path dir;

    @BeforeEach
    void reachable() throws Exception {
        // as root, Postgres runs as nobody, which must reach the data directory
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs {@code statement} on main's database through its connection string. */
    private static void sql(EmbeddedEngine engine, String statement) throws SQLException {
        var main = engine.connectionDetails("main", null, null);
        try (Connection c = DriverManager.getConnection(main.jdbcUrl(), main.jdbcProperties(null));
             Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    @Test
    void schemaVersionIsRecordedInMeta() throws Exception {
        EmbeddedEngine.open(dir, OPTIONS).close();
        assertTrue(Files.exists(db()));
        assertEquals(Integer.toString(Schema.currentVersion()), schemaVersion(), "meta.schema_version");
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            assertTrue(rs.next());
            assertEquals("wal", rs.getString(1), "the database is in WAL mode");
        }
        // reopening a current directory changes nothing
        EmbeddedEngine.open(dir, OPTIONS).close();
        assertEquals(Integer.toString(Schema.currentVersion()), schemaVersion());
    }

    @Test
    void directoryFromANewerArborIsRefused() throws Exception {
        String projectId;
        try (EmbeddedEngine e = EmbeddedEngine.open(dir, OPTIONS)) {
            projectId = e.project().id();
        }
        int newer = Schema.currentVersion() + 1;
        setSchemaVersion(Integer.toString(newer));

        ArborException e = assertThrows(ArborException.class, () -> EmbeddedEngine.open(dir, OPTIONS));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals("DATA_DIR_TOO_NEW", e.reason());
        String m = e.getMessage();
        assertTrue(m.contains("newer Arbor"), m);
        assertTrue(m.contains("schema version " + newer), "the message states the directory's version: " + m);
        assertTrue(m.contains(Integer.toString(Schema.currentVersion())), "and the version this Arbor knows: " + m);
        assertTrue(m.contains("Upgrade Arbor"), "and what to do: " + m);
        assertTrue(Character.isUpperCase(m.charAt(0)) && m.strip().endsWith("."), "a sentence: " + m);

        assertEquals(Integer.toString(newer), schemaVersion(), "the refused directory is left as it was");
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM project")) {
            assertTrue(rs.next());
            assertEquals(projectId, rs.getString(1));
        }
    }

    /**
     * Refusing a too-new directory must let go of it: the lock and the database connection are released, so
     * once the directory is fixed (or a newer Arbor has been run and exited) it opens again in the same process.
     */
    @Test
    void refusingATooNewDirectoryReleasesIt() throws Exception {
        EmbeddedEngine.open(dir, OPTIONS).close();
        setSchemaVersion(Integer.toString(Schema.currentVersion() + 1));
        ArborException refused = assertThrows(ArborException.class, () -> EmbeddedEngine.open(dir, OPTIONS));
        assertEquals("DATA_DIR_TOO_NEW", refused.reason());

        setSchemaVersion(Integer.toString(Schema.currentVersion()));
        try (EmbeddedEngine e = EmbeddedEngine.open(dir, OPTIONS)) {
            assertEquals("main", e.branch("main").name());
        } catch (ArborException e) {
            throw new AssertionError("after a DATA_DIR_TOO_NEW refusal the directory stays held: " + e.reason() + ": "
                    + e.getMessage(), e);
        }
    }

    @Test
    void emptyDirectoryMigratesFromZeroAndWorks() throws Exception {
        Path fresh = dir.resolve("nested").resolve("fresh");
        assertFalse(Files.exists(fresh));
        try (EmbeddedEngine e = EmbeddedEngine.open(fresh, OPTIONS)) {
            assertEquals(1, e.branches().size());
            assertTrue(e.branch("main").isDefault());
            sql(e, "create table notes (id bigint primary key, body text)");
            sql(e, "insert into notes values (1, 'hello')");
        }
        assertEquals(Integer.toString(Schema.currentVersion()), schemaVersion(fresh.resolve(Store.DB_FILE)));
        try (EmbeddedEngine e = EmbeddedEngine.open(fresh, OPTIONS)) {
            assertEquals("hello", e.readPostgres("main", "neondb", PointInTime.HEAD, r -> r.readRows("notes", 0, 1))
                    .rows().get(0).get("body"));
        }
    }

    @Test
    void versionZeroDatabasesMigrate() throws Exception {
        // an empty database file, as a crash right after creating it would leave
        Path a = dir.resolve("empty-file");
        Files.createDirectories(a);
        Files.createFile(a.resolve(Store.DB_FILE));
        // a meta table without a schema_version row is version 0 as well
        Path b = dir.resolve("bare-meta");
        Files.createDirectories(b);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + b.resolve(Store.DB_FILE)); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        }
        for (Path d : List.of(a, b)) {
            try (EmbeddedEngine e = EmbeddedEngine.open(d, OPTIONS)) {
                assertEquals("main", e.branch("main").name(), d.toString());
                e.createRole("main", "app", false);
            }
            assertEquals(Integer.toString(Schema.currentVersion()), schemaVersion(d.resolve(Store.DB_FILE)), d.toString());
        }
    }

    /** A migration that fails part-way leaves the directory as it was (one transaction) and says so. */
    @Test
    void failedMigrationChangesNothing() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE project (something_else TEXT)");
        }
        ArborException e = assertThrows(ArborException.class, () -> EmbeddedEngine.open(dir, OPTIONS));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals("DATA_DIR_UNREADABLE", e.reason());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            assertTrue(rs.next());
            assertEquals("project", rs.getString(1));
            assertFalse(rs.next(), "no table of the failed migration remains");
        }
        // the directory is released: once the stray table is gone it opens and migrates
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE project");
        }
        try (EmbeddedEngine ok = EmbeddedEngine.open(dir, OPTIONS)) {
            assertNotNull(ok.project());
        }
        assertEquals(Integer.toString(Schema.currentVersion()), schemaVersion());
    }

    private Path db() {
        return dir.resolve(Store.DB_FILE);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db());
    }

    private String schemaVersion() throws SQLException {
        return schemaVersion(db());
    }

    private static String schemaVersion(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void setSchemaVersion(String v) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("UPDATE meta SET value = '" + v + "' WHERE key = 'schema_version'"));
        }
    }
}
