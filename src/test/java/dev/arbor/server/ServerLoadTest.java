package dev.arbor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load test of the API server over the embedded engine on loopback: {@value #CLIENTS} concurrent clients
 * send {@code arbor.load.requests} (default 250) mixed requests each (reads, create+delete pairs, renames, protection, default,
 * operation listings) as plain HTTP with the API key. The engine runs operations on its own thread as under
 * {@code arbor serve}, so mutations meet each other's unfinished operations and some are refused with 423.
 *
 * <p>Asserts: no 5xx and no status outside the expected set; every body is well-formed JSON of the route's shape,
 * error bodies carry {@code code} and {@code message}; afterwards the engine's rules hold (exactly one default, unique
 * names, every parent exists, protected branches within the limit, every branch readable, no failed operation).
 *
 * <p>Size: the issue asks for 32 clients × ~1,000 requests (~32,000). On the 2-core machine this was written on
 * that took too long for the ~30 s budget, because every mutation commits to SQLite with {@code synchronous=FULL};
 * the test runs 32 × 250 by default and stops by itself (it has a hard timeout as well). The full size runs with
 * {@code mvn test -Dtest=ServerLoadTest -Darbor.load.requests=1000}; its result is in docs/benchmarks.md.
 */
class ServerLoadTest {
    static final int CLIENTS = 32;
    static final int REQUESTS_PER_CLIENT = Integer.getInteger("arbor.load.requests", 250);
    private static final Set<Integer> EXPECTED = Set.of(200, 201, 204, 400, 404, 409, 423);

    @TempDir
    Path dir;

    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final Queue problems = new Queue();
    private final AtomicLong requests = new AtomicLong();

    /** Collected problems, reported all together at the end (the first few in full). */
    static final class Queue extends ConcurrentLinkedQueue<String> {
    }

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void mixedConcurrentClientsKeepTheServerAndTheRulesSound() throws Exception {
        long started = System.nanoTime();
        try (ServerHarness h = new ServerHarness(dir, null, ServerOptions.DEFAULT_MAX_BODY_BYTES)) {
            String mainId = h.branchId("main");
            List<String> homes = new CopyOnWriteArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                homes.add(createWithRetry(h, "c" + c + "-home"));
            }
            List<String> readable = new ArrayList<>(homes);
            readable.add(mainId);

            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> runClient(h, client, homes.get(client), mainId, readable)));
            }
            for (Future<?> f : clients) {
                f.get(100, TimeUnit.SECONDS);
            }
            pool.shutdown();
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("ServerLoadTest: %d requests by %d clients in %d ms (%.0f/s); statuses %s%n", requests.get(),
                    CLIENTS, elapsedMs, requests.get() * 1000.0 / Math.max(1, elapsedMs), new TreeMap<>(statuses));

            assertTrue(problems.isEmpty(), problems.size() + " problems, first: " + problems.stream().limit(10).toList());
            assertTrue(statuses.keySet().stream().allMatch(EXPECTED::contains), "statuses " + statuses);
            assertTrue(statuses.getOrDefault(200, new AtomicInteger()).get() > requests.get() / 2, "most requests succeed: " + statuses);

            checkRules(h);
        }
    }

    private void runClient(ServerHarness h, int client, String home, String mainId, List<String> readable) {
        Random random = new Random(client * 7919L);
        String homeName = "c" + client + "-home";
        boolean renamed = false;
        boolean isProtected = false;
        int temp = 0;
        int sent = 0;
        while (sent < REQUESTS_PER_CLIENT) {
            int pick = random.nextInt(100);
            try {
                if (pick < 25) {
                    String id = readable.get(random.nextInt(readable.size()));
                    ServerHarness.Response r = call(h, "GET", h.p("/branches/" + id), null);
                    expectBranch(r, 200, "GET branch");
                    sent++;
                } else if (pick < 40) {
                    ServerHarness.Response r = call(h, "GET", h.p("/branches"), null);
                    if (r.status() == 200) {
                        JsonNode list = r.json().path("branches");
                        if (!list.isArray() || list.isEmpty()) {
                            problems.add("list: no branches array: " + r.text());
                        } else {
                            for (JsonNode b : list) {
                                requireText(b, "id", "list");
                                requireText(b, "name", "list");
                            }
                        }
                    } else {
                        expectError(r, "list");
                    }
                    sent++;
                } else if (pick < 55) {
                    String name = "c" + client + "-tmp-" + temp++;
                    ServerHarness.Response created = call(h, "POST", h.p("/branches"), "{\"branch\":{\"name\":\"" + name + "\"}}");
                    sent++;
                    if (created.status() == 201) {
                        String id = requireText(created.json().path("branch"), "id", "create");
                        if (!created.json().path("operations").isArray()) {
                            problems.add("create: no operations array: " + created.text());
                        }
                        sent += deleteWithRetry(h, id);
                    } else {
                        expectError(created, "create");
                    }
                } else if (pick < 65) {
                    String to = renamed ? homeName : homeName + "-renamed";
                    ServerHarness.Response r = call(h, "PATCH", h.p("/branches/" + home), "{\"branch\":{\"name\":\"" + to + "\"}}");
                    if (expectBranch(r, 200, "rename")) {
                        renamed = !renamed;
                        if (!to.equals(r.json().path("branch").path("name").asText())) {
                            problems.add("rename: answered name " + r.json().path("branch").path("name") + ", asked " + to);
                        }
                    }
                    sent++;
                } else if (pick < 75) {
                    boolean want = !isProtected;
                    ServerHarness.Response r = call(h, "PATCH", h.p("/branches/" + home), "{\"branch\":{\"protected\":" + want + "}}");
                    if (expectBranch(r, 200, "protect")) {
                        isProtected = want;
                    }
                    sent++;
                } else if (pick < 85) {
                    String target = random.nextBoolean() ? home : mainId;
                    ServerHarness.Response r = call(h, "POST", h.p("/branches/" + target + "/set_as_default"), null);
                    expectBranch(r, 200, "set default");
                    sent++;
                } else {
                    ServerHarness.Response r = call(h, "GET", h.p("/operations?limit=20"), null);
                    if (r.status() == 200) {
                        JsonNode ops = r.json().path("operations");
                        if (!ops.isArray()) {
                            problems.add("operations: no array: " + r.text());
                        } else {
                            for (JsonNode o : ops) {
                                requireText(o, "id", "operations");
                                requireText(o, "action", "operations");
                                requireText(o, "status", "operations");
                            }
                        }
                    } else {
                        expectError(r, "operations");
                    }
                    sent++;
                }
            } catch (RuntimeException e) {
                problems.add("client " + client + ": " + e);
                sent++;
            }
        }
    }

    private ServerHarness.Response call(ServerHarness h, String method, String path, String json) {
        requests.incrementAndGet();
        ServerHarness.Response r = h.send(method, path, json, ServerHarness.KEY);
        statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
        if (r.status() >= 500) {
            problems.add(method + " " + path + " → " + r.status() + ": " + r.text());
        }
        return r;
    }

    /** A 2xx with {@code branch} (id, name, flags) and {@code operations} where the route has them, or a proper error. */
    private boolean expectBranch(ServerHarness.Response r, int ok, String what) {
        if (r.status() != ok) {
            expectError(r, what);
            return false;
        }
        JsonNode b = r.json() == null ? null : r.json().path("branch");
        if (b == null || !b.isObject()) {
            problems.add(what + ": no branch object: " + r.text());
            return false;
        }
        requireText(b, "id", what);
        requireText(b, "name", what);
        if (!b.path("default").isBoolean() || !b.path("protected").isBoolean()) {
            problems.add(what + ": default/protected are not booleans: " + r.text());
        }
        if (!what.equals("GET branch") && !r.json().path("operations").isArray()) {
            problems.add(what + ": no operations array: " + r.text());
        }
        return true;
    }

    private void expectError(ServerHarness.Response r, String what) {
        if (!EXPECTED.contains(r.status()) || r.status() < 400) {
            problems.add(what + ": unexpected status " + r.status() + ": " + r.text());
            return;
        }
        JsonNode j = r.json();
        if (j == null || !j.path("code").isTextual() || j.path("code").asText().isEmpty()
                || !j.path("message").isTextual() || j.path("message").asText().isBlank()) {
            problems.add(what + ": error body without code and message (" + r.status() + "): " + r.text());
        }
    }

    private String requireText(JsonNode node, String field, String what) {
        JsonNode v = node.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            problems.add(what + ": missing " + field + " in " + node);
            return "";
        }
        return v.asText();
    }

    /** Deletes the branch, retrying while other clients' operations hold the project; returns the requests sent. */
    private int deleteWithRetry(ServerHarness h, String id) {
        for (int attempt = 1; ; attempt++) {
            ServerHarness.Response r = call(h, "DELETE", h.p("/branches/" + id), null);
            if (r.status() == 200 || r.status() == 204) {
                if (r.status() == 200) {
                    requireText(r.json().path("branch"), "id", "delete");
                }
                return attempt;
            }
            expectError(r, "delete");
            if (r.status() != 423 || attempt >= 200) {
                problems.add("delete " + id + " ended with " + r.status() + " after " + attempt + " attempts: " + r.text());
                return attempt;
            }
            pause();
        }
    }

    private String createWithRetry(ServerHarness h, String name) {
        for (int attempt = 1; attempt < 500; attempt++) {
            ServerHarness.Response r = h.post(h.p("/branches"), "{\"branch\":{\"name\":\"" + name + "\"}}");
            if (r.status() == 201) {
                return r.json().path("branch").path("id").asText();
            }
            assertEquals(423, r.status(), r.text());
            pause();
        }
        throw new AssertionError("could not create " + name);
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The engine's rules after the storm, read from the engine and through the API. */
    private void checkRules(ServerHarness h) throws InterruptedException {
        // let the last operations finish
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (h.engine.operations(0, 50).stream().anyMatch(o -> !o.status().isTerminal()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        List<Branch> all = h.engine.branches();
        assertEquals(1, all.stream().filter(Branch::isDefault).count(), "exactly one default branch");
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (Branch b : all) {
            assertTrue(names.add(b.name()), "names are unique: " + b.name());
            ids.add(b.id());
        }
        for (Branch b : all) {
            assertTrue(b.parentId() == null || ids.contains(b.parentId()), b.name() + "'s parent " + b.parentId() + " exists");
        }
        long protectedCount = all.stream().filter(Branch::isProtected).count();
        assertTrue(protectedCount <= h.engine.project().limits().maxProtectedBranches(), protectedCount + " protected branches");
        assertEquals(CLIENTS + 1, all.size(), "main, the homes, and no temporary branch left behind: "
                + all.stream().map(Branch::name).sorted().toList());
        for (Branch b : all) {
            ServerHarness.Response r = h.get(h.p("/branches/" + b.id()));
            assertEquals(200, r.status(), r.text());
            assertEquals(b.name(), r.json().path("branch").path("name").asText());
        }
        // the data of main and of a branch made under the load is readable; reading one without a compute starts a
        // Postgres view of its head, so not all 33 are read
        for (Branch b : List.of(h.engine.branch("main"), all.stream().filter(x -> !x.name().equals("main")).findFirst().orElseThrow())) {
            h.backend.schemaSql(b.id(), "neondb", PointInTime.HEAD);
        }
        ServerHarness.Response listed = h.get(h.p("/branches"));
        assertEquals(all.size(), listed.json().path("branches").size());
        List<Operation> failed = h.engine.operations(0, 100_000).stream()
                .filter(o -> o.status().isTerminal() && !o.status().isSuccess()).toList();
        assertEquals(List.of(), failed, "no operation failed");
        assertTrue(h.engine.operations(0, 100_000).stream().allMatch(o -> o.status().isTerminal()), "every operation finished");
    }
}
