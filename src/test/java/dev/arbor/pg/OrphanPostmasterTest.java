package dev.arbor.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** kill -9 of the JVM that runs a server: the postmaster it leaves is found and stopped by the next start. */
class OrphanPostmasterTest {
    private Path root;
    private PostgresServer server;
    private long orphanPid = -1;

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            server.stop();
        }
        // when the test failed before the orphan was stopped, it must not outlive the test
        ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        PgTestSupport.delete(root);
    }

    @Test
    void aNormalExitStopsTheServerAndTheNextStartStopsThePostmasterAKilledJvmLeft() throws Exception {
        root = PgTestSupport.scratch("arbor-pg-orphan");
        Path dir = root.resolve("server");
        Path archive = root.resolve("archive");
        String cache = PgTestSupport.binaries().home().getParent().toString();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();

        // a JVM that exits normally stops its server on the way out
        ChildJvm.Running exiting = ChildJvm.start(false, ServerChild.class, dir.toString(), archive.toString(),
                cache, "exit");
        String started = exiting.nextLine(deadline);
        assertNotNull(started, "the first child started no server");
        assertTrue(exiting.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        long stoppedPid = Long.parseLong(started.substring("READY ".length()));
        assertFalse(ProcessHandle.of(stoppedPid).map(ProcessHandle::isAlive).orElse(false),
                "the shutdown hook stopped the server");
        assertFalse(Files.exists(dir.resolve("data/postmaster.pid")));

        ChildJvm.Running child = ChildJvm.start(false, ServerChild.class, dir.toString(), archive.toString(), cache);
        String ready = child.nextLine(deadline);
        assertNotNull(ready, "the child started no server");
        assertTrue(ready.startsWith("READY "), ready);
        orphanPid = Long.parseLong(ready.substring("READY ".length()));
        int acknowledged = 0;
        while (acknowledged < 50) {
            String line = child.nextLine(deadline);
            assertNotNull(line, "the child stopped committing");
            acknowledged = Integer.parseInt(line.substring("COMMITTED ".length()));
        }

        child.kill(); // SIGKILL: no shutdown hook runs
        ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();
        assertTrue(orphan.isAlive(), "the killed JVM left its postmaster running");
        assertEquals(List.of(orphanPid), PgTestSupport.postgresOn(dir.resolve("data")));

        server = PostgresServer.open(PgTestSupport.binaries(), PgTestSupport.account(), dir, archive);
        server.start(0);
        assertNotEquals(orphanPid, server.pid());
        assertFalse(orphan.isAlive(), "the orphan was stopped");
        assertEquals(List.of(server.pid()), PgTestSupport.postgresOn(server.dataDirectory()),
                "exactly one postmaster on the data directory");
        try (Connection c = server.connectAsOwner(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*), coalesce(min(n), 0), coalesce(max(n), 0) from acknowledged"
                     + " where n <= " + acknowledged)) {
            rs.next();
            assertEquals(List.of(acknowledged, 1, acknowledged), List.of(rs.getInt(1), rs.getInt(2), rs.getInt(3)),
                    "every acknowledged commit survived");
        }
    }
}
