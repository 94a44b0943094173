package dev.arbor.server;

import dev.arbor.api.NeonMapper;
import dev.arbor.backend.BranchBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Neon API v2 subset (reference §2) over any {@link BranchBackend}, on Jetty, loopback by default.
 * Jetty reads request heads without holding a thread, so clients that trickle their requests do not starve others;
 * {@link RequestDeadlines} closes a connection whose client takes longer than the read timeout to send its request
 * or take its answer, and past {@link ServerOptions#maxConnections()} new connections are closed at once. At most
 * {@link ServerOptions#threads()} requests are worked on at once. Every refusal, including the ones Jetty's parser
 * makes before any handler runs, is a Neon error body ({@link NeonErrorHandler}). Closing the server stops it
 * accepting, lets requests in flight finish within the grace period, and leaves the backend open: its owner
 * closes it.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final long OVERLOAD_WARNING_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Jetty's own threads beside the ones handling requests: the acceptor, the selector, spares. */
    private static final int JETTY_THREADS = 8;
    private static final long SHUTDOWN_IDLE_MILLIS = 100;
    /** Jetty's idle timeout, a backstop behind the request deadlines (see start). */
    private static final long IDLE_BACKSTOP_MILLIS = 300_000;

    /**
     * The path is split and decoded by {@link ApiHandler#segments}, segment by segment, so an encoded '/' or '.'
     * is data inside its segment, not an ambiguity to refuse.
     */
    private static final UriCompliance URI_COMPLIANCE = UriCompliance.DEFAULT.with("ARBOR",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT, UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT);

    private final Server jetty;
    /** The port bound at start; Jetty forgets it once stopped, and the URL stays useful to say where it was. */
    private final int port;
    private final RequestDeadlines deadlines;
    private final ServerOptions options;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ApiServer(Server jetty, int port, RequestDeadlines deadlines, ServerOptions options) {
        this.jetty = jetty;
        this.port = port;
        this.deadlines = deadlines;
        this.options = options;
    }

    /** Binds and starts serving; the port is taken when this returns. */
    public static ApiServer start(BranchBackend backend, ServerOptions options) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(options, "options");
        NeonMapper mapper = new NeonMapper();
        Router router = new Router();
        List<RouteSupport> groups = List.of(new ProjectRoutes(backend, mapper), new BranchRoutes(backend, mapper),
                new SchemaRoutes(backend, mapper), new EndpointRoutes(backend, mapper), new OperationRoutes(backend, mapper),
                new ConnectionRoutes(backend, mapper), new CatalogRoutes(backend, mapper));
        groups.forEach(g -> g.register(router));

        // A request holds a thread only once its head is in: while its body is read, while it waits for one of the
        // working permits, while the backend works. So as many threads as connections, plus Jetty's own.
        QueuedThreadPool threads = new QueuedThreadPool(options.maxConnections() + JETTY_THREADS,
                Math.min(options.threads(), JETTY_THREADS), (int) TimeUnit.SECONDS.toMillis(30));
        threads.setName("arbor-api");
        threads.setDaemon(true);
        Server jetty = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        http.setUriCompliance(URI_COMPLIANCE);
        ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.bindAddress().getHostAddress());
        connector.setPort(options.port());
        // Jetty's idle timeout would also fire while the backend works on a request (nothing moves on the socket then)
        // and make Jetty close the connection after the answer; RequestDeadlines already closes a connection whose
        // client is idle or slow while sending or reading, so Jetty's own timeout only backs it up, well behind it.
        connector.setIdleTimeout(Math.max(IDLE_BACKSTOP_MILLIS, options.readTimeout().toMillis() * 4));
        // when stopping, connections with no request on them are closed soon; ones with a request wait for it
        connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_MILLIS);
        RequestDeadlines deadlines = new RequestDeadlines(options.readTimeout());
        connector.addBean(deadlines);
        connector.addBean(new CloseWhenFull(options.maxConnections()));
        jetty.addConnector(connector);

        ApiHandler api = new ApiHandler(router, new ApiKey(options.apiKey()), options.maxBodyBytes(), mapper,
                new Semaphore(options.threads(), true), deadlines);
        jetty.setHandler(new GracefulHandler(api));
        jetty.setErrorHandler(new NeonErrorHandler());
        jetty.setStopTimeout(Math.max(1, options.shutdownGrace().toMillis()));
        jetty.setStopAtShutdown(false);
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            deadlines.close();
            String where = options.bindAddress().getHostAddress() + ":" + options.port();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot listen on " + where + ": " + describe(io), io);
            }
            throw new IllegalStateException("The API server could not start on " + where + ": " + e.getMessage(), e);
        }
        ApiServer server = new ApiServer(jetty, connector.getLocalPort(), deadlines, options);
        LOG.info("API server listening on {}", server.baseUrl());
        return server;
    }

    /** Jetty wraps the JDK's reason ("Failed to bind to …"); the reason itself is what the user needs. */
    private static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException bind) {
                return bind.getMessage() == null ? "the address is in use or not available" : bind.getMessage();
            }
        }
        return e.getMessage();
    }

    /** A new random API key, for callers that create and store one (as {@code arbor serve} does). */
    public static String generateKey() {
        return ApiKey.generate();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return port;
    }

    /** The API's base URL, e.g. {@code http://127.0.0.1:4300/api/v2} (on loopback when listening on every address). */
    public URI baseUrl() {
        // a wildcard address is where the server listens, not where a client can go: name this machine instead
        InetAddress target = options.bindAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : options.bindAddress();
        String host = target.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + ApiHandler.PREFIX);
    }

    /**
     * Stops accepting, waits up to the grace period for requests in flight (new requests meanwhile get 503), then
     * stops the threads.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopQuietly(jetty);
        deadlines.close();
        LOG.info("API server stopped");
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("The API server did not stop cleanly: {}", e.toString());
        }
    }

    /** Closes a new connection at once when {@code limit} connections are open already. */
    private static final class CloseWhenFull implements Connection.Listener {
        private final int limit;
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - OVERLOAD_WARNING_EVERY_NANOS - 1);

        CloseWhenFull(int limit) {
            this.limit = limit;
        }

        @Override
        public void onOpened(Connection connection) {
            if (open.incrementAndGet() <= limit) {
                return;
            }
            long now = System.nanoTime();
            long last = lastWarning.get();
            // one line per burst, not one per refused connection
            if (now - last > OVERLOAD_WARNING_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
                LOG.warn("{} connections are open at once, the most this server takes; closing new ones until some"
                        + " finish", limit);
            }
            connection.getEndPoint().close();
        }

        @Override
        public void onClosed(Connection connection) {
            open.decrementAndGet();
        }
    }
}
