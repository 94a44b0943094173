package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.ChildJvm;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.PointInTime;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * An Arbor killed while a branch has a read-write and read-only computes running: on the next open, the read-write
 * one is started, sealed and stopped (its commits kept); the read-only ones, which hold nothing of their own, are
 * deleted rather than started as if they were writable (one found before the writable one would have sealed the
 * branch's open segment at its own replay position); no compute directory and no postmaster is left, and both
 * endpoints start again.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(dev.arbor.testing.Parallel.POSTGRES_1)
class LeftoverComputesTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aReadOnlyComputeLeftByAKilledArborIsDeletedAndTheWritableOneSealed() throws Exception {
        Fixture.reachable(dir);
        ChildJvm.Running child = ChildJvm.start(false, ReadOnlyComputeChild.class, dir.toString());
        String readOnly;
        try {
            String line = child.nextLine(System.nanoTime() + TimeUnit.MINUTES.toNanos(2));
            while (line != null && !line.startsWith("READY ") && !line.equals(ChildJvm.EOF)) {
                line = child.nextLine(System.nanoTime() + TimeUnit.MINUTES.toNanos(2));
            }
            assertTrue(line != null && line.startsWith("READY "), "the child got both computes running; its output:\n"
                    + child.transcript());
            readOnly = line.substring("READY ".length()).strip();
            assertEquals(1 + ReadOnlyComputeChild.READ_ONLY, CrashSafetyTest.computesUnder(dir).size(), "a read-write and read-only computes run");
        } finally {
            child.process().destroyForcibly();
            assertTrue(child.process().waitFor(15, TimeUnit.SECONDS), "the killed child ended");
        }

        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, PgProjects.options())) {
            assertEquals(List.of(), CrashSafetyTest.computesUnder(dir), "no compute directory is left after opening");
            assertEquals(List.of(), CrashSafetyTest.postmastersUnder(dir.resolve("postgres")), "no postmaster the killed Arbor started "
                    + "still runs");
            for (Endpoint e : engine.endpoints("main")) {
                assertEquals(Endpoint.State.IDLE, e.currentState(), e.type() + " compute");
            }
            assertEquals(3L, engine.readPostgres("main", EmbeddedEngine.DEFAULT_DATABASE, PointInTime.HEAD,
                    r -> r.readRows("kept", 0, 10)).total(), "main's commits were kept");
            engine.awaitOperations(engine.startEndpoint(readOnly).operations(), Duration.ofMinutes(2));
            Endpoint started = engine.endpoints("main").stream().filter(e -> e.id().equals(readOnly)).findFirst()
                    .orElse(null);
            assertNotNull(started);
            assertEquals(Endpoint.State.ACTIVE, started.currentState(), "the read-only compute starts again");
        }
    }
}
