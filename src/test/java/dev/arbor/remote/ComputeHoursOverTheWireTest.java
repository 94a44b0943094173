package dev.arbor.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.ManualClock;
import dev.arbor.server.ApiServer;
import dev.arbor.server.ServerOptions;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A branch's compute hours reach a Neon API client from {@code arbor serve} as {@code active_time_seconds}. */
class ComputeHoursOverTheWireTest {
    private static final String KEY = "hours-key-0123456789";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-10T08:00:00Z"));
    private EmbeddedEngine engine;
    private ApiServer server;
    private RemoteBackend remote;

    @BeforeEach
    void start() {
        engine = PgProjects.open(dir, PgProjects.options().withClock(clock));
        server = ApiServer.start(new EmbeddedBackend(engine, false), new ServerOptions(null, 0, KEY, 4, 1 << 20,
                Duration.ofSeconds(1)));
        ClientOptions options = ClientOptions.DEFAULT.withPolling(Duration.ofMillis(5), Duration.ofMillis(50),
                Duration.ofMinutes(2));
        remote = new RemoteBackend(new NeonApiClient(server.baseUrl().toString(), ApiKey.of(KEY), options),
                engine.project().id());
    }

    @AfterEach
    void stop() {
        remote.close();
        server.close();
        engine.close();
    }

    @Test
    void theClientSeesTheTimeTheBranchsComputeWasActive() {
        String endpoint = remote.listEndpoints(remote.getBranch("main").id()).get(0).id();
        assertEquals(0, remote.getBranch("main").activeTimeSeconds());

        remote.startEndpoint(endpoint);
        clock.advance(Duration.ofMinutes(90));
        assertEquals(5400, remote.getBranch("main").activeTimeSeconds(), "a running compute's time so far");
        remote.suspendEndpoint(endpoint);
        clock.advance(Duration.ofMinutes(30));
        assertEquals(5400, remote.listBranches().stream().filter(b -> b.name().equals("main")).findFirst()
                .orElseThrow().activeTimeSeconds());
    }
}
