package dev.arbor.contract;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.Capabilities;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.remote.ApiKey;
import dev.arbor.remote.ClientOptions;
import dev.arbor.remote.NeonApiClient;
import dev.arbor.remote.RemoteBackend;
import dev.arbor.server.ApiServer;
import dev.arbor.server.ServerOptions;
import java.time.Duration;

/**
 * The contract against {@code RemoteBackend → NeonApiClient → ApiServer → EmbeddedBackend} on loopback: the server
 * wraps the engine as {@code arbor serve} does (mutations answer at once, operations run on the engine's thread),
 * so the remote backend really polls its operations.
 */
class RemoteBackendContractTest extends BranchBackendContract {
    private static final String KEY = "contract-key-0123456789";

    private ApiServer server;

    @Override
    protected BranchBackend open(EmbeddedEngine engine) {
        server = ApiServer.start(new EmbeddedBackend(engine, false),
                new ServerOptions(null, 0, KEY, 4, ServerOptions.DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(1)));
        ClientOptions options = ClientOptions.DEFAULT.withPolling(Duration.ofMillis(2), Duration.ofMillis(20), Duration.ofSeconds(20));
        return new RemoteBackend(new NeonApiClient(server.baseUrl().toString(), ApiKey.of(KEY), options), engine.project().id());
    }

    @Override
    protected void closeBackend() {
        try {
            backend.close();
        } finally {
            server.close();
        }
    }

    @Override
    protected Capabilities expectedCapabilities() {
        return RemoteBackend.CAPABILITIES;
    }
}
