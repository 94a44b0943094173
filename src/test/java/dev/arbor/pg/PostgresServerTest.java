package dev.arbor.pg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Lsn;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One server, created once for the class, as a client sees it: over TCP with pgjdbc and a password. */
class PostgresServerTest {
    private static Path root;
    private static PostgresServer server;

    @BeforeAll
    static void createAndStart() throws Exception {
        root = PgTestSupport.scratch("arbor-pg-server");
        server = PostgresServer.open(PgTestSupport.binaries(), PgTestSupport.account(), root.resolve("server"),
                root.resolve("archive"));
        server.start(0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        PgTestSupport.delete(root);
    }

    private static Connection connectAs(String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/neondb", p);
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    @Test
    void ownerConnectsWithItsPasswordAndSeesARealWalPosition() throws Exception {
        try (Connection c = connectAs("neondb_owner", server.ownerPassword())) {
            assertTrue(one(c, "select pg_current_wal_lsn()::text").matches("[0-9A-F]+/[0-9A-F]+"));
            assertEquals("neondb_owner", one(c, "select current_user"));
            assertEquals("neondb_owner",
                    one(c, "select pg_get_userbyid(datdba) from pg_database where datname = 'neondb'"));
            assertEquals("UTF8", one(c, "show server_encoding"));
            assertEquals("f", one(c, "select rolsuper from pg_roles where rolname = current_user"));
            try (Statement s = c.createStatement()) {
                s.execute("create table notes(id int primary key, body text)");
                s.execute("insert into notes values (1, 'hello')");
            }
            assertEquals("hello", one(c, "select body from notes where id = 1"));
        }
    }

    @Test
    void theConnectionStringReachesNeondbAsItsOwner() throws Exception {
        String uri = server.connectionUri();
        assertTrue(uri.startsWith("postgresql://neondb_owner:npg_"), "neon-shaped connection string");
        assertTrue(uri.endsWith("@127.0.0.1:" + server.port() + "/neondb"));
        try (Connection c = server.connectAsOwner()) {
            assertEquals("neondb", one(c, "select current_database()"));
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        SQLException direct = assertThrows(SQLException.class, () -> connectAs("neondb_owner", "npg_wrong"));
        assertEquals("28P01", direct.getSQLState());
        assertTrue(direct.getMessage().contains("password authentication failed for user \"neondb_owner\""),
                direct.getMessage());

        ArborException e = assertThrows(ArborException.class,
                () -> server.connect("neondb_owner", "npg_wrong", "neondb"));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertEquals("Postgres on 127.0.0.1:" + server.port() + " refused the password for role \"neondb_owner\"; "
                + "use the password Arbor shows for that role.", e.getMessage());
    }

    @Test
    void listensOnLoopbackWithTheArchiveAndWalSettingsTheBranchesNeed() throws Exception {
        try (Connection c = server.connectAsSuperuser("postgres")) {
            assertEquals("127.0.0.1", one(c, "show listen_addresses"));
            assertEquals("", one(c, "show unix_socket_directories"));
            assertEquals("replica", one(c, "show wal_level"));
            assertEquals("on", one(c, "show archive_mode"));
            assertEquals("basic_archive", one(c, "show archive_library"));
            assertEquals(server.archiveDirectory().toString(), one(c, "show basic_archive.archive_directory"));
            assertEquals("scram-sha-256", one(c, "show password_encryption"));
            assertEquals("32MB", one(c, "show shared_buffers"));
            assertEquals("40", one(c, "show max_connections"));
            assertTrue(one(c, "select rolpassword from pg_authid where rolname = 'neondb_owner'")
                    .startsWith("SCRAM-SHA-256$"));
        }
    }

    @Test
    void theDataDirectoryIsPrivateToTheAccountThatRunsPostgres() throws Exception {
        Path data = server.dataDirectory();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals(server.account().name(), Files.getOwner(data, LinkOption.NOFOLLOW_LINKS).getName());
        Path credentials = server.directory().resolve(PgCredentials.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
        assertEquals(System.getProperty("user.name"), Files.getOwner(credentials).getName());
        try (var files = Files.list(server.directory())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".initdb-pw")),
                    "the password file for initdb is gone");
        }
        if (PgAccount.runningAsRoot()) {
            assertTrue(server.account().switches());
            assertEquals("nobody", server.account().name());
        }
    }

    @Test
    void passwordsNeverReachTheLogs() throws Exception {
        assertThrows(ArborException.class, () -> server.connect("neondb_owner", "npg_wrong", "neondb"));
        String log = Files.readString(server.logFile(), StandardCharsets.UTF_8)
                + Files.readString(server.directory().resolve("initdb.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("password authentication failed"), "the log is the one the server writes:\n" + log);
        assertFalse(log.contains(server.ownerPassword()));
        assertFalse(log.contains(server.connectionUri()));
        String credentials = Files.readString(server.directory().resolve(PgCredentials.FILE_NAME));
        String superuser = credentials.lines().filter(l -> l.startsWith("superuser.password="))
                .findFirst().orElseThrow().substring("superuser.password=".length());
        assertFalse(log.contains(superuser));
    }

    @Test
    void aPortInUseIsASentenceAndLeavesNothingRunning() throws Exception {
        server.stop();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ArborException e = assertThrows(ArborException.class, () -> server.start(taken.getLocalPort()));
            assertEquals("POSTGRES_PORT_IN_USE", e.reason());
            assertEquals("Port " + taken.getLocalPort() + " on 127.0.0.1 is already in use, so Postgres cannot "
                    + "listen there; choose another port, or stop what listens on it.", e.getMessage());
            assertFalse(server.running());
            assertFalse(Files.exists(server.dataDirectory().resolve("postmaster.pid")));
            assertEquals(List.of(), PgTestSupport.postgresOn(server.dataDirectory()));
        } finally {
            server.start(0);
        }
    }

    @Test
    void aPortOutsideTheUsableRangeIsASentence() {
        for (int port : new int[] {-1, 80, 65536}) {
            ArborException e = assertThrows(ArborException.class, () -> server.start(port));
            assertEquals("Port " + port + " is not one Postgres can listen on; choose one from 1024 to 65535, "
                    + "or 0 for any free port.", e.getMessage());
        }
        assertTrue(server.running(), "the running server is left as it was");
    }

    @Test
    void credentialsThatNoLongerMatchStopTheServerWithASentence() throws Exception {
        server.stop();
        Path file = server.directory().resolve(PgCredentials.FILE_NAME);
        byte[] original = Files.readAllBytes(file);
        try {
            String replaced = new String(original, StandardCharsets.UTF_8)
                    .replaceAll("superuser.password=\\S+", "superuser.password=npg_notTheOneMadeWithIt");
            Files.writeString(file, replaced);
            PostgresServer mismatched = PostgresServer.open(PgTestSupport.binaries(), PgTestSupport.account(),
                    server.directory(), server.archiveDirectory());
            ArborException e = assertThrows(ArborException.class, () -> mismatched.start(0));
            assertEquals("The Postgres server in " + server.directory() + " refused Arbor's own superuser password: "
                    + "credentials.properties there no longer belongs to this server; put back the one made with it.",
                    e.getMessage());
            assertFalse(mismatched.running());
            assertEquals(List.of(), PgTestSupport.postgresOn(server.dataDirectory()), "nothing left running");
        } finally {
            Files.write(file, original);
            server.start(0);
        }
    }

    @Test
    void aRestartKeepsDataAndPasswords() throws Exception {
        try (Connection c = server.connectAsOwner(); Statement s = c.createStatement()) {
            s.execute("create table kept(v text)");
            s.execute("insert into kept values ('before restart')");
        }
        long firstPid = server.pid();
        server.stop();
        assertFalse(server.running());
        assertFalse(Files.exists(server.dataDirectory().resolve("postmaster.pid")));
        assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
        PostgresServer reopened = PostgresServer.open(PgTestSupport.binaries(), PgTestSupport.account(),
                server.directory(), server.archiveDirectory());
        reopened.start(0);
        server = reopened;
        try (Connection c = connectAs("neondb_owner", reopened.ownerPassword())) {
            assertEquals("before restart", one(c, "select v from kept"));
        }
    }

    /** Waits up to 30 s for {@code pg_stat_archiver} to satisfy {@code condition} ({@code ?} is the segment). */
    private static void awaitArchiver(Connection c, String condition, String segment) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String seen = null;
        while (System.nanoTime() < deadline) {
            try (var ps = c.prepareStatement("select " + condition + ", last_archived_wal || ' / failed '"
                    + " || coalesce(last_failed_wal, '-') from pg_stat_archiver")) {
                ps.setString(1, segment);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                    seen = rs.getString(2);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("pg_stat_archiver never showed " + condition.replace("?", segment)
                + "; last archived " + seen);
    }

    @Test
    void aSwitchedSegmentReachesTheArchive() throws Exception {
        try (Connection c = server.connectAsSuperuser("postgres")) {
            String segment = one(c, "select pg_walfile_name(pg_current_wal_lsn())");
            one(c, "select pg_switch_wal()");
            awaitArchiver(c, "last_archived_wal >= ?", segment);
            Path archived = server.archiveDirectory().resolve(segment);
            assertEquals(WalSegments.SIZE, Files.size(archived));
            try (var files = Files.list(server.archiveDirectory())) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("archtemp")),
                        "no temporary file is left in the archive");
            }
        }
    }

    @Test
    void aSealLeavesTheZerosOfItsSegmentsOutOfTheArchiveAndKeepsTheirBytes() throws Exception {
        try (Connection c = server.connectAsSuperuser("postgres"); Statement s = c.createStatement()) {
            s.execute("create table sealed(v int)");
            s.execute("insert into sealed values (1)");
        }
        Lsn end = server.archiveWal();
        String segment = WalSegments.before(end, 1);
        Path archived = server.archiveDirectory().resolve(segment);
        assertEquals(WalSegments.SIZE, Files.size(archived));
        assertTrue(WalSegmentsTest.allocated(archived) < WalSegments.SIZE / 4,
                segment + " takes " + WalSegmentsTest.allocated(archived) + " bytes on disk");
        // the server's own copy, still in pg_wal until its next checkpoint, is what Postgres wrote
        assertArrayEquals(Files.readAllBytes(server.dataDirectory().resolve("pg_wal").resolve(segment)),
                Files.readAllBytes(archived), "the archived segment's bytes are Postgres's");
    }

    @Test
    void theArchiveNeverOverwritesADifferentFile() throws Exception {
        try (Connection c = server.connectAsSuperuser("postgres")) {
            String segment = one(c, "select pg_walfile_name(pg_current_wal_lsn())");
            Path planted = server.archiveDirectory().resolve(segment);
            byte[] different = "not this server's WAL".getBytes(StandardCharsets.UTF_8);
            Files.write(planted, different);
            // owned by the archiving account, so only the archive's own rule can keep it from being replaced
            server.account().hand(planted);

            one(c, "select pg_switch_wal()");
            awaitArchiver(c, "last_failed_wal = ?", segment);
            assertArrayEquals(different, Files.readAllBytes(planted));

            Files.delete(planted);
            try (Statement s = c.createStatement()) {
                s.execute("create table after_conflict(v int)"); // a switch needs WAL written since the last one
            }
            one(c, "select pg_switch_wal()");
            awaitArchiver(c, "last_archived_wal >= ?", segment);
            assertEquals(WalSegments.SIZE, Files.size(planted), "archived once the name was free");
        }
    }
}
