package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.ChildJvm;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.PointInTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process owns a data directory, a project on real Postgres: a second opener, in this JVM or another, is refused
 * with a clear sentence.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DataDirLockTest {
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(90);
    private static final EngineOptions OPTIONS = OpenProbe.OPTIONS;

    @TempDir
    Path dir;

    @BeforeEach
    void reachable() throws Exception {
        // as root, Postgres runs as nobody, which must reach the data directory
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void secondOpenInTheSameJvmIsRefusedAndTheFirstKeepsWorking() throws Exception {
        try (EmbeddedEngine first = EmbeddedEngine.open(dir, OPTIONS)) {
            ArborException e = assertThrows(ArborException.class, () -> EmbeddedEngine.open(dir, OPTIONS));
            assertInUse(e.code(), e.reason(), e.getMessage());
            var main = first.connectionDetails("main", null, null);
            try (Connection c = DriverManager.getConnection(main.jdbcUrl(), main.jdbcProperties(null));
                 Statement st = c.createStatement()) {
                st.execute("create table t (id bigint primary key)");
                st.execute("insert into t values (1)");
            }
            assertEquals(1, rowsOfT(first), "the first engine is unaffected");
        }
        try (EmbeddedEngine again = EmbeddedEngine.open(dir, OPTIONS)) {
            assertEquals(1, rowsOfT(again), "after close the directory opens again");
        }
    }

    @Test
    void secondProcessIsToldTheDirectoryIsInUse() throws Exception {
        try (EmbeddedEngine first = EmbeddedEngine.open(dir, OPTIONS)) {
            ChildJvm.Result r = ChildJvm.run(CHILD_TIMEOUT, OpenProbe.class, "probe", dir.toString());
            assertEquals(OpenProbe.REFUSED_EXIT, r.exitCode(), "the second process could not open it:\n" + r.output());
            assertTrue(r.output().contains("REFUSED UNAVAILABLE DATA_DIR_IN_USE"), r.output());
            String message = messageLine(r.output());
            assertInUse(ErrorCode.UNAVAILABLE, "DATA_DIR_IN_USE", message);
            assertTrue(message.contains("pid " + ProcessHandle.current().pid()), "the message names the holder: " + message);
            first.branches();
        }
        ChildJvm.Result r = ChildJvm.run(CHILD_TIMEOUT, OpenProbe.class, "probe", dir.toString());
        assertEquals(0, r.exitCode(), "after close another process opens it:\n" + r.output());
        assertTrue(r.output().contains("OPENED "), r.output());
    }

    @Test
    void thisProcessIsToldWhenAnotherProcessHoldsTheDirectory() throws Exception {
        ChildJvm.Running holder = ChildJvm.start(false, OpenProbe.class, "hold", dir.toString());
        try {
            long deadline = System.nanoTime() + CHILD_TIMEOUT.toNanos();
            String line;
            do {
                line = holder.nextLine(deadline);
                assertNotNull(line, "the holder process opened the directory:\n" + holder.transcript());
            } while (!line.startsWith("HOLDING "));
            long pid = holder.process().pid();
            ArborException e = assertThrows(ArborException.class, () -> EmbeddedEngine.open(dir, OPTIONS));
            assertInUse(e.code(), e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + pid), "the message names the holder " + pid + ": " + e.getMessage());
        } finally {
            holder.process().getOutputStream().close();
            if (!holder.process().waitFor(20, TimeUnit.SECONDS)) {
                holder.kill();
            }
        }
        assertEquals(0, holder.process().exitValue(), "the holder closed cleanly");
        try (EmbeddedEngine mine = EmbeddedEngine.open(dir, OPTIONS)) {
            assertEquals("main", mine.branch("main").name());
        }
    }

    /**
     * A refused second open inside the owning JVM must not cost the owner its lock: afterwards another process
     * must still be refused. (POSIX record locks belong to the process and are dropped when it closes <em>any</em>
     * descriptor of the file, so probing the lock file with a new channel, or reading the holder's pid from it,
     * releases the owner's lock.)
     */
    @Test
    void refusedSecondOpenDoesNotReleaseTheOwnersLock() throws Exception {
        try (EmbeddedEngine first = EmbeddedEngine.open(dir, OPTIONS)) {
            ArborException e = assertThrows(ArborException.class, () -> EmbeddedEngine.open(dir, OPTIONS));
            assertEquals("DATA_DIR_IN_USE", e.reason());
            ChildJvm.Result r = ChildJvm.run(CHILD_TIMEOUT, OpenProbe.class, "probe", dir.toString());
            assertEquals(OpenProbe.REFUSED_EXIT, r.exitCode(),
                    "another process opened the directory while this JVM still owns it:\n" + r.output());
            assertTrue(r.output().contains("DATA_DIR_IN_USE"), r.output());
            first.branches();
        }
    }

    private static long rowsOfT(EmbeddedEngine engine) {
        return engine.readPostgres("main", "neondb", PointInTime.HEAD, r -> r.readRows("t", 0, 10)).total();
    }

    private void assertInUse(ErrorCode code, String reason, String message) {
        assertEquals(ErrorCode.UNAVAILABLE, code);
        assertEquals("DATA_DIR_IN_USE", reason);
        assertTrue(message.contains(dir.toString()), "the message names the directory: " + message);
        assertTrue(message.contains("in use"), "the message says it is in use: " + message);
        assertTrue(message.strip().endsWith("."), "a sentence: " + message);
    }

    private static String messageLine(String output) {
        return output.lines().filter(l -> l.startsWith("MESSAGE ")).map(l -> l.substring(8)).findFirst()
                .orElseThrow(() -> new AssertionError("no MESSAGE line in:\n" + output));
    }
}
