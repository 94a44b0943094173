package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo on real Postgres, as the console's user meets it: made once in a hidden sibling and renamed into place,
 * reopened at another path, each branch a database whose connection string holds what the story says. The demo is
 * made once per test JVM ({@link PostgresDemoFixture}) and copied here.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_3)
class PostgresDemoTest {
    private static final EngineOptions POSTGRES = EngineOptions.defaults().withMaintenanceInterval(null);
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static Path root;
    private static Path dir;
    private static long seedMillis;
    private static EmbeddedEngine engine;
    private static Map<String, Branch> byName;

    @BeforeAll
    static void seedAndReopen() throws IOException {
        seedMillis = PostgresDemoFixture.seedMillis();
        System.out.println("The Postgres demo took " + seedMillis + " ms to make");
        // a copy at another path: the project moves again, and the tests' writes leave the shared demo alone
        root = PostgresDemoFixture.reachable(Files.createTempDirectory("arbor-pg-demo"));
        dir = root.resolve("demo");
        PostgresDemoFixture.copyInto(dir);
        engine = EmbeddedEngine.open(dir, POSTGRES);
        byName = engine.branches().stream().collect(Collectors.toMap(Branch::name, Function.identity()));
    }

    @AfterAll
    static void close() throws IOException {
        if (engine != null) {
            engine.close();
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void theDemoIsMadeInSecondsAndLandsWholeInItsDirectory() throws IOException {
        assertTrue(seedMillis < 120_000, "seeding took " + seedMillis + " ms");
        Path seeded = PostgresDemoFixture.template();
        assertTrue(Files.isDirectory(seeded.resolve("postgres")), "the Postgres files moved with the project");
        try (Stream<Path> s = Files.list(seeded.getParent())) {
            assertEquals(List.of(seeded), s.toList(), "no unfinished sibling is left");
        }
        assertFalse(DemoProject.seedIfEmpty(dir, POSTGRES), "a directory with a project is left alone");
    }

    @Test
    void theDemoHasTheBranchesOfTheStory() {
        Set<String> names = byName.keySet().stream().map(n -> n.startsWith("dev/maria_old_") ? "dev/maria_old_" : n)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("main", "production", "staging", "dev/arjun", "dev/maria", "dev/maria_old_",
                "feature/checkout-v2", "preview/pr-142", "analytics-sandbox", "ci-20261122-abc123", "preview/pr-139")),
                names);
        Branch sandbox = byName.get("analytics-sandbox");
        assertTrue(sandbox.isRoot() && sandbox.initSource() == dev.arbor.domain.InitSource.SCHEMA_ONLY);
        Branch main = byName.get("main");
        assertTrue(main.isDefault() && main.isRoot());
        assertTrue(byName.get("production").isProtected());
        assertEquals(byName.get("staging").id(), byName.get("dev/arjun").parentId());
        assertEquals(byName.get("dev/arjun").id(), byName.get("feature/checkout-v2").parentId());
        assertTrue(byName.get("preview/pr-139").expires() && byName.get("preview/pr-142").expires());
        assertEquals(backup().id(), byName.get("dev/maria").parentId(), "the backup became dev/maria's parent");
        assertTrue(backup().backup());
    }

    @Test
    void eachBranchHoldsTheDataOfTheStory() throws SQLException {
        try (Connection c = connect("main", null)) {
            assertEquals(60L, count(c, "select count(*) from customers"));
            assertEquals(12L, count(c, "select count(*) from products"));
            assertTrue(count(c, "select count(*) from orders") > 50, "main has taken many orders");
            assertEquals(0L, count(c, "select count(*) from information_schema.columns where column_name = 'discount_code'"));
        }
        try (Connection c = connect("production", null)) {
            assertTrue(count(c, "select count(*) from orders") > 20, "production is main as it was");
        }
        try (Connection c = connect("dev/arjun", null)) {
            assertTrue(count(c, "select count(*) from orders where discount_code is not null") > 0, "the added column");
            assertEquals(0L, count(c, "select count(*) from information_schema.tables where table_name = 'carts'"));
        }
        try (Connection c = connect("feature/checkout-v2", null)) {
            assertEquals(5L, count(c, "select count(*) from carts"), "the new table");
        }
    }

    @Test
    void devMariaIsRestoredAndItsBackupKeepsTheBadMigration() throws SQLException {
        try (Connection c = connect("dev/maria", null)) {
            assertTrue(count(c, "select count(*) from orders where status <> 'delivered'") > 0, "the restore undid it");
        }
        engine.awaitOperations(engine.createEndpoint(backup().id(), EndpointSpec.readWrite()).operations(), WAIT);
        try (Connection c = connect(backup().id(), null)) {
            assertEquals(0L, count(c, "select count(*) from orders where status <> 'delivered'"), "the mistake");
            assertTrue(count(c, "select count(*) from orders") > 0);
        }
        // Time Travel on the backup to the point dev/maria was restored to: before the mistake
        Branch maria = byName.get("dev/maria");
        assertNotNull(maria.parentLsn());
        try (Connection c = connect(backup().id(), "neon_lsn:" + maria.parentLsn())) {
            assertTrue(count(c, "select count(*) from orders where status <> 'delivered'") > 0, "the deleted rows");
        }
    }

    @Test
    void devMariasRestoreIsOneMomentInItsHistory() {
        // the console draws one restore when the branch's last reset and the restore's operation agree
        Branch maria = byName.get("dev/maria");
        Operation timeline = engine.operations(0, 200).stream()
                .filter(o -> o.action() == Operation.Action.CREATE_TIMELINE && maria.id().equals(o.branchId()))
                .findFirst().orElseThrow();
        Duration apart = Duration.between(timeline.createdAt(), maria.lastResetAt()).abs();
        assertTrue(apart.compareTo(Duration.ofSeconds(1)) < 0, "the reset and its operation are " + apart + " apart");
    }

    @Test
    void theMovedProjectKeepsWorking() throws SQLException {
        // a write sealed into the archive and branched from: the archive is found where the project now is
        try (Connection c = connect("staging", null)) {
            run(c, "insert into customers (id, name) values (1000, 'After the move')");
        }
        var made = engine.createBranch(CreateBranchSpec.named("after-the-move").withParent("staging")
                .withEndpoint(EndpointSpec.readWrite()));
        engine.awaitOperations(made.operations(), WAIT);
        try (Connection c = connect("after-the-move", null)) {
            assertEquals(1L, count(c, "select count(*) from customers where id = 1000"));
        }
    }

    private static Branch backup() {
        List<Branch> backups = new ArrayList<>(byName.values().stream().filter(Branch::backup).toList());
        assertEquals(1, backups.size());
        assertTrue(backups.get(0).name().startsWith("dev/maria_old_"));
        return backups.get(0);
    }

    private static Connection connect(String branch, String options) throws SQLException {
        ConnectionDetails d = engine.connectionDetails(branch, null, null);
        return DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(options));
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
