package dev.arbor.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the API server listens: the address (loopback unless told otherwise), the port (0 picks a free one),
 * the API key clients must send, the size of the request thread pool, the largest request body accepted, and
 * how long a stop waits for requests in flight.
 */
public record ServerOptions(InetAddress bindAddress, int port, String apiKey, int threads, int maxBodyBytes,
                            Duration shutdownGrace) {
    public static final int DEFAULT_PORT = 4300;
    public static final int DEFAULT_THREADS = 16;
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    public ServerOptions {
        bindAddress = bindAddress == null ? InetAddress.getLoopbackAddress() : bindAddress;
        Objects.requireNonNull(apiKey, "apiKey");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("A port is 0 (any free port) to 65535; got " + port + ".");
        }
        if (threads < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("A server needs at least one thread and a positive body limit.");
        }
        shutdownGrace = shutdownGrace == null ? DEFAULT_SHUTDOWN_GRACE : shutdownGrace;
    }

    /** Loopback on {@code port} with the defaults for everything else. */
    public static ServerOptions loopback(int port, String apiKey) {
        return new ServerOptions(null, port, apiKey, DEFAULT_THREADS, DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE);
    }

    public ServerOptions withMaxBodyBytes(int bytes) {
        return new ServerOptions(bindAddress, port, apiKey, threads, bytes, shutdownGrace);
    }

    @Override
    public String toString() {
        // the key never appears in logs or messages
        return "ServerOptions[" + bindAddress.getHostAddress() + ":" + port + ", threads=" + threads + "]";
    }
}
