package dev.arbor.server;

import com.sun.net.httpserver.HttpServer;
import dev.arbor.api.NeonMapper;
import dev.arbor.backend.BranchBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Neon API v2 subset (reference §2) over any {@link BranchBackend}, with the JDK's HTTP server,
 * loopback by default. Connections are read on a large pool of cheap threads with a {@linkplain RequestDeadlines
 * deadline}, so clients that trickle their requests neither starve others nor stay forever; at most
 * {@link ServerOptions#threads()} requests are worked on at once. Closing the server stops it accepting, lets
 * requests in flight finish within the grace period, and leaves the backend open: its owner closes it.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final long OVERLOAD_WARNING_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final HttpServer http;
    private final ThreadPoolExecutor pool;
    private final RequestDeadlines deadlines;
    private final ServerOptions options;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ApiServer(HttpServer http, ThreadPoolExecutor pool, RequestDeadlines deadlines, ServerOptions options) {
        this.http = http;
        this.pool = pool;
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
                new SchemaRoutes(backend, mapper), new EndpointRoutes(backend, mapper), new OperationRoutes(backend, mapper));
        groups.forEach(g -> g.register(router));
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(options.bindAddress(), options.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + options.bindAddress().getHostAddress() + ":"
                    + options.port() + ": " + e.getMessage(), e);
        }
        // Every connection being read gets its own thread at once (no queue to wait in behind slow clients). Past
        // the limit the server's accepting thread is told no, and closes that connection rather than stall.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(options.threads(), options.maxConnections(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threads(), new RefuseWhenFull(options.maxConnections()));
        pool.allowCoreThreadTimeOut(true);
        RequestDeadlines deadlines = new RequestDeadlines(options.readTimeout());
        http.setExecutor(exchange -> pool.execute(deadlines.track(exchange)));
        http.createContext("/", new ApiHandler(router, new ApiKey(options.apiKey()), options.maxBodyBytes(), mapper,
                new Semaphore(options.threads(), true)));
        http.start();
        ApiServer server = new ApiServer(http, pool, deadlines, options);
        LOG.info("API server listening on {}", server.baseUrl());
        return server;
    }

    /** A new random API key, for callers that create and store one (as {@code arbor serve} does). */
    public static String generateKey() {
        return ApiKey.generate();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return http.getAddress().getPort();
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

    /** Stops accepting, waits up to the grace period for requests in flight, then stops the threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long grace = Math.max(1, options.shutdownGrace().toSeconds());
        http.stop((int) Math.min(Integer.MAX_VALUE, grace));
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        deadlines.close();
        LOG.info("API server stopped");
    }

    /** Refuses a connection when every connection thread is busy; the JDK's server then closes that connection. */
    private static final class RefuseWhenFull implements RejectedExecutionHandler {
        private final int limit;
        private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - OVERLOAD_WARNING_EVERY_NANOS - 1);

        RefuseWhenFull(int limit) {
            this.limit = limit;
        }

        @Override
        public void rejectedExecution(Runnable exchange, ThreadPoolExecutor executor) {
            if (executor.isShutdown()) {
                throw new RejectedExecutionException("the server is stopping");
            }
            long now = System.nanoTime();
            long last = lastWarning.get();
            // one line per burst, not one per refused connection
            if (now - last > OVERLOAD_WARNING_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
                LOG.warn("{} connections are being served at once, the most this server takes; closing new ones until"
                        + " some finish", limit);
            }
            throw new RejectedExecutionException("too many connections");
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "arbor-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
