package dev.arbor.bench;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Project;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import dev.arbor.remote.ApiKey;
import dev.arbor.remote.BranchQuery;
import dev.arbor.remote.ClientOptions;
import dev.arbor.remote.NeonApiClient;
import dev.arbor.remote.RemoteBackend;
import dev.arbor.server.ApiServer;
import dev.arbor.server.ServerOptions;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Speed and load of the API server ({@code arbor serve}) over loopback, not JMH:
 *
 * <ol>
 *   <li>listing a project of 10,000 branches through {@link RemoteBackend} / {@link NeonApiClient}: paged (the
 *       backend's own page of 500, and pages of 1,000) and unpaged, with the time and the number of HTTP
 *       requests per listing (counted on the server side);</li>
 *   <li>throughput and latency from 32 concurrent clients, each with its own HTTP connection: {@code GET
 *       /branches/{id}} of random branches, and create + delete pairs.</li>
 * </ol>
 *
 * <p>The server is set up as {@code arbor serve} sets it up: {@link EngineOptions#defaults()} (one background
 * thread for operations, a commit is synced before it is acknowledged), a non-waiting {@link EmbeddedBackend},
 * and {@link ServerOptions#loopback} (16 request threads). The branches are created before the server starts,
 * with operations inline and without sync, then the project is reopened with the defaults. The project's
 * branch limit is raised to 20,000 for this.
 *
 * <p>Bounded: every phase has a fixed duration and a cap on its requests; only 127.0.0.1 is contacted; the
 * scratch project is deleted at the end.
 *
 * <p>Run: {@code java -cp target/benchmarks.jar dev.arbor.bench.ServerLoad [branches] [clients] [seconds]}
 * (defaults 10000, 32, 20). About 3 minutes with the defaults.
 */
public final class ServerLoad {
    private static final int LIST_WARMUP = 2;
    private static final int LIST_RUNS = 5;
    private static final int WARMUP_SECONDS = 5;
    private static final long MAX_REQUESTS_PER_PHASE = 2_000_000;
    /** Latencies kept per client; later ones still count toward the rate. */
    private static final int MAX_SAMPLES_PER_CLIENT = 200_000;
    private static final Duration LOCKED_BACKOFF = Duration.ofMillis(2);
    private static final Pattern BRANCH_ID = Pattern.compile("\"branch\":\\{\"id\":\"(br-[a-z0-9-]+)\"");

    private ServerLoad() {
    }

    public static void main(String[] args) throws Exception {
        int branches = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        if (branches < 1 || branches > 19_000 || clients < 1 || clients > 256 || seconds < 1 || seconds > 300) {
            throw new IllegalArgumentException("branches 1-19000, clients 1-256, seconds 1-300");
        }
        Path dir = Fixtures.scratchDir("server");
        try {
            long t0 = System.nanoTime();
            seed(dir, branches);
            Fixtures.log("seeded %,d branches in %.1f s", branches, (System.nanoTime() - t0) / 1e9);
            run(dir, branches, clients, seconds);
        } finally {
            Fixtures.deleteTree(dir);
        }
    }

    /** A project with {@code total} branches: main and {@code total - 1} children of main, made inline, unsynced. */
    private static void seed(Path dir, int total) {
        EngineOptions bulk = EngineOptions.defaults().withOperationExecutor(Runnable::run).withMaintenanceInterval(null)
                .withSyncEveryCommit(false);
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, bulk)) {
            Project p = engine.project();
            engine.updateProject(p.historyRetentionSeconds(), new Project.Limits(20_000, 10, 5));
            var main = engine.connectionDetails("main", null, null);
            try (var c = java.sql.DriverManager.getConnection(main.jdbcUrl(), main.jdbcProperties(null));
                 var st = c.createStatement()) {
                st.execute("create table items (id bigint primary key, name text, qty bigint, price numeric)");
                st.execute("insert into items select g, 'item-' || g, g % 1000, (g % 10000) + 0.99"
                        + " from generate_series(1, 100) g");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            for (int i = 1; i < total; i++) {
                engine.createBranch(CreateBranchSpec.named(String.format(Locale.ROOT, "load/b-%05d", i)));
            }
        }
    }

    private static void run(Path dir, int branches, int clients, int seconds) throws Exception {
        String key = "bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        ConcurrentHashMap<String, AtomicLong> calls = new ConcurrentHashMap<>();
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, EngineOptions.defaults())) {
            BranchBackend counted = counting(new EmbeddedBackend(engine, false), calls);
            try (ApiServer server = ApiServer.start(counted, ServerOptions.loopback(0, key))) {
                String base = server.baseUrl().toString();
                String projectId = engine.project().id();
                Fixtures.log("server at %s, project %s, %d request threads", base, projectId, ServerOptions.DEFAULT_THREADS);
                listing(base, key, projectId, branches, calls);
                List<String> ids = engine.branches().stream().map(Branch::id).toList();
                throughput(base, key, projectId, ids, clients, seconds);
            }
        }
    }

    // ---- 1. listing ---------------------------------------------------------------------------------

    private static void listing(String base, String key, String projectId, int expected,
                                ConcurrentHashMap<String, AtomicLong> calls) {
        ClientOptions options = ClientOptions.DEFAULT.withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(120));
        try (RemoteBackend remote = new RemoteBackend(new NeonApiClient(base, ApiKey.of(key), options), projectId)) {
            NeonApiClient client = remote.client();
            System.out.printf("%n1. Listing %,d branches through the server (median of %d runs after %d warm-up runs)%n",
                    expected, LIST_RUNS, LIST_WARMUP);
            System.out.printf("%-46s %10s %10s %10s %9s%n", "how", "median ms", "min ms", "max ms", "requests");
            List<String> labels = List.of("RemoteBackend.listBranches() (pages of 500)",
                    "NeonApiClient.listBranches, limit=1000", "NeonApiClient.listBranches, limit=10000",
                    "NeonApiClient.listBranches, unpaged (no limit)");
            List<Supplier<List<Branch>>> ways = List.of(remote::listBranches,
                    () -> client.listBranches(projectId, BranchQuery.ALL.withLimit(1000)),
                    () -> client.listBranches(projectId, BranchQuery.ALL.withLimit(10_000)),
                    () -> client.listBranches(projectId, BranchQuery.ALL.withLimit(null)));
            // rounds over every way in turn, so that JIT warm-up and drift do not favour the ones run last
            long[][] ms = new long[ways.size()][LIST_RUNS];
            long[] requests = new long[ways.size()];
            for (int round = -LIST_WARMUP; round < LIST_RUNS; round++) {
                for (int w = 0; w < ways.size(); w++) {
                    long before = count(calls, "listBranches");
                    long t = System.nanoTime();
                    int n = ways.get(w).get().size();
                    long took = (System.nanoTime() - t) / 1_000_000;
                    check(n, expected, labels.get(w));
                    if (round >= 0) {
                        ms[w][round] = took;
                        requests[w] = count(calls, "listBranches") - before;
                    }
                }
            }
            for (int w = 0; w < ways.size(); w++) {
                long[] m = ms[w];
                Arrays.sort(m);
                System.out.printf("%-46s %10d %10d %10d %9d%n", labels.get(w), m[m.length / 2], m[0], m[m.length - 1],
                        requests[w]);
            }
        }
        long bytes = rawSize(base + "/projects/" + projectId + "/branches", key);
        System.out.printf("unpaged response body: %,d bytes (%,d bytes per branch)%n", bytes, bytes / expected);
    }

    private static void check(int got, int expected, String label) {
        if (got != expected) {
            throw new IllegalStateException(label + " listed " + got + " branches, not " + expected);
        }
    }

    private static long rawSize(String url, String key) {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return r.body().length;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- 2. throughput ------------------------------------------------------------------------------

    /** What one client thread measured. */
    private static final class Tally {
        final long[] latencyNanos = new long[MAX_SAMPLES_PER_CLIENT];
        int samples;
        long ok;
        long locked;
        long failed;
        long requests;

        void record(long nanos) {
            if (samples < latencyNanos.length) {
                latencyNanos[samples++] = nanos;
            }
        }
    }

    private interface Work {
        /** One unit of work: requests made through {@code http}, recorded in {@code t}. */
        void once(HttpClient http, Tally t) throws Exception;
    }

    private static void throughput(String base, String key, String projectId, List<String> ids, int clients, int seconds)
            throws Exception {
        String branches = base + "/projects/" + projectId + "/branches";
        System.out.printf("%n2. %d concurrent clients, %d s warm-up then %d s measured per workload%n", clients,
                WARMUP_SECONDS, seconds);
        Work get = (http, t) -> {
            String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
            long s = System.nanoTime();
            HttpResponse<String> r = http.send(request(branches + "/" + id, key).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            t.record(System.nanoTime() - s);
            t.requests++;
            if (r.statusCode() == 200) {
                t.ok++;
            } else {
                t.failed++;
            }
        };
        AtomicLong names = new AtomicLong();
        Work createDelete = (http, t) -> {
            String name = "load/pair-" + names.incrementAndGet();
            String body = "{\"branch\":{\"name\":\"" + name + "\"}}";
            HttpResponse<String> created = untilUnlocked(http, t, () -> request(branches, key)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
            if (created.statusCode() != 201) {
                t.failed++;
                return;
            }
            Matcher m = BRANCH_ID.matcher(created.body());
            if (!m.find()) {
                throw new IllegalStateException("no branch id in " + created.body());
            }
            String id = m.group(1);
            HttpResponse<String> deleted = untilUnlocked(http, t, () -> request(branches + "/" + id, key).DELETE().build());
            if (deleted.statusCode() == 200) {
                t.ok++;
            } else {
                t.failed++;
            }
        };
        report("GET /branches/{id}", "requests", phase(get, clients, WARMUP_SECONDS), phase(get, clients, seconds), seconds);
        report("create + delete pair", "pairs", phase(createDelete, clients, WARMUP_SECONDS),
                phase(createDelete, clients, seconds), seconds);
    }

    private static HttpRequest.Builder request(String url, String key) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30));
    }

    /**
     * Sends the request, and again after a short pause while the project answers 423 (an operation still
     * running: reference §6, always safe to retry). Each attempt is one request and one latency sample; the
     * 423s are counted.
     */
    private static HttpResponse<String> untilUnlocked(HttpClient http, Tally t, Supplier<HttpRequest> request)
            throws Exception {
        for (int attempt = 0; ; attempt++) {
            long s = System.nanoTime();
            HttpResponse<String> r = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
            t.record(System.nanoTime() - s);
            t.requests++;
            if (r.statusCode() != 423 || attempt >= 5_000) {
                return r;
            }
            t.locked++;
            Thread.sleep(LOCKED_BACKOFF);
        }
    }

    /** Runs {@code work} on {@code clients} threads, each with its own connection, for {@code seconds}. */
    private static List<Tally> phase(Work work, int clients, int seconds) throws InterruptedException {
        List<Tally> tallies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong total = new AtomicLong();
        long[] deadline = new long[1];
        List<Throwable> errors = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Tally t = new Tally();
            tallies.add(t);
            threads.add(Thread.ofPlatform().name("load-client-" + c).start(() -> {
                try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build()) {
                    start.await();
                    while (System.nanoTime() < deadline[0] && total.incrementAndGet() <= MAX_REQUESTS_PER_PHASE) {
                        work.once(http, t);
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }));
        }
        deadline[0] = System.nanoTime() + seconds * 1_000_000_000L;
        start.countDown();
        for (Thread th : threads) {
            th.join(Duration.ofSeconds(seconds + 60));
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException(errors.size() + " client(s) failed", errors.get(0));
        }
        return tallies;
    }

    private static void report(String label, String unit, List<Tally> warmup, List<Tally> tallies, int seconds) {
        long ok = 0;
        long locked = 0;
        long failed = 0;
        long requests = 0;
        int n = 0;
        for (Tally t : tallies) {
            ok += t.ok;
            locked += t.locked;
            failed += t.failed;
            requests += t.requests;
            n += t.samples;
        }
        long[] all = new long[n];
        int i = 0;
        for (Tally t : tallies) {
            System.arraycopy(t.latencyNanos, 0, all, i, t.samples);
            i += t.samples;
        }
        Arrays.sort(all);
        System.out.printf("%s: %,.0f %s/s, %,.0f HTTP requests/s; per request p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
                        + " %,d %s, %,d requests, %,d answered 423 (%.1f%%), %,d failed (warm-up: %,d %s)%n",
                label, ok / (double) seconds, unit, requests / (double) seconds, pct(all, 0.50), pct(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6, ok, unit, requests, locked,
                requests == 0 ? 0 : 100.0 * locked / requests, failed,
                warmup.stream().mapToLong(t -> t.ok).sum(), unit);
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, idx)] / 1e6;
    }

    // ---- request counting ---------------------------------------------------------------------------

    /** The backend with a count of calls per method; the server calls {@code listBranches} once per list request. */
    private static BranchBackend counting(BranchBackend backend, ConcurrentHashMap<String, AtomicLong> calls) {
        InvocationHandler h = (proxy, method, args) -> {
            calls.computeIfAbsent(method.getName(), k -> new AtomicLong()).incrementAndGet();
            try {
                return method.invoke(backend, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (BranchBackend) Proxy.newProxyInstance(BranchBackend.class.getClassLoader(),
                new Class<?>[] {BranchBackend.class}, h);
    }

    private static long count(ConcurrentHashMap<String, AtomicLong> calls, String method) {
        AtomicLong n = calls.get(method);
        return n == null ? 0 : n.get();
    }
}
