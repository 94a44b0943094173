package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchResult;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Lsn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a running compute costs the rest of the project on real Postgres: the WAL a later start or Time Travel view
 * replays (a running compute takes base backups as it writes), a deletion (no backup of a compute whose branch goes),
 * and a branch made from it (its head is asked on one kept connection, not a new backend per branch).
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_3)
class PostgresRunningComputeTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    /** Written in one statement: about 77 MB of rows, more than a compute writes before it takes a base backup. */
    private static final String MUCH = "insert into big select g, repeat(md5(g::text), 40) from generate_series(1, 60000) g";
    private static final Pattern REDO = Pattern.compile("starting backup recovery with redo LSN ([0-9A-F]+/[0-9A-F]+)");

    private Path dir;
    private EmbeddedEngine engine;

    @BeforeEach
    void open() {
        dir = dev.arbor.testing.PgProjects.tempDir("arbor-pg-running"); // a new project each time, where Postgres's account reaches it
        engine = EmbeddedEngine.open(dir, dev.arbor.testing.PgProjects.options());
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        dev.arbor.testing.PgProjects.deleteQuietly(dir);
    }

    @Test
    void aRunningComputeThatWroteMuchTakesABaseBackupWhileItRunsAndLaterPointsReplayFromIt() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        Lsn written;
        Backup backup;
        try (Connection c = connect(main, null)) {
            run(c, "create table big (id int primary key, body text)");
            run(c, MUCH);
            written = Lsn.parse(one(c, "select pg_current_wal_lsn()"));
            List<Backup> before = backups();

            engine.runMaintenance();

            List<Backup> taken = backups();
            taken.removeAll(before);
            assertEquals(1, taken.size(), "one base backup taken of the running compute, and kept: " + backups());
            backup = taken.get(0);
            assertTrue(backup.start().compareTo(written) >= 0, "taken after the rows were written: " + backup);
            assertEquals("60000", one(c, "select count(*) from big"), "the compute ran on, its session with it");
            assertEquals(Endpoint.State.ACTIVE, engine.endpoints("main").get(0).currentState());
            engine.runMaintenance();
            assertEquals(before.size() + 1, backups().size(), "nothing more written: no second backup");

            run(c, "insert into big values (60001, 'after the backup')");
            Lsn later = Lsn.parse(one(c, "select pg_current_wal_lsn()"));
            try (Connection view = connect(main, "neon_lsn:" + later)) {
                assertEquals("60001", one(view, "select count(*) from big"));
            }
            assertEquals(List.of(backup.start()), redoLsns(dir.resolve("postgres/views")),
                    "the Time Travel view replayed from the new backup");
        }
        await(engine.createBranch(CreateBranchSpec.named("later").withEndpoint(EndpointSpec.readWrite())));
        try (Connection c = connect(engine.connectionDetails("later", null, null), null)) {
            assertEquals("60001", one(c, "select count(*) from big"));
        }
        String laterEndpoint = engine.endpoints("later").get(0).id();
        assertEquals(List.of(backup.start()),
                redoLsns(dir.resolve("postgres/computes").resolve(laterEndpoint)),
                "the new branch's compute started from the new backup");
    }

    @Test
    void deletingABranchWhoseComputeWroteMuchTakesNoBackupOfIt() throws Exception {
        await(engine.createBranch(CreateBranchSpec.named("scratch").withEndpoint(EndpointSpec.readWrite())));
        String scratchEndpoint = engine.endpoints("scratch").get(0).id();
        try (Connection c = connect(engine.connectionDetails("scratch", null, null), null)) {
            run(c, "create table big (id int primary key, body text)");
            run(c, MUCH);
        }
        List<Backup> before = backups();
        Path computeDir = dir.resolve("postgres/computes").resolve(scratchEndpoint);
        assertTrue(Files.isDirectory(computeDir), "the compute runs");

        await(engine.deleteBranch("scratch"));

        assertEquals(before, backups(), "no base backup of a compute whose branch is gone");
        assertTrue(Files.notExists(computeDir), "the compute stopped and its directory went");
        try (Connection c = connect(engine.connectionDetails("main", null, null), null)) {
            assertEquals("f", one(c, "select exists (select 1 from pg_tables where tablename = 'big')"),
                    "main never had the scratch branch's rows");
        }
    }

    @Test
    void branchesOfARunningParentAskItsHeadOnOneKeptConnectionAndGetItExactly() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        String mainEndpoint = engine.endpoints("main").get(0).id();
        try (Connection c = connect(main, null); Connection admin = superuser(main, mainEndpoint)) {
            run(c, "create table t (id int primary key)");
            List<Long> backends = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                run(c, "insert into t values (" + i + ")");
                Lsn head = Lsn.parse(one(c, "select pg_current_wal_lsn()"));
                BranchResult made = engine.createBranch(CreateBranchSpec.named("b" + i));
                await(made);
                assertTrue(made.branch().parentLsn().compareTo(head) >= 0,
                        "branch b" + i + " is at or after the parent's head when it was made");
                backends.addAll(arborBackends(admin));
            }
            assertEquals(1, backends.stream().distinct().count(), "one backend answered every branch: " + backends);
            assertEquals(4, backends.size(), "and it stayed connected: " + backends);

            // a kept connection that breaks (the server ended it) is replaced on the next question
            run(admin, "select pg_terminate_backend(" + backends.get(0) + ")");
            run(c, "insert into t values (5)");
            await(engine.createBranch(CreateBranchSpec.named("b5")));
            List<Long> now = arborBackends(admin);
            assertEquals(1, now.size());
            assertNotEquals(backends.get(0), now.get(0));
        }
        for (int i : new int[] {2, 5}) {
            await(engine.createEndpoint("b" + i, EndpointSpec.readWrite()));
            try (Connection c = connect(engine.connectionDetails("b" + i, null, null), null)) {
                assertEquals(Integer.toString(i), one(c, "select count(*) from t"), "b" + i + " holds exactly its rows");
            }
        }
    }

    @Test
    void aTimeTravelViewIsAThrowawayCopyThatIsNotSyncedToDiskWhileTheBranchItselfIs() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        try (Connection c = connect(main, null)) {
            run(c, "create table t (id int primary key)");
            run(c, "insert into t values (1)");
            Lsn point = Lsn.parse(one(c, "select pg_current_wal_lsn()"));
            run(c, "insert into t values (2)");
            assertEquals("on", one(c, "show fsync"), "a branch's commits reach the disk");
            try (Connection view = connect(main, "neon_lsn:" + point)) {
                assertEquals("1", one(view, "select count(*) from t"));
                // a view is deleted when it stops and never recovered after a crash: syncing its copy of the data
                // directory before replay (all of it, so the cost grows with the database) would buy nothing
                assertEquals("off", one(view, "show fsync"));
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private record Backup(int timeline, Lsn start) {
    }

    /** The project's base backups, by their directories' names ({@code <timeline>-<start LSN>}). */
    private List<Backup> backups() throws Exception {
        List<Backup> found = new ArrayList<>();
        try (Stream<Path> roots = Files.list(dir.resolve("postgres/roots"))) {
            for (Path root : roots.toList()) {
                Path backups = root.resolve("basebackups");
                if (!Files.isDirectory(backups)) {
                    continue;
                }
                try (Stream<Path> list = Files.list(backups)) {
                    for (Path b : list.sorted().toList()) {
                        String name = b.getFileName().toString();
                        if (name.matches("\\d+-[0-9A-F]{16}")) {
                            String hex = name.substring(name.indexOf('-') + 1);
                            found.add(new Backup(Integer.parseInt(name.substring(0, name.indexOf('-'))),
                                    new Lsn(Long.parseUnsignedLong(hex, 16))));
                        }
                    }
                }
            }
        }
        found.sort(java.util.Comparator.comparing(Backup::start));
        return found;
    }

    /** The backup start (redo LSN) each server under {@code under} began its recovery from, as its log says. */
    private static List<Lsn> redoLsns(Path under) throws Exception {
        List<Lsn> found = new ArrayList<>();
        try (Stream<Path> all = Files.walk(under)) {
            for (Path log : all.filter(p -> p.getFileName().toString().equals("postgres.log")).toList()) {
                Matcher m = REDO.matcher(Files.readString(log, StandardCharsets.UTF_8));
                while (m.find()) {
                    found.add(Lsn.parse(m.group(1)));
                }
            }
        }
        return found;
    }

    /** A connection as the compute's superuser through the endpoint, to look at the backends Arbor keeps. */
    private Connection superuser(ConnectionDetails d, String endpoint) throws Exception {
        Properties credentials = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("postgres/computes").resolve(endpoint)
                .resolve("credentials.properties"), StandardCharsets.UTF_8)) {
            credentials.load(in);
        }
        Properties p = new Properties();
        p.setProperty("user", "arbor_admin");
        p.setProperty("password", credentials.getProperty("superuser.password"));
        return DriverManager.getConnection("jdbc:postgresql://" + d.host() + ":" + d.port() + "/postgres", p);
    }

    /** The backends of Arbor's own connections to the compute. */
    private static List<Long> arborBackends(Connection admin) throws SQLException {
        List<Long> pids = new ArrayList<>();
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("select pid from pg_stat_activity "
                + "where application_name = 'arbor' and backend_type = 'client backend' order by pid")) {
            while (rs.next()) {
                pids.add(rs.getLong(1));
            }
        }
        return pids;
    }

    private void await(BranchResult r) {
        engine.awaitOperations(r.operations(), WAIT);
    }

    private static Connection connect(ConnectionDetails d, String options) throws SQLException {
        return DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(options));
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
