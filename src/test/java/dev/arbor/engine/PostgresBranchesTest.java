package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchResult;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded engine on real Postgres, as a user meets it: connect to a branch with its connection string, write,
 * branch, make a mistake, travel back to before it, restore, and keep the same connection string throughout.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_3)
class PostgresBranchesTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private Path dir;
    private EmbeddedEngine engine;

    @BeforeEach
    void open() {
        dir = dev.arbor.testing.PgProjects.tempDir("arbor-pg-engine"); // a new project each time, where Postgres's account reaches it
        engine = EmbeddedEngine.open(dir, dev.arbor.testing.PgProjects.options());
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        dev.arbor.testing.PgProjects.deleteQuietly(dir);
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

    private void await(BranchResult r) {
        engine.awaitOperations(r.operations(), WAIT);
    }

    @Test
    void aBranchIsAPostgresDatabaseThatKeepsItsConnectionStringThroughARestore() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        assertEquals("neondb", main.database());
        assertEquals("neondb_owner", main.role());
        assertTrue(main.password().startsWith("npg_"), "a generated password");
        assertEquals(Endpoint.State.IDLE, engine.endpoints("main").get(0).currentState(), "nothing runs before a client");

        Lsn beforeMistake;
        try (Connection c = connect(main, null)) { // connecting wakes the compute
            run(c, "create table orders (id bigint primary key, item text not null)");
            run(c, "insert into orders select g, 'item ' || g from generate_series(1, 50) g");
            beforeMistake = Lsn.parse(one(c, "select pg_current_wal_lsn()"));
            run(c, "delete from orders where id > 10"); // the bad migration
        }
        assertEquals(Endpoint.State.ACTIVE, engine.endpoints("main").get(0).currentState());

        // a branch from main's head, with its own compute, sees what main has now
        BranchResult created = engine.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite()));
        await(created);
        Branch dev = created.branch();
        ConnectionDetails devConn = engine.connectionDetails(dev.id(), null, null);
        assertNotEquals(main.port(), devConn.port(), "each endpoint has its own port");
        try (Connection c = connect(devConn, null)) {
            assertEquals("10", one(c, "select count(*) from orders"));
            run(c, "insert into orders values (1000, 'only on dev')");
        }
        // Time Travel: a read-only view of main before the mistake, through main's own port
        try (Connection c = connect(main, "neon_lsn:" + beforeMistake)) {
            assertEquals("50", one(c, "select count(*) from orders"));
            SQLException refused = assertThrows(SQLException.class, () -> run(c, "insert into orders values (99, 'x')"));
            assertEquals("25006", refused.getSQLState(), "read-only transaction");
        }

        // restore main to before the mistake; the same connection string reaches the restored data
        Connection open = connect(main, null);
        await(engine.restore("main", new RestoreSpec(engine.branch("main").id(), PointInTime.at(beforeMistake), "main_old")));
        assertThrows(SQLException.class, () -> one(open, "select 1"), "sessions are interrupted by a restore");
        open.close();
        assertEquals(main, engine.connectionDetails("main", null, null), "the connection details do not change");
        try (Connection c = connect(main, null)) {
            assertEquals("50", one(c, "select count(*) from orders"));
            run(c, "insert into orders values (51, 'after the restore')");
        }
        // the backup keeps what main had before the restore, the child keeps its own data
        await(engine.createEndpoint("main_old", EndpointSpec.readWrite()));
        try (Connection c = connect(engine.connectionDetails("main_old", null, null), null)) {
            assertEquals("10", one(c, "select count(*) from orders"));
        }
        try (Connection c = connect(devConn, null)) {
            assertEquals("11", one(c, "select count(*) from orders"));
        }
    }

    @Test
    void committedDataAndPortsSurviveClosingAndReopeningTheProject() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        try (Connection c = connect(main, null)) {
            run(c, "create table notes (id int primary key, body text)");
            run(c, "insert into notes values (1, 'kept')");
        }
        engine.close();
        engine = EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null));
        assertEquals(main, engine.connectionDetails("main", null, null));
        assertEquals(Endpoint.State.IDLE, engine.endpoints("main").get(0).currentState());
        try (Connection c = connect(main, null)) {
            assertEquals("kept", one(c, "select body from notes where id = 1"));
        }
    }

    @Test
    void theHistoryWindowOfANewProjectBeginsWhereAMomentCanBeRebuilt() {
        // the root is recorded before its cluster's first base backup is taken: a moment between the two has no
        // backup to replay from, so the window the console and clients are shown begins at the backup
        var window = engine.historyWindow("main");
        var atStart = engine.resolve("main", PointInTime.at(window.start()));
        assertEquals(engine.resolve("main", PointInTime.head()).lsn(), atStart.lsn(),
                "the first moment of a new project's window is its only state");
        ArborException before = assertThrows(ArborException.class,
                () -> engine.resolve("main", PointInTime.at(window.start().minusMillis(1))));
        assertTrue(before.getMessage().contains("before the history window"), before.getMessage());
    }

    @Test
    void aWrongPasswordIsRefusedByPostgresItself() {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        ConnectionDetails wrong = new ConnectionDetails(main.endpointId(), main.host(), main.port(), main.database(),
                main.role(), "npg_notThePassword0");
        SQLException e = assertThrows(SQLException.class, () -> connect(wrong, null).close());
        assertEquals("28P01", e.getSQLState());
    }

    @Test
    void aNewProjectsMainHasItsDatabaseInPostgres() {
        assertFalse(engine.databases("main").isEmpty());
        assertEquals("neondb", engine.databases("main").get(0).name());
    }

    @Test
    void anIdleComputeIsSuspendedAndAClientWakesItAgain() throws Exception {
        engine.close();
        ManualClock clock = new ManualClock(java.time.Instant.now());
        engine = EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null)
                .withClock(clock));
        String endpoint = engine.endpoints("main").get(0).id();
        await(engine.createBranch(CreateBranchSpec.named("quick").withEndpoint(new EndpointSpec(Endpoint.Type.READ_WRITE,
                0.25, 1, 60))));
        ConnectionDetails quick = engine.connectionDetails("quick", null, null);
        try (Connection c = connect(quick, null)) {
            run(c, "create table t (id int)");
            run(c, "insert into t values (7)");
        }
        clock.advance(Duration.ofMinutes(5)); // the compute suspends a minute after its last client left
        String quickEndpoint = engine.endpoints("quick").get(0).id();
        // the proxy notices the client's disconnect on its own threads, a moment after close() returns
        var report = engine.runMaintenance();
        for (int i = 0; i < 50 && !report.suspendedEndpoints().contains(quickEndpoint); i++) {
            Thread.sleep(100);
            report = engine.runMaintenance();
        }
        assertTrue(report.suspendedEndpoints().contains(quickEndpoint), "suspended: " + report.suspendedEndpoints());
        assertFalse(report.suspendedEndpoints().contains(endpoint), "main's compute never ran, so it is not suspended");
        assertEquals(Endpoint.State.IDLE, engine.endpoints("quick").get(0).currentState());
        try (Connection c = connect(quick, null)) {
            assertEquals("7", one(c, "select id from t"));
        }
        assertEquals(Endpoint.State.ACTIVE, engine.endpoints("quick").get(0).currentState());
    }

    @Test
    void resetFromParentGivesTheBranchItsParentsLatestDataOnTheSamePort() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        try (Connection c = connect(main, null)) {
            run(c, "create table t (id int)");
            run(c, "insert into t values (1)");
        }
        await(engine.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite())));
        ConnectionDetails dev = engine.connectionDetails("dev", null, null);
        try (Connection c = connect(dev, null)) {
            run(c, "insert into t values (100)");
        }
        try (Connection c = connect(main, null)) {
            run(c, "insert into t values (2)");
        }
        await(engine.resetFromParent("dev", null));
        try (Connection c = connect(dev, null)) {
            assertEquals("1,2", one(c, "select string_agg(id::text, ',' order by id) from t"));
        }
    }

    @Test
    void aResetDoesNotWaitForTheOldComputesFilesToBeDeletedAndKeepsEveryCommittedRow() throws Exception {
        List<Runnable> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        engine.dataPlane().removeWith(held::add);
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        try (Connection c = connect(main, null)) {
            run(c, "create table t (id int)");
            run(c, "insert into t values (1)");
        }
        await(engine.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite())));
        ConnectionDetails dev = engine.connectionDetails("dev", null, null);
        try (Connection c = connect(dev, null)) {
            run(c, "insert into t values (100)");
        }
        try (Connection c = connect(main, null)) {
            run(c, "insert into t values (2)");
        }
        held.clear(); // main's and dev's first starts stopped nothing
        await(engine.resetFromParent("dev", null));

        assertEquals(1, held.size(), "the old compute's files are left to be deleted after the reset");
        assertEquals(dev, engine.connectionDetails("dev", null, null), "the same connection string");
        try (Connection c = connect(dev, null)) {
            assertEquals("1,2", one(c, "select string_agg(id::text, ',' order by id) from t"));
        }
        Path tmp = dir.resolve("postgres").resolve("tmp");
        assertTrue(stoppedComputes(tmp) == 1, "moved aside, out of the endpoint's place");
        held.forEach(Runnable::run);
        assertEquals(0, stoppedComputes(tmp), "and then deleted");
    }

    private static long stoppedComputes(Path tmp) throws java.io.IOException {
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        try (var all = Files.list(tmp)) {
            return all.filter(p -> p.getFileName().toString().startsWith("stopped-")).count();
        }
    }

    @Test
    void aNeonTimestampConnectionReadsTheMomentAndABadPointIsASentence() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        java.time.Instant between;
        try (Connection c = connect(main, null)) {
            run(c, "create table t (id int)");
            run(c, "insert into t values (1)");
            Thread.sleep(50);
            between = java.time.Instant.now();
            Thread.sleep(50);
            run(c, "insert into t values (2)");
        }
        try (Connection c = connect(main, "neon_timestamp:" + between)) {
            assertEquals("1", one(c, "select count(*) from t"));
        }
        SQLException bad = assertThrows(SQLException.class, () -> connect(main, "neon_lsn:12345").close());
        assertTrue(bad.getMessage().contains("is not an LSN"), bad.getMessage());
        SQLException early = assertThrows(SQLException.class, () -> connect(main, "neon_lsn:0/10").close());
        assertTrue(early.getMessage().contains("is before the history window"), early.getMessage());
        SQLException future = assertThrows(SQLException.class,
                () -> connect(main, "neon_timestamp:" + java.time.Instant.now().plusSeconds(3600)).close());
        assertTrue(future.getMessage().contains("is in the future"), future.getMessage());
    }

    @Test
    void aComputeThatWroteMuchTakesABaseBackupBeforeItStopsSoTheNextStartReplaysLittle() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        try (Connection c = connect(main, null)) {
            run(c, "create table big (id int primary key, body text)");
            run(c, "insert into big select g, repeat(md5(g::text), 40) from generate_series(1, 60000) g");
        }
        Path backups = dir.resolve("postgres/roots/1/basebackups");
        long before;
        try (var list = Files.list(backups)) {
            before = list.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
        await(engine.suspendEndpoint(engine.endpoints("main").get(0).id()));
        long after;
        try (var list = Files.list(backups)) {
            after = list.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
        assertEquals(before + 1, after, "a backup was taken at the stop");
        try (Connection c = connect(main, null)) {
            assertEquals("60000", one(c, "select count(*) from big"));
        }
    }

    @Test
    void theConsoleReadsTablesRowsAndSchemaAtTheHeadAndAtAPointOfHistory() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        Lsn before;
        try (Connection c = connect(main, null)) {
            run(c, "create table orders (id int primary key, item text)");
            run(c, "insert into orders values (1, 'desk'), (2, 'lamp')");
            before = Lsn.parse(one(c, "select pg_current_wal_lsn()"));
            run(c, "alter table orders add column discount numeric");
            run(c, "delete from orders where id = 2");
        }
        EmbeddedBackend backend = new EmbeddedBackend(engine);
        String id = engine.branch("main").id();
        var head = backend.listTables(id, "neondb", PointInTime.HEAD);
        assertEquals(1, head.size());
        assertEquals(1, head.get(0).rowCount());
        var then = backend.listTables(id, "neondb", PointInTime.at(before));
        assertEquals(2, then.get(0).rowCount(), "read at the point, before the delete");
        assertEquals("lamp", backend.readRows(id, "neondb", "orders", PointInTime.at(before), 0, 10).rows().get(1).get("item"));
        assertTrue(backend.schemaSql(id, "neondb", PointInTime.HEAD).contains("discount"));
        assertFalse(backend.schemaSql(id, "neondb", PointInTime.at(before)).contains("discount"));
        assertEquals(List.of("neondb_owner"), backend.listRoles(id).stream().map(r -> r.name()).toList());
    }

    @Test
    void databasesAndRolesMadeThroughArborAreRealAndTheirPasswordsRevealable() throws Exception {
        var role = engine.createRole("main", "app_user", false);
        assertTrue(role.getValue().startsWith("npg_"));
        engine.createDatabase("main", "shop", "app_user");
        ConnectionDetails shop = engine.connectionDetails("main", "shop", "app_user");
        assertEquals(role.getValue(), shop.password());
        assertEquals(role.getValue(), engine.revealPassword("main", "app_user"));
        try (Connection c = connect(shop, null)) {
            assertEquals("shop", one(c, "select current_database()"));
        }
        ArborException taken = assertThrows(ArborException.class, () -> engine.createDatabase("main", "shop", "app_user"));
        assertEquals("Branch already has a database named \"shop\".", taken.getMessage());
        ArborException owns = assertThrows(ArborException.class, () -> engine.deleteRole("main", "app_user"));
        assertEquals("ROLE_OWNS_OBJECTS", owns.reason());
        String renewed = engine.resetRolePassword("main", "app_user");
        assertNotEquals(role.getValue(), renewed);
        SQLException old = assertThrows(SQLException.class, () -> connect(shop, null).close());
        assertEquals("28P01", old.getSQLState(), "the old password no longer works");
        engine.deleteDatabase("main", "shop");
        engine.deleteRole("main", "app_user");
        assertEquals(List.of("neondb"), engine.databases("main").stream().map(d -> d.name()).toList());
        ArborException unknown = assertThrows(ArborException.class, () -> engine.revealPassword("main", "nobody_here"));
        assertTrue(unknown.getMessage().contains("does not know the password"), unknown.getMessage());
    }

    @Test
    void aSchemaOnlyBranchHasTheSchemaAndNoneOfTheDataNotEvenInItsHistory() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        try (Connection c = connect(main, null)) {
            run(c, "create table customers (id int primary key, email text unique not null)");
            run(c, "create index customers_email_lower on customers (lower(email))");
            run(c, "insert into customers values (1, 'ada@example.com')");
        }
        BranchResult made = engine.createBranch(CreateBranchSpec.named("shape").schemaOnly()
                .withEndpoint(EndpointSpec.readWrite()));
        await(made);
        assertEquals(null, made.branch().parentId(), "a new root");
        ConnectionDetails shape = engine.connectionDetails("shape", null, null);
        assertNotEquals(main.password(), shape.password(), "a cluster of its own");
        Lsn start;
        try (Connection c = connect(shape, null)) {
            assertEquals("0", one(c, "select count(*) from customers"));
            assertEquals("neondb_owner", one(c, "select tableowner from pg_tables where tablename = 'customers'"));
            assertEquals("1", one(c, "select count(*) from pg_indexes where indexname = 'customers_email_lower'"));
            run(c, "insert into customers values (1, 'grace@example.com')");
        }
        start = engine.historyWindow("shape").startLsn();
        try (Connection c = connect(shape, "neon_lsn:" + start)) {
            assertEquals("0", one(c, "select count(*) from customers"), "the earliest point has no rows either");
        }
    }

    @Test
    void anEndpointWhosePortAnotherProgramTookListensOnANewOneAndSaysWhichInItsDetails() throws Exception {
        ConnectionDetails before = engine.connectionDetails("main", null, null);
        engine.close();
        try (java.net.ServerSocket squatter = new java.net.ServerSocket()) {
            // the port's closed connections may linger in TIME_WAIT; a listener may still take it, as Postgres does
            squatter.setReuseAddress(true);
            squatter.bind(new java.net.InetSocketAddress("127.0.0.1", before.port()));
            engine = EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null));
            ConnectionDetails after = engine.connectionDetails("main", null, null);
            assertNotEquals(before.port(), after.port());
            assertEquals("127.0.0.1:" + after.port(), engine.endpoints("main").get(0).host(), "the endpoint shows its port");
            try (Connection c = connect(after, null)) {
                assertEquals("1", one(c, "select 1"));
            }
        }
    }

    @Test
    void maintenanceTellsTheConsoleHowBigARunningBranchHasGrown() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        List<dev.arbor.backend.BackendEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AutoCloseable ignored = engine.subscribe(seen::add); Connection c = connect(main, null)) {
            run(c, "create table t as select g as id, md5(g::text) as body from generate_series(1, 20000) g");
            long size = Long.parseLong(one(c, "select sum(pg_database_size(datname)) from pg_database "
                    + "where not datistemplate and datname <> 'postgres'"));
            engine.runMaintenance();
            assertEquals(size, engine.branch("main").logicalSize(), "the branch's size is its databases' size");
            assertTrue(seen.stream().anyMatch(e -> e instanceof dev.arbor.backend.BackendEvent.BranchChanged b
                    && b.branch().name().equals("main") && b.branch().logicalSize() == size), "an event says so");
        }
    }

    private long files(Path d, String regex) throws java.io.IOException {
        try (var list = Files.list(d)) {
            return list.filter(p -> p.getFileName().toString().matches(regex)).count();
        }
    }

    @Test
    void retentionRemovesOnlyTheWalAndBackupsNothingNeeds() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        Lsn early;
        try (Connection c = connect(main, null)) {
            run(c, "create table big (id int primary key, body text)");
            run(c, "insert into big values (0, 'first')");
            early = Lsn.parse(one(c, "select pg_current_wal_lsn()"));
        }
        await(engine.createBranch(CreateBranchSpec.named("early").withParent("main").at(PointInTime.at(early))));
        try (Connection c = connect(main, null)) {
            run(c, "insert into big select g, repeat(md5(g::text), 40) from generate_series(1, 60000) g");
        }
        await(engine.suspendEndpoint(engine.endpoints("main").get(0).id())); // takes a base backup: > 64 MB written
        Path root = dir.resolve("postgres/roots/1");
        String segment = "[0-9A-F]{24}";
        String backup = "[0-9A-F]+-[0-9A-F]{16}";
        assertEquals(2, files(root.resolve("basebackups"), backup));
        long segmentsBefore = files(root.resolve("wal"), segment);

        engine.updateProject(0, engine.project().limits()); // keep no history beyond what branches need
        engine.collectHistory();
        assertEquals(2, files(root.resolve("basebackups"), backup), "the early branch point still needs the first backup");
        await(engine.createEndpoint("early", EndpointSpec.readWrite()));
        try (Connection c = connect(engine.connectionDetails("early", null, null), null)) {
            assertEquals("1", one(c, "select count(*) from big"), "the early branch point can still be rebuilt");
        }

        await(engine.deleteBranch("early"));
        engine.collectHistory();
        assertEquals(1, files(root.resolve("basebackups"), backup), "nothing needs the first backup any more");
        assertTrue(files(root.resolve("wal"), segment) < segmentsBefore / 2, "the WAL before the kept backup is gone");
        try (Connection c = connect(main, null)) {
            assertEquals("60001", one(c, "select count(*) from big"), "the branch lost nothing");
        }
        await(engine.createBranch(CreateBranchSpec.named("later").withEndpoint(EndpointSpec.readWrite())));
        try (Connection c = connect(engine.connectionDetails("later", null, null), null)) {
            assertEquals("60001", one(c, "select count(*) from big"));
        }
        SQLException gone = assertThrows(SQLException.class, () -> connect(main, "neon_lsn:" + early).close());
        assertTrue(gone.getMessage().contains("before the history window"), gone.getMessage());
    }

    @Test
    void aMomentAfterTheLastCommitIsTheHeadWhetherTheComputeRunsOrNot() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        try (Connection c = connect(main, null)) {
            run(c, "create table t (id int)");
            run(c, "insert into t values (1)");
        }
        Thread.sleep(20);
        java.time.Instant running = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        BranchResult made = engine.createBranch(CreateBranchSpec.named("at-running").at(PointInTime.at(running))
                .withEndpoint(EndpointSpec.readWrite()));
        await(made);
        Branch atRunning = made.branch();
        await(engine.suspendEndpoint(engine.endpoints("main").get(0).id()));
        Thread.sleep(20);
        java.time.Instant stopped = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        BranchResult atStopped = engine.createBranch(CreateBranchSpec.named("at-stopped").at(PointInTime.at(stopped))
                .withEndpoint(EndpointSpec.readWrite()));
        await(atStopped);
        for (String name : List.of(atRunning.name(), "at-stopped")) {
            try (Connection c = connect(engine.connectionDetails(name, null, null), null)) {
                assertEquals("1", one(c, "select count(*) from t"), name);
            }
        }
    }
    @Test
    void aBranchAndARestoreStartWithTheSizeOfTheDataTheyWereMadeFromNotZero() throws Exception {
        try (Connection c = connect(engine.connectionDetails("main", null, null), null); Statement s = c.createStatement()) {
            s.execute("create table filler as select g, repeat('x', 200) as pad from generate_series(1, 20000) g");
        }
        // main's compute stops and is measured
        await(engine.suspendEndpoint(engine.endpoints("main").get(0).id()));
        long main = engine.branch("main").logicalSize();
        assertTrue(main > 1_000_000, "main measured: " + main);

        await(engine.createBranch(dev.arbor.domain.CreateBranchSpec.named("dev")));
        assertEquals(main, engine.branch("dev").logicalSize(), "a new branch without a compute has its parent's size");

        await(engine.createBranch(dev.arbor.domain.CreateBranchSpec.named("scratch")
                .withEndpoint(dev.arbor.domain.EndpointSpec.readWrite())));
        try (Connection c = connect(engine.connectionDetails("scratch", null, null), null); Statement s = c.createStatement()) {
            s.execute("drop table filler");
        }
        await(engine.suspendEndpoint(engine.endpoints("scratch").get(0).id()));
        assertTrue(engine.branch("scratch").logicalSize() < main, "measured after its own change");
        await(engine.resetFromParent("scratch", null));
        assertEquals(main, engine.branch("scratch").logicalSize(), "a reset has the size of what it was reset to");
    }
    @Test
    void aSuspendedComputesLastActiveIsWhenAClientLastUsedItNotWhenItStarted() throws Exception {
        java.time.Instant started;
        try (Connection c = connect(engine.connectionDetails("main", null, null), null)) { // wakes the compute
            started = engine.endpoints("main").get(0).lastActive();
            Thread.sleep(1_500); // a client that keeps working
            one(c, "select 1");
        }
        java.time.Instant left = java.time.Instant.now();
        await(engine.suspendEndpoint(engine.endpoints("main").get(0).id()));
        java.time.Instant lastActive = engine.endpoints("main").get(0).lastActive();
        assertTrue(lastActive.isAfter(started.plusMillis(1_000)) && !lastActive.isAfter(left.plusMillis(500)),
                "started " + started + ", the client left at " + left + ", last active " + lastActive);
    }
}
