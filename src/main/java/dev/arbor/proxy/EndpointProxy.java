package dev.arbor.proxy;

import dev.arbor.domain.ArborException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stable address of one endpoint: a listener on 127.0.0.1 and a fixed port that hands each Postgres client
 * to whatever compute the {@link Router} names at that moment. It answers the TLS and GSSAPI requests with "no"
 * (loopback needs neither), forwards cancel requests to the backend that owns the cancel key, reads Neon's
 * {@code neon_lsn:} / {@code neon_timestamp:} entries out of {@code options} for the router, and then relays
 * the bytes both ways untouched. Each client starts on its own virtual thread, so a router waiting for a
 * compute to wake holds up only the client it is routing; once connected, two platform threads copy its bytes.
 *
 * <p>For the engine: {@link #connections()} and {@link #lastActive()} tell when the endpoint is idle,
 * {@link #closeConnections()} interrupts every session (reset and restore), and {@link #useRouter} sends the
 * next clients elsewhere (after a restore, the same port leads to the new compute).
 */
public final class EndpointProxy implements AutoCloseable {
    /** How long a client may take to send its startup packets before the proxy hangs up. */
    public static final Duration DEFAULT_STARTUP_DEADLINE = Duration.ofSeconds(15);

    private final ServerSocket listener;
    private final Duration startupDeadline;
    private final ScheduledExecutorService deadlines;
    private final Thread acceptor;
    private final Set<ProxySession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, ProxySession> byCancelKey = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastActive = new AtomicReference<>(Instant.now());
    private volatile Router router;
    private volatile boolean closed;

    private EndpointProxy(ServerSocket listener, Router router, Duration startupDeadline) {
        this.listener = listener;
        this.router = router;
        this.startupDeadline = startupDeadline;
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "endpoint-proxy-deadlines-" + listener.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "endpoint-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
    }

    /** Listens on 127.0.0.1 at {@code port} (0: any free port). A port in use is a sentence. */
    public static EndpointProxy start(int port, Router router) {
        return start(port, router, DEFAULT_STARTUP_DEADLINE);
    }

    public static EndpointProxy start(int port, Router router, Duration startupDeadline) {
        if (port < 0 || port > 65535) {
            throw ArborException.invalid("PROXY_PORT_INVALID", "Port " + port + " is not a TCP port; choose one "
                    + "from 1 to 65535, or 0 for any free port.");
        }
        if (router == null || startupDeadline == null || startupDeadline.isNegative() || startupDeadline.isZero()) {
            throw new IllegalArgumentException("An endpoint proxy needs a router and a positive startup deadline.");
        }
        ServerSocket listener = null;
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true); // a restarted proxy gets its port back while old sockets linger
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (BindException e) {
            closeQuietly(listener);
            throw ArborException.conflict("PROXY_PORT_IN_USE", "Port " + port + " on 127.0.0.1 is already in use; "
                    + "stop the program using it or choose another port for the endpoint.");
        } catch (IOException e) {
            closeQuietly(listener);
            throw ArborException.unavailable("PROXY_LISTEN_FAILED", "Arbor could not listen on 127.0.0.1 port "
                    + port + " (" + e.getMessage() + ").", e);
        }
        EndpointProxy proxy = new EndpointProxy(listener, router, startupDeadline);
        proxy.acceptor.start();
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Sends the next clients where {@code next} says; sessions already relaying keep their compute. */
    public void useRouter(Router next) {
        if (next == null) {
            throw new IllegalArgumentException("An endpoint proxy needs a router.");
        }
        this.router = next;
    }

    Router router() {
        return router;
    }

    Duration startupDeadline() {
        return startupDeadline;
    }

    ScheduledExecutorService deadlines() {
        return deadlines;
    }

    /** The clients connected now, including those still starting up or waiting for a compute. */
    public int connections() {
        return sessions.size();
    }

    /**
     * When a client was last connected: now while one is, else the moment the last one left (or the proxy
     * started). The engine suspends an endpoint's compute after it has been idle long enough.
     */
    public Instant lastActive() {
        return sessions.isEmpty() ? lastActive.get() : Instant.now();
    }

    /** Ends every client's session (each sees its connection closed); returns how many there were. */
    public int closeConnections() {
        int closed = 0;
        for (ProxySession session : sessions) {
            session.close();
            closed++;
        }
        return closed;
    }

    /** Stops listening and ends every session. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        closeConnections();
        deadlines.shutdownNow();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isOpen() {
        return !closed;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (SocketException e) {
                return; // the listener was closed
            } catch (IOException e) {
                continue;
            }
            ProxySession session = new ProxySession(this, client);
            sessions.add(session);
            if (closed) {
                session.close();
                return;
            }
            Thread.ofVirtual().name("endpoint-proxy-client-" + client.getPort()).start(session);
        }
    }

    void registerCancelKey(String key, ProxySession session) {
        byCancelKey.put(key, session);
    }

    ProxySession sessionWithCancelKey(String key) {
        return byCancelKey.get(key);
    }

    void ended(ProxySession session, String cancelKey) {
        if (cancelKey != null) {
            byCancelKey.remove(cancelKey, session);
        }
        lastActive.set(Instant.now());
        sessions.remove(session);
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing is best effort: the other side may be gone already
            }
        }
    }

    @Override
    public String toString() {
        return "EndpointProxy[127.0.0.1:" + port() + ", " + connections() + " connections]";
    }
}
