package dev.arbor.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.PointAccess;
import dev.arbor.domain.Branch;
import dev.arbor.domain.PointInTime;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.ManualClock;
import dev.arbor.server.ApiServer;
import dev.arbor.server.ServerOptions;
import dev.arbor.testing.Parallel;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A console that crashed at a point leaves its temporary branch behind; under {@code arbor serve} the engine's
 * maintenance deletes it once it expires, read-only compute and all, and a late close is no error.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Parallel.POSTGRES_1)
class TemporaryBranchExpiryTest {
    private static final String KEY = "expiry-key-0123456789";

    @TempDir
    Path dir;

    @Test
    void aTemporaryBranchLeftBehindIsDeletedByTheServerWhenItExpires() {
        ManualClock clock = new ManualClock(Instant.now());
        try (EmbeddedEngine engine = PgProjects.open(dir.resolve("project"), PgProjects.options().withClock(clock));
             ApiServer server = ApiServer.start(new EmbeddedBackend(engine, false), ServerOptions.loopback(0, KEY));
             RemoteBackend remote = new RemoteBackend(new NeonApiClient(server.baseUrl().toString(), ApiKey.of(KEY),
                     ClientOptions.DEFAULT.withPolling(Duration.ofMillis(5), Duration.ofMillis(100), Duration.ofMinutes(2))),
                     engine.project().id())) {
            String main = engine.branch("main").id();
            PointInTime at = PointInTime.at(PgProjects.lsn(engine, "main"));
            PointAccess left = remote.openPoint(main, at); // the console crashes here: nobody closes it
            Branch temporary = engine.branches().stream().filter(b -> b.name().startsWith("time-travel/")).findFirst()
                    .orElseThrow();

            clock.advance(Duration.ofMinutes(59));
            assertEquals(List.of(), engine.runMaintenance().expiredBranches(), "not before its time");
            clock.advance(Duration.ofMinutes(2));
            assertEquals(List.of(temporary.name()), engine.runMaintenance().expiredBranches());
            assertTrue(engine.branches().stream().noneMatch(b -> b.id().equals(temporary.id())));
            assertTrue(engine.allEndpoints().stream().noneMatch(e -> e.branchId().equals(temporary.id())),
                    "its read-only compute went with it");

            left.close(); // a late close: the branch is gone, which is no error
        }
    }
}
