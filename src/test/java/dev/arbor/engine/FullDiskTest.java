package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Endpoint;
import dev.arbor.testing.Parallel;
import dev.arbor.testing.PgProjects;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A full disk at start, on a real one: a small tmpfs mounted for the test (which needs root, as CI and the project's
 * machines run; as another user the class is skipped and says why). Opening a project, making a new one and starting
 * a compute on a disk without room each end in a sentence that says so, and leave the project as it was: once there
 * is room again it opens and its data is all there.
 */
@Execution(ExecutionMode.CONCURRENT) // beside other classes; its own tests run one after another (see each)
@ResourceLock(Parallel.POSTGRES_3)
class FullDiskTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static Path disk;
    private static boolean mounted;
    private Path filler;

    @BeforeAll
    static void mountASmallDisk() throws Exception {
        disk = PgProjects.tempDir("arbor-full-disk");
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=192m,mode=755", "tmpfs", disk.toString())
                    .redirectErrorStream(true).start();
            mounted = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            mounted = false;
        }
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "-l", disk.toString()).redirectErrorStream(true).start().waitFor(20, TimeUnit.SECONDS);
        }
        PgProjects.deleteQuietly(disk);
    }

    @BeforeEach
    void needsTheDisk() {
        Assumptions.assumeTrue(mounted, "mounting a small tmpfs as a full disk needs root");
        filler = disk.resolve("filler");
    }

    /** Empties the small disk: the filler, and the test's projects, which the next test's would not fit beside. */
    @AfterEach
    void makeRoom() throws IOException {
        if (filler != null) {
            Files.deleteIfExists(filler);
        }
        if (mounted) {
            try (var left = Files.list(disk)) {
                left.forEach(PgProjects::deleteQuietly);
            }
        }
    }

    /** Writes one file until less than {@code leave} bytes are free on the disk. */
    private void fill(long leave) throws IOException {
        byte[] mb = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (Files.getFileStore(disk).getUsableSpace() > leave) {
                out.write(mb);
            }
        } catch (IOException full) {
            if (leave > 0) {
                throw full;
            }
        }
    }

    private static void assertSaysTheDiskIsFull(ArborException e) {
        assertTrue(e.getMessage().contains("is full") && e.getMessage().contains("Free some space"), e.getMessage());
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD) // one small disk, filled and emptied by each test: one test at a time
    void aProjectOnAFullDiskIsRefusedWithASentenceAndOpensWithItsDataOnceThereIsRoom() throws Exception {
        Path dir = PgProjects.prepare(disk.resolve("kept"));
        List<String> names;
        try (EmbeddedEngine engine = PgProjects.open(dir)) {
            PgProjects.sql(engine, "main", "create table kept (id int primary key)", "insert into kept values (1), (2)");
            names = engine.branches().stream().map(Branch::name).sorted().toList();
        }

        fill(0);
        ArborException refused = assertThrows(ArborException.class, () -> PgProjects.open(dir).close());
        assertEquals("DISK_FULL", refused.reason());
        assertSaysTheDiskIsFull(refused);

        Files.delete(filler);
        try (EmbeddedEngine engine = PgProjects.open(dir)) {
            assertEquals(names, engine.branches().stream().map(Branch::name).sorted().toList());
            assertEquals(List.of("2"), PgProjects.column(engine, "main", "select count(*) from kept"));
        }
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD) // one small disk, filled and emptied by each test: one test at a time
    void aNewProjectOnAFullDiskIsRefusedBeforeAnythingIsMade() throws Exception {
        fill(0);
        Path fresh = disk.resolve("fresh");
        ArborException refused = assertThrows(ArborException.class,
                () -> EmbeddedEngine.open(fresh, PgProjects.options()).close());
        assertEquals("DISK_FULL", refused.reason());
        assertSaysTheDiskIsFull(refused);
        assertFalse(Files.exists(fresh), "no half-made project is left");
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD) // one small disk, filled and emptied by each test: one test at a time
    void aComputeDoesNotStartWithoutRoomAndStartsOnceThereIs() throws Exception {
        Path dir = PgProjects.prepare(disk.resolve("compute"));
        try (EmbeddedEngine engine = PgProjects.open(dir)) {
            PgProjects.sql(engine, "main", "create table kept (id int primary key)", "insert into kept values (1)");
            String endpoint = engine.endpoints("main").get(0).id();
            engine.awaitOperations(engine.suspendEndpoint(endpoint).operations(), WAIT);

            fill(16L << 20); // room for the project's own records, not for a compute
            ArborException refused = assertThrows(ArborException.class,
                    () -> engine.awaitOperations(engine.startEndpoint(endpoint).operations(), WAIT));
            assertSaysTheDiskIsFull(refused);
            assertNotEquals(Endpoint.State.ACTIVE, engine.endpoints("main").get(0).currentState());
            ConnectionDetails d = engine.connectionDetails("main", null, null);
            SQLException client = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(null)).close());
            assertTrue(client.getMessage().contains("is full"), "a client is told why: " + client.getMessage());

            Files.delete(filler);
            engine.awaitOperations(engine.startEndpoint(endpoint).operations(), WAIT);
            assertEquals(List.of("1"), PgProjects.column(engine, "main", "select count(*) from kept"));
        }
    }
}
