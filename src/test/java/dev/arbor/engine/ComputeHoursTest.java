package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BackendEvent;
import dev.arbor.backend.BranchResult;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Compute hours on real Postgres: the seconds a branch's compute was active so far in the current billing period (a
 * calendar month, UTC), from a client waking it to its suspension, a running compute's time included.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_3)
class ComputeHoursTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T22:00:00Z"));
    private Path dir;
    private EmbeddedEngine engine;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("arbor-compute-hours");
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // as root, Postgres runs as nobody, which must reach the data directory
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        engine = openEngine();
    }

    private EmbeddedEngine openEngine() {
        return EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null)
                .withClock(clock));
    }

    @AfterEach
    void close() throws Exception {
        if (engine != null) {
            engine.close();
        }
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void connectAndQuery(ConnectionDetails d) throws SQLException {
        try (Connection c = DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(null)); Statement s = c.createStatement()) {
            s.execute("select 1");
        }
    }

    private long activeSeconds() {
        return engine.branch("main").activeTimeSeconds();
    }

    private void suspend(String endpointId) {
        BranchResult r = engine.suspendEndpoint(endpointId);
        engine.awaitOperations(r.operations(), WAIT);
    }

    @Test
    void aClientWakingTheComputeStartsTheClockAndASuspensionStopsIt() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        String endpoint = engine.endpoints("main").get(0).id();
        assertEquals(0, activeSeconds(), "no compute has run yet");

        connectAndQuery(main);
        assertEquals(Endpoint.State.ACTIVE, engine.endpoint(endpoint).currentState());
        clock.advance(Duration.ofMinutes(20));
        assertEquals(20 * 60, activeSeconds(), "a running compute counts until now");
        assertEquals(20 * 60, engine.branches().stream().filter(b -> b.name().equals("main")).findFirst().orElseThrow()
                .activeTimeSeconds(), "the branch list says the same");

        List<BackendEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable ignored = engine.subscribe(events::add)) {
            suspend(endpoint);
        }
        assertTrue(events.stream().anyMatch(e -> e instanceof BackendEvent.BranchChanged c
                && c.branch().name().equals("main") && c.branch().activeTimeSeconds() == 20 * 60),
                "the console is told the branch's hours: " + events);
        clock.advance(Duration.ofHours(1));
        assertEquals(20 * 60, activeSeconds(), "a suspended compute adds nothing");

        connectAndQuery(main); // 23:20, woken again
        clock.advance(Duration.ofMinutes(30));
        assertEquals(50 * 60, activeSeconds(), "the second run adds to the first");
    }

    @Test
    void aNewMonthStartsFromZeroAndCountsOnlyItsOwnPartOfARunningCompute() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        String endpoint = engine.endpoints("main").get(0).id();
        connectAndQuery(main); // 22:00 on the last day of November
        clock.advance(Duration.ofMinutes(90));
        assertEquals(90 * 60, activeSeconds());

        clock.advance(Duration.ofMinutes(40)); // 00:10 on December 1st
        assertEquals(10 * 60, activeSeconds(), "only December's ten minutes");
        suspend(endpoint);
        clock.advance(Duration.ofHours(2));
        assertEquals(10 * 60, activeSeconds());

        clock.set(Instant.parse("2027-01-01T00:00:00Z"));
        assertEquals(0, activeSeconds(), "a month in which the compute never ran");
    }

    @Test
    void closingTheProjectStopsTheClockAndTheTimeIsKeptAcrossAReopen() throws Exception {
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        connectAndQuery(main);
        clock.advance(Duration.ofMinutes(15));
        engine.close();
        engine = null;

        clock.advance(Duration.ofHours(1)); // Arbor not running
        engine = openEngine();
        assertEquals(Endpoint.State.IDLE, engine.endpoints("main").get(0).currentState());
        assertEquals(15 * 60, activeSeconds(), "the quarter hour before the close, and nothing of the hour after");
    }
}
