package dev.arbor.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.api.NeonDocument;
import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.Capabilities;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Project;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.remote.ApiKey;
import dev.arbor.remote.ClientOptions;
import dev.arbor.remote.NeonApiClient;
import dev.arbor.remote.RemoteBackend;
import dev.arbor.server.ApiServer;
import dev.arbor.server.ServerOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract against {@code RemoteBackend → NeonApiClient → ApiServer → EmbeddedBackend} on loopback: the server
 * wraps the engine as {@code arbor serve} does (mutations answer at once, operations run on the engine's thread),
 * so the remote backend really polls its operations.
 *
 * <p>The client talks to the server through a {@link RecordingProxy}, and after each test every request it sent
 * (method, path, query parameters, body) is validated against the real Neon OpenAPI document: a client that sends
 * what Neon does not describe fails the test that made it send it. A request the server accepted must match in
 * full; one it refused may carry a value the document rules out (the suite sends an empty name, a 300-character
 * name, an operation id that is no UUID, to see them refused), but still goes to a documented route with
 * documented query parameters.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_2)
class RemoteBackendContractTest extends BranchBackendContract {
    private static final String KEY = "contract-key-0123456789";

    private ApiServer server;
    private RecordingProxy proxy;

    @Override
    protected BranchBackend open(EmbeddedEngine engine) {
        server = ApiServer.start(new EmbeddedBackend(engine, false),
                new ServerOptions(null, 0, KEY, 4, ServerOptions.DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(1)));
        URI base = server.baseUrl();
        proxy = new RecordingProxy(URI.create(base.getScheme() + "://" + base.getRawAuthority()));
        ClientOptions options = ClientOptions.DEFAULT.withPolling(Duration.ofMillis(2), Duration.ofMillis(20), Duration.ofSeconds(20));
        // the suite's engine keeps its data in the versioned store, without computes to read rows from
        return RemoteBackend.withoutRows(new NeonApiClient(proxy.baseUrl(), ApiKey.of(KEY), options), engine.project().id());
    }

    @AfterEach
    void everyRequestTheClientSentIsInTheDocument() {
        List<String> problems = new ArrayList<>();
        for (RecordingProxy.Recorded r : proxy.drain()) {
            problems.addAll(r.status() < 300 ? NeonDocument.neon().requestProblems(r.request())
                    : NeonDocument.neon().routeProblems(r.request()));
            problems.addAll(NeonDocument.neon().undeclaredInRequest(r.request()));
        }
        assertTrue(problems.isEmpty(), problems.size() + " requests do not match the Neon OpenAPI document:\n  "
                + String.join("\n  ", problems));
    }

    @Override
    protected void closeBackend() {
        try {
            backend.close();
        } finally {
            proxy.close();
            server.close();
        }
    }

    @Override
    protected Capabilities expectedCapabilities() {
        return RemoteBackend.WITHOUT_ROWS;
    }

    /** The project picker's call, which the suite above does not make: {@code GET /projects}. */
    @Test
    void listingProjectsFindsTheServedProject() {
        List<Project> projects = RemoteBackend.listProjects(proxy.baseUrl(), ApiKey.of(KEY));
        assertEquals(List.of(engine.project().id()), projects.stream().map(Project::id).toList());
    }

    /**
     * Connecting through the API gives what the served backend gives: the same connection (its password included)
     * or the same refusal, code and sentence, with every request in the document (checked after each test).
     */
    @Test
    void connectingGivesWhatTheServedBackendGives() {
        EmbeddedBackend served = new EmbeddedBackend(engine, false);
        String main = id("main");
        assertSameOutcome(() -> served.connectionDetails(main, "neondb", "neondb_owner").uri(),
                () -> backend.connectionDetails(main, "neondb", "neondb_owner").uri());
        assertSameOutcome(() -> served.revealPassword(main, "neondb_owner"),
                () -> backend.revealPassword(main, "neondb_owner"));
        ArborException unknownRole = assertThrows(ArborException.class,
                () -> backend.connectionDetails(main, "neondb", "nobody"));
        assertEquals(ErrorCode.NOT_FOUND, unknownRole.code());
    }

    private static void assertSameOutcome(Supplier<String> served, Supplier<String> remote) {
        String expected;
        try {
            expected = served.get();
        } catch (ArborException refused) {
            ArborException e = assertThrows(ArborException.class, remote::get);
            assertEquals(List.of(refused.code(), refused.reason(), refused.getMessage()),
                    List.of(e.code(), e.reason(), e.getMessage()));
            return;
        }
        assertEquals(expected, remote.get());
    }
}
