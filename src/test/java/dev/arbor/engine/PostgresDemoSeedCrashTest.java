package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.arbor.ChildJvm;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.Branch;
import dev.arbor.domain.PointInTime;
import dev.arbor.testing.PgProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeding the demo is all or nothing: a process killed part way, or a failure part way, leaves no project; the
 * Postgres servers a killed seeding started are stopped and its files removed by the next seeding, which makes the
 * whole demo and leaves alone a seeding still running elsewhere. A real project is never replaced by the demo.
 * The temporary directory is private, so as root (when Postgres runs as nobody) the Postgres files live under the
 * system's directory, named after the project's path, and must follow the rename into place.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_1)
class PostgresDemoSeedCrashTest {
    private static final int SIGKILL_EXIT = 128 + 9;
    private static final EngineOptions POSTGRES = EngineOptions.defaults().withMaintenanceInterval(null);

    @TempDir
    Path root;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aKilledSeedingLeavesNothingRunningOrKeptAndTheNextOneMakesTheWholeDemo() throws Exception {
        Path dir = root.resolve("demo");
        ChildJvm.Running child = ChildJvm.start(false, DemoSeedChild.class, dir.toString(), "dev/arjun", "postgres");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        try {
            String line;
            do {
                line = child.nextLine(deadline);
                if (line == null) {
                    fail("the child stopped before holding mid-seed; its output:\n" + child.transcript());
                }
            } while (!line.equals("HOLDING"));
        } finally {
            child.kill();
        }
        assertEquals(SIGKILL_EXIT, child.process().exitValue(), "the child died of SIGKILL mid-seed");
        assertFalse(Files.exists(dir.resolve(Store.DB_FILE)), "the killed seeding left no project in the data directory");
        List<Path> left = unfinished();
        assertEquals(1, left.size(), "the killed seeding's directory");
        List<ProcessHandle> postmasters = postmastersUnder(left.get(0));
        postmasters.addAll(postmastersUnder(DataPlane.systemPlaceOf(left.get(0))));
        assertFalse(postmasters.isEmpty(), "the killed seeding left Postgres running");

        List<Boolean> aliveWhileSeeding = new ArrayList<>();
        // another seeding, still running: its directory is held, so the next seeding leaves it alone
        Path running = root.resolve(".demo.seeding-elsewhere");
        try (EmbeddedEngine other = PgProjects.open(running)) {
            assertTrue(DemoProject.seedIfEmpty(dir, POSTGRES, branch -> {
                if (aliveWhileSeeding.isEmpty()) {
                    aliveWhileSeeding.add(postmasters.stream().anyMatch(ProcessHandle::isAlive));
                }
            }), "the next open seeds the demo");
            assertTrue(Files.exists(running.resolve(Store.DB_FILE)), "the other seeding's directory is left alone");
            assertEquals("main", other.branch("main").name());
        }
        assertEquals(List.of(false), aliveWhileSeeding, "the killed seeding's Postgres servers were stopped first");
        assertEquals(List.of(running), unfinished(), "what the killed seeding left is gone");
        assertFalse(Files.exists(DataPlane.systemPlaceOf(left.get(0))), "its Postgres files too");
        assertTrue(postmasters.stream().noneMatch(ProcessHandle::isAlive), "its Postgres servers were stopped");

        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, POSTGRES)) {
            Set<String> names = engine.branches().stream().map(Branch::name)
                    .map(n -> n.startsWith("dev/maria_old_") ? "dev/maria_old_" : n)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(Set.of("main", "production", "staging", "dev/arjun", "dev/maria", "dev/maria_old_",
                    "feature/checkout-v2", "preview/pr-142", "analytics-sandbox", "ci-20261122-abc123", "preview/pr-139")),
                    names);
            ConnectionDetails d = engine.connectionDetails("main", null, null);
            try (Connection c = DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(null)); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from customers")) {
                rs.next();
                assertEquals(60, rs.getInt(1), "the reopened demo reaches its data where it now is");
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFailurePartWayLeavesNothing() throws IOException {
        Path dir = root.resolve("demo");
        RuntimeException cut = assertThrows(RuntimeException.class, () -> DemoProject.seedIfEmpty(dir, POSTGRES, branch -> {
            throw new IllegalStateException("the disk filled up");
        }));
        assertEquals("the disk filled up", cut.getMessage());
        assertFalse(Files.exists(dir.resolve(Store.DB_FILE)), "no project in the data directory");
        assertEquals(List.of(), unfinished(), "nor a half one beside it");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aRealProjectIsNeverReplacedByTheDemo() {
        Path dir = root.resolve("mine");
        try (EmbeddedEngine engine = PgProjects.open(dir)) {
            PgProjects.sql(engine, "main", "create table notes (id bigint primary key, text text)",
                    "insert into notes values (1, 'mine')");
        }
        assertFalse(DemoProject.seedIfEmpty(dir, POSTGRES));
        try (EmbeddedEngine engine = PgProjects.open(dir)) {
            assertEquals(List.of("main"), engine.branches().stream().map(Branch::name).toList());
            assertEquals("mine", engine.readPostgres("main", DemoProject.DB, PointInTime.HEAD, r -> r.readRows("notes", 0, 1))
                    .rows().get(0).get("text"));
        }
    }

    @AfterEach
    void forgetSystemFiles() {
        // as root, the demo's Postgres files are outside the temporary directory JUnit deletes
        DataPlane.forgetSystemFiles(root.resolve("demo"));
    }

    private List<Path> unfinished() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".demo.seeding-")).toList();
        }
    }

    private static List<ProcessHandle> postmastersUnder(Path dir) throws IOException {
        List<ProcessHandle> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path pid : all.filter(p -> p.getFileName().toString().equals("postmaster.pid")).toList()) {
                String first = Files.readAllLines(pid).get(0).strip();
                ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive).ifPresent(found::add);
            }
        }
        return found;
    }
}
