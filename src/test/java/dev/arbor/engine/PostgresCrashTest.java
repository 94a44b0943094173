package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.ChildJvm;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Arbor killed with SIGKILL while a client writes through its endpoint: Postgres keeps running on its own, so every
 * transaction it acknowledged is in that compute's directory. The next open finds the orphaned postmaster, stops it
 * cleanly, seals its WAL into the archive and removes the directory: every acknowledged commit is there, and no
 * postmaster is left serving the old directory.
 */
class PostgresCrashTest {
    private Path dir;

    @AfterEach
    void delete() throws Exception {
        if (dir != null) {
            try (var all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyAcknowledgedCommitSurvivesSigkillOfArbor() throws Exception {
        dir = Files.createTempDirectory("arbor-pg-crash");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        ChildJvm.Running child = ChildJvm.start(false, PostgresProjectChild.class, dir.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int port = 0;
        String password = null;
        while (port == 0 || password == null) {
            String line = child.nextLine(deadline);
            assertNotNull(line, "the child stopped: " + child.transcript());
            if (line.startsWith("PORT ")) {
                port = Integer.parseInt(line.substring(5).strip());
            } else if (line.startsWith("PASSWORD ")) {
                password = line.substring(9).strip();
            }
        }
        ConnectionDetails d = new ConnectionDetails(null, "127.0.0.1", port, "neondb", "neondb_owner", password);
        int acknowledged = 0;
        try (Connection c = connect(d)) {
            try (Statement s = c.createStatement()) {
                s.execute("create table t (id int primary key)");
                for (int i = 1; i <= 200; i++) {
                    s.execute("insert into t values (" + i + ")"); // autocommit: returns once committed
                    acknowledged = i;
                }
            }
            child.kill(); // SIGKILL while the client still holds its session
        }
        Path computes = dir.resolve("postgres/computes");
        assertEquals(1, Files.list(computes).count(), "the killed Arbor left its compute running");

        // opened again two hours later: the hours Arbor was not running are not the compute's
        ManualClock later = new ManualClock(java.time.Instant.now().plus(java.time.Duration.ofHours(2)));
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir,
                EngineOptions.defaults().withMaintenanceInterval(null).withPostgres(true).withClock(later))) {
            assertEquals(0, Files.list(computes).count(), "the orphaned compute was sealed, stopped and removed");
            assertTrue(postmastersUnder(computes).isEmpty(), "no postmaster serves the old directory");
            assertEquals(Endpoint.State.IDLE, engine.endpoints("main").get(0).currentState());
            assertEquals(0, engine.branch("main").activeTimeSeconds(), "counted until its last recorded activity, its"
                    + " wake, and not until the project was opened again");
            ConnectionDetails now = engine.connectionDetails("main", null, null);
            assertEquals(port, now.port(), "the endpoint keeps its port");
            try (Connection c = connect(now); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*), max(id) from t")) {
                rs.next();
                assertEquals(acknowledged, rs.getInt(1));
                assertEquals(acknowledged, rs.getInt(2));
            }
        }
    }

    private static List<Long> postmastersUnder(Path dir) {
        String prefix = dir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(prefix)).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    private static Connection connect(ConnectionDetails d) throws Exception {
        return DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(null));
    }
}
