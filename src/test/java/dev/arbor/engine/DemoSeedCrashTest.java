package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.arbor.ChildJvm;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Column;
import dev.arbor.domain.ColumnType;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeding the demo is all or nothing: a process killed part way, or a failure part way, leaves no half project
 * in the data directory, and the next seeding makes the complete demo and clears what the stopped one left.
 */
class DemoSeedCrashTest {
    private static final int SIGKILL_EXIT = 128 + 9;
    /** The branch names of the complete demo, the backup branch by its prefix. */
    private static final Set<String> COMPLETE = new TreeSet<>(Set.of("main", "production", "staging", "dev/arjun",
            "dev/maria", "feature/checkout-v2", "dev/maria_old_", "preview/pr-142", "analytics-sandbox",
            "ci-20261122-abc123", "preview/pr-139"));

    @TempDir
    Path root;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aSeedingKilledPartWayLeavesNoHalfDemoAndTheNextOpenGetsTheWholeOne() throws Exception {
        Path dir = root.resolve("demo");
        ChildJvm.Running child = ChildJvm.start(false, DemoSeedChild.class, dir.toString(), "dev/arjun");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            String line;
            do {
                line = child.nextLine(deadline);
                if (line == null) {
                    fail("the child stopped before holding mid-seed; its output:\n" + child.transcript());
                }
            } while (!line.equals("HOLDING"));
            try (Stream<Path> all = Files.walk(root)) {
                assertTrue(all.anyMatch(p -> p.getFileName().toString().equals(Store.DB_FILE)), "half a demo is written");
            }
        } finally {
            child.kill();
        }
        assertEquals(SIGKILL_EXIT, child.process().exitValue(), "the child died of SIGKILL mid-seed");
        assertFalse(Files.exists(dir.resolve(Store.DB_FILE)), "the killed seeding left no project in the data directory");

        assertTrue(DemoProject.seedIfEmpty(dir, EngineOptions.defaults()), "the next open seeds the demo");
        assertEquals(COMPLETE, branchNames(dir));
        assertEquals(List.of(), unfinished(), "what the killed seeding left is gone");
    }

    @Test
    void aFailurePartWayLeavesNothingAndTheNextSeedingIsComplete() throws IOException {
        Path dir = root.resolve("demo");
        RuntimeException cut = assertThrows(RuntimeException.class, () -> DemoProject.seedIfEmpty(dir, EngineOptions.defaults(), branch -> {
            if (branch.equals("staging")) {
                throw new IllegalStateException("the disk filled up");
            }
        }));
        assertEquals("the disk filled up", cut.getMessage());
        assertFalse(Files.exists(dir.resolve(Store.DB_FILE)));
        assertEquals(List.of(), unfinished());

        assertTrue(DemoProject.seedIfEmpty(dir, EngineOptions.defaults()));
        assertEquals(COMPLETE, branchNames(dir));
        assertFalse(DemoProject.seedIfEmpty(dir, EngineOptions.defaults()), "a complete demo is left alone");
    }

    @Test
    void aRealProjectIsNeverReplacedByTheDemo() {
        Path dir = root.resolve("mine");
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null))) {
            engine.write("main", tx -> {
                tx.createTable(new TableSchema(DemoProject.DB, "notes", List.of(Column.required("id", ColumnType.BIGINT),
                        Column.of("text", ColumnType.TEXT)), List.of("id")));
                tx.insert(DemoProject.DB, "notes", Map.of("id", 1, "text", "mine"));
            });
        }
        assertFalse(DemoProject.seedIfEmpty(dir, EngineOptions.defaults()));
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null))) {
            assertEquals(List.of("main"), engine.branches().stream().map(Branch::name).toList());
            assertEquals("mine", engine.read("main", PointInTime.HEAD).get(DemoProject.DB, "notes", 1L).get("text"));
        }
    }

    @Test
    void aSeedingStillRunningIsNotCleared() throws IOException {
        Path dir = root.resolve("demo");
        Path running = root.resolve(".demo.seeding-elsewhere");
        try (EmbeddedEngine other = EmbeddedEngine.open(running, EngineOptions.defaults().withMaintenanceInterval(null))) {
            assertTrue(DemoProject.seedIfEmpty(dir, EngineOptions.defaults()));
            assertTrue(Files.exists(running.resolve(Store.DB_FILE)), "the other seeding's directory is left alone");
            assertEquals("main", other.branch("main").name());
        }
        assertEquals(COMPLETE, branchNames(dir));
    }

    private List<Path> unfinished() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".demo.seeding-")).toList();
        }
    }

    private static Set<String> branchNames(Path dir) {
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null))) {
            return engine.branches().stream().map(Branch::name)
                    .map(n -> n.startsWith("dev/maria_old_") ? "dev/maria_old_" : n)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
