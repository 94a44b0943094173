package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.arbor.ChildJvm;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.Branch;
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
 * Seeding the Postgres demo is all or nothing, like the old one: a process killed part way leaves no project, the
 * Postgres servers it started are stopped and its files removed by the next seeding, which makes the whole demo.
 * The temporary directory is private, so as root (when Postgres runs as nobody) the Postgres files live under the
 * system's directory, named after the project's path, and must follow the rename into place.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_HEAVY)
class PostgresDemoSeedCrashTest {
    private static final int SIGKILL_EXIT = 128 + 9;
    private static final EngineOptions POSTGRES = EngineOptions.defaults().withMaintenanceInterval(null).withPostgres(true);

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
        assertTrue(DemoProject.seedIfEmpty(dir, POSTGRES, branch -> {
            if (aliveWhileSeeding.isEmpty()) {
                aliveWhileSeeding.add(postmasters.stream().anyMatch(ProcessHandle::isAlive));
            }
        }), "the next open seeds the demo");
        assertEquals(List.of(false), aliveWhileSeeding, "the killed seeding's Postgres servers were stopped first");
        assertEquals(List.of(), unfinished(), "what the killed seeding left is gone");
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
