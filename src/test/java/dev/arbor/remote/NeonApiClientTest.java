package dev.arbor.remote;

import static dev.arbor.remote.MockNeon.FEATURE;
import static dev.arbor.remote.MockNeon.KEY;
import static dev.arbor.remote.MockNeon.PROJECT;
import static dev.arbor.remote.MockNeon.branch;
import static dev.arbor.remote.MockNeon.branches;
import static dev.arbor.remote.MockNeon.created;
import static dev.arbor.remote.MockNeon.json;
import static dev.arbor.remote.MockNeon.operation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests on the wire, pagination and operation polling. */
class NeonApiClientTest {
    private MockNeon neon;

    @BeforeEach
    void start() throws Exception {
        neon = new MockNeon();
    }

    @AfterEach
    void stop() throws Exception {
        neon.close();
    }

    @Test
    void sendsTheKeyAsABearerTokenAndARequestId() throws Exception {
        neon.enqueue(json(200, "{\"branch\":" + FEATURE + ",\"annotation\":{}}"));

        assertEquals("feature-x", neon.client.getBranch(PROJECT, "br-cool-leaf-c9d0e1f2").name());

        RecordedRequest r = neon.server.takeRequest();
        assertEquals("/api/v2/projects/" + PROJECT + "/branches/br-cool-leaf-c9d0e1f2", r.getPath());
        assertEquals("Bearer " + KEY, r.getHeader("Authorization"));
        assertFalse(r.getHeader("X-Request-ID").isBlank());
    }

    @Test
    void theKeyAppearsInNoToStringMessageOrDetails() throws Exception {
        neon.enqueue(json(403, "{\"code\":\"\",\"message\":\"forbidden\"}"));
        ArborException e = assertThrows(ArborException.class, () -> neon.client.getProject(PROJECT));

        for (String s : List.of(e.toString(), String.valueOf(e.details()), neon.client.toString(), ApiKey.of(KEY).toString(),
                new RemoteProfile("work", null, PROJECT, ApiKey.of(KEY)).toString())) {
            assertFalse(s.contains(KEY), s);
        }
    }

    @Test
    void plainHttpIsRefusedForAnotherMachine() {
        ArborException e = assertThrows(ArborException.class,
                () -> new NeonApiClient("http://neon.example.com/api/v2", ApiKey.of(KEY), ClientOptions.DEFAULT));
        assertEquals("INSECURE_BASE_URL", e.reason());
    }

    @Test
    void apiKeyComesFromTheEnvironmentOrASentence() {
        assertEquals(ApiKey.of("abc"), ApiKey.fromEnvironment(Map.of("NEON_API_KEY", "abc")));
        ArborException e = assertThrows(ArborException.class, () -> ApiKey.fromEnvironment(Map.of()));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertTrue(e.getMessage().contains("NEON_API_KEY"));
    }

    @Test
    void paginationFollowsNextUntilItEnds() throws Exception {
        neon.enqueue(json(200, branches("c1", branch("br-a-a-1", "a", null), branch("br-b-b-2", "b", null))))
                .enqueue(json(200, branches("c2", branch("br-c-c-3", "c", null), branch("br-d-d-4", "d", null))))
                .enqueue(json(200, branches(null, branch("br-e-e-5", "e", null))));

        var all = neon.client.listBranches(PROJECT, new BranchQuery("x", "name", "asc", 2));

        assertEquals(List.of("a", "b", "c", "d", "e"), all.stream().map(b -> b.name()).toList());
        List<RecordedRequest> reqs = neon.requests();
        assertEquals(3, reqs.size());
        assertEquals("x", reqs.get(0).getRequestUrl().queryParameter("search"));
        assertEquals("name", reqs.get(0).getRequestUrl().queryParameter("sort_by"));
        assertEquals("asc", reqs.get(0).getRequestUrl().queryParameter("sort_order"));
        assertEquals("2", reqs.get(0).getRequestUrl().queryParameter("limit"));
        assertNull(reqs.get(0).getRequestUrl().queryParameter("cursor"));
        assertEquals("c1", reqs.get(1).getRequestUrl().queryParameter("cursor"));
        assertEquals("c2", reqs.get(2).getRequestUrl().queryParameter("cursor"));
    }

    @Test
    void aShortPageEndsPaginationEvenWithANext() throws Exception {
        neon.enqueue(json(200, branches("c1", branch("br-a-a-1", "a", null), branch("br-b-b-2", "b", null))))
                .enqueue(json(200, branches("c2", branch("br-c-c-3", "c", null))));

        assertEquals(3, neon.client.listBranches(PROJECT, BranchQuery.ALL.withLimit(2)).size());
        assertEquals(2, neon.server.getRequestCount());
    }

    @Test
    void operationsArePolledUntilTheyFinishAndEachChangeIsReported() throws Exception {
        neon.enqueue(json(201, created(FEATURE, operation("op-1", "create_branch", "scheduling"))))
                .enqueue(json(200, "{\"operation\":" + operation("op-1", "create_branch", "running") + "}"))
                .enqueue(json(200, "{\"operation\":" + operation("op-1", "create_branch", "running") + "}"))
                .enqueue(json(200, "{\"operation\":" + operation("op-1", "create_branch", "finished") + "}"));
        List<Operation.Status> seen = new CopyOnWriteArrayList<>();

        var accepted = neon.client.createBranch(PROJECT, CreateBranchSpec.named("feature-x"), Cancellation.none());
        var done = neon.client.awaitOperations(PROJECT, accepted.operations(), op -> seen.add(op.status()), Cancellation.none());

        assertEquals(Operation.Status.FINISHED, done.get(0).status());
        assertEquals(List.of(Operation.Status.SCHEDULING, Operation.Status.RUNNING, Operation.Status.FINISHED), seen);
        assertEquals(3, neon.count("GET"));
    }

    @Test
    void aFailedOperationEndsTheWaitWithItsError() throws Exception {
        neon.enqueue(json(200, "{\"operation\":" + operation("op-1", "create_branch", "failed")
                .replace("\"failures_count\":0", "\"failures_count\":1,\"error\":\"timeline creation failed\"") + "}"));

        ArborException e = assertThrows(ArborException.class, () -> neon.client.awaitOperations(PROJECT,
                List.of(neon.client.getOperation(PROJECT, "op-1")), OperationListener.NONE, Cancellation.none()));

        assertEquals("OPERATION_FAILED", e.reason());
        assertTrue(e.getMessage().startsWith("The create branch operation on branch br-cool-leaf-c9d0e1f2 failed:"
                + " Timeline creation failed."), e.getMessage());
    }

    @Test
    void waitingCanBeCancelledFromAnotherThread() throws Exception {
        for (int i = 0; i < 200; i++) {
            neon.enqueue(json(200, "{\"operation\":" + operation("op-1", "create_branch", "running") + "}"));
        }
        Operation running = neon.client.getOperation(PROJECT, "op-1");
        Cancellation cancel = new Cancellation();
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            scheduler.schedule(cancel::cancel, 100, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            ArborException e = assertThrows(ArborException.class,
                    () -> neon.client.awaitOperations(PROJECT, List.of(running), OperationListener.NONE, cancel));
            assertEquals("CANCELLED", e.reason());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void waitingEndsOnInterrupt() throws Exception {
        neon.enqueue(json(200, "{\"operation\":" + operation("op-1", "create_branch", "running") + "}"));
        Operation running = neon.client.getOperation(PROJECT, "op-1");
        Thread.currentThread().interrupt();
        try {
            ArborException e = assertThrows(ArborException.class,
                    () -> neon.client.awaitOperations(PROJECT, List.of(running), OperationListener.NONE, Cancellation.none()));
            assertEquals("INTERRUPTED", e.reason());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void requestBodiesCarryTheSpecInNeonsShape() throws Exception {
        neon.enqueue(json(201, created(FEATURE)))
                .enqueue(json(200, MockNeon.branchOps(FEATURE)))
                .enqueue(json(200, MockNeon.branchOps(FEATURE)));

        neon.client.createBranch(PROJECT, CreateBranchSpec.named("feature-x").withParent("br-aged-salad-a1b2c3d4")
                .at(PointInTime.at(Lsn.parse("0/1DE2850"))), Cancellation.none());
        neon.client.updateBranch(PROJECT, "br-cool-leaf-c9d0e1f2", BranchPatch.clearExpiration(), Cancellation.none());
        neon.client.restore(PROJECT, "br-cool-leaf-c9d0e1f2", new dev.arbor.domain.RestoreSpec("br-cool-leaf-c9d0e1f2",
                PointInTime.at(Instant.parse("2025-01-15T09:30:00Z")), "backup"), Cancellation.none());

        String create = neon.server.takeRequest().getBody().readUtf8();
        assertTrue(create.contains("\"parent_id\":\"br-aged-salad-a1b2c3d4\"") && create.contains("\"parent_lsn\":\"0/1DE2850\""), create);
        RecordedRequest patch = neon.server.takeRequest();
        assertEquals("PATCH", patch.getMethod());
        assertEquals("{\"branch\":{\"expires_at\":null}}", patch.getBody().readUtf8());
        String restore = neon.server.takeRequest().getBody().readUtf8();
        assertTrue(restore.contains("\"source_timestamp\":\"2025-01-15T09:30:00Z\"")
                && restore.contains("\"preserve_under_name\":\"backup\""), restore);
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        Instant now = Instant.parse("2025-01-15T10:00:00Z");
        assertEquals(Duration.ofSeconds(7), RetryAfter.parse("7", now).orElseThrow());
        assertEquals(Duration.ofSeconds(30), RetryAfter.parse("Wed, 15 Jan 2025 10:00:30 GMT", now).orElseThrow());
        assertEquals(Duration.ZERO, RetryAfter.parse("Wed, 15 Jan 2025 09:00:00 GMT", now).orElseThrow());
        assertTrue(RetryAfter.parse("soon", now).isEmpty());
    }

    @Test
    void backoffGrowsWithJitterAndStaysBounded() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(5), Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) {
            long first = p.backoff(1).toMillis();
            long late = p.backoff(8).toMillis();
            assertTrue(first >= 50 && first <= 100, "first " + first);
            assertTrue(late >= 200 && late <= 400, "late " + late);
        }
    }
}
