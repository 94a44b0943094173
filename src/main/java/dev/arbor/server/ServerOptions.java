package dev.arbor.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the API server listens: the address (loopback unless told otherwise), the port (0 picks a free one),
 * the API key clients must send, how many requests the backend works on at once, the largest request body
 * accepted, how long a stop waits for requests in flight, and how long a client may take to send its request
 * (head and body) and to take the answer before its connection is closed.
 */
public record ServerOptions(InetAddress bindAddress, int port, String apiKey, int threads, int maxBodyBytes,
                            Duration shutdownGrace, Duration readTimeout) {
    public static final int DEFAULT_PORT = 4300;
    public static final int DEFAULT_THREADS = 16;
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

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
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("The read timeout must be positive; got " + readTimeout + ".");
        }
    }

    /** The options with the default read timeout. */
    public ServerOptions(InetAddress bindAddress, int port, String apiKey, int threads, int maxBodyBytes,
                         Duration shutdownGrace) {
        this(bindAddress, port, apiKey, threads, maxBodyBytes, shutdownGrace, DEFAULT_READ_TIMEOUT);
    }

    /** Loopback on {@code port} with the defaults for everything else. */
    public static ServerOptions loopback(int port, String apiKey) {
        return new ServerOptions(null, port, apiKey, DEFAULT_THREADS, DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE,
                DEFAULT_READ_TIMEOUT);
    }

    public ServerOptions withMaxBodyBytes(int bytes) {
        return new ServerOptions(bindAddress, port, apiKey, threads, bytes, shutdownGrace, readTimeout);
    }

    public ServerOptions withThreads(int count) {
        return new ServerOptions(bindAddress, port, apiKey, count, maxBodyBytes, shutdownGrace, readTimeout);
    }

    public ServerOptions withReadTimeout(Duration timeout) {
        return new ServerOptions(bindAddress, port, apiKey, threads, maxBodyBytes, shutdownGrace, timeout);
    }

    /**
     * How many connections may be open at once; past it a new connection is closed at once. Far more than
     * {@link #threads()}: a connection that trickles its request holds one of these until its read timeout, never
     * one of the permits to work on requests.
     */
    public int maxConnections() {
        return Math.max(64, threads * 16);
    }

    @Override
    public String toString() {
        // the key never appears in logs or messages
        return "ServerOptions[" + bindAddress.getHostAddress() + ":" + port + ", threads=" + threads
                + ", readTimeout=" + readTimeout + "]";
    }
}
