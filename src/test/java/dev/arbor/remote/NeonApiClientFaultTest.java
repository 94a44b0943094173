package dev.arbor.remote;

import static dev.arbor.remote.MockNeon.FEATURE;
import static dev.arbor.remote.MockNeon.KEY;
import static dev.arbor.remote.MockNeon.PROJECT;
import static dev.arbor.remote.MockNeon.branches;
import static dev.arbor.remote.MockNeon.created;
import static dev.arbor.remote.MockNeon.error;
import static dev.arbor.remote.MockNeon.json;
import static dev.arbor.remote.MockNeon.operation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchResult;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.ErrorCode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The faults of reference §6, each ending in success or in a clear ArborException, and no mutation sent twice. */
class NeonApiClientFaultTest {
    private MockNeon neon;

    @BeforeEach
    void start() throws Exception {
        neon = new MockNeon();
    }

    @AfterEach
    void stop() throws Exception {
        neon.close();
    }

    private BranchResult create() {
        return neon.client.createBranch(PROJECT, CreateBranchSpec.named("feature-x"), Cancellation.none());
    }

    @Test
    void lockedProjectIsRetriedUntilTheMutationIsAccepted() throws Exception {
        neon.enqueue(json(423, error("", "project already has running conflicting operations, scheduling of new ones is prohibited")))
                .enqueue(json(201, created(FEATURE, operation("op-1", "create_branch", "running"))));

        BranchResult r = create();

        assertEquals("feature-x", r.branch().name());
        assertEquals(2, neon.count("POST"), "the 423 was refused before any work, so one retry is safe");
    }

    @Test
    void lockedEverywhereGivesUpWithLocked() throws Exception {
        for (int i = 0; i < 4; i++) {
            neon.enqueue(json(423, error("", "project already has running conflicting operations")));
        }

        ArborException e = assertThrows(ArborException.class, this::create);

        assertEquals(ErrorCode.LOCKED, e.code());
        assertEquals("Project already has running conflicting operations.", e.getMessage());
        assertTrue(e.details().contains("gave up after 4 attempts"), e.details());
        assertEquals(4, neon.count("POST"), "bounded by the policy's attempts");
    }

    @Test
    void rateLimitHonoursRetryAfterSeconds() throws Exception {
        neon.enqueue(json(429, error("", "rate limit exceeded")).setHeader("Retry-After", "1"))
                .enqueue(json(200, branches(null, FEATURE)));

        long start = System.nanoTime();
        var list = neon.client.listBranches(PROJECT, BranchQuery.ALL.withLimit(null));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(1, list.size());
        assertTrue(waitedMs >= 950, "waited only " + waitedMs + " ms for Retry-After: 1");
        assertEquals(2, neon.count("GET"));
    }

    @Test
    void rateLimitedMutationIsRetriedAfterTheWait() throws Exception {
        neon.enqueue(json(429, "").setHeader("Retry-After", "0"))
                .enqueue(json(201, created(FEATURE)));

        assertEquals("feature-x", create().branch().name());
        assertEquals(2, neon.count("POST"));
    }

    @Test
    void retryAfterLongerThanPatienceIsReportedNotWaited() throws Exception {
        neon.enqueue(json(429, error("", "slow down")).setHeader("Retry-After", "3600"));

        ArborException e = assertThrows(ArborException.class, () -> neon.client.getProject(PROJECT));

        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals("RATE_LIMITED", e.reason());
        assertEquals(1, neon.count("GET"));
    }

    @Test
    void internalErrorIsReportedWithTheServersMessageAndNotRetried() throws Exception {
        neon.enqueue(json(500, error("", "internal error while scheduling"))).enqueue(json(201, created(FEATURE)));

        ArborException e = assertThrows(ArborException.class, this::create);

        assertEquals(ErrorCode.INTERNAL, e.code());
        assertEquals("Internal error while scheduling.", e.getMessage());
        assertTrue(e.details().contains("HTTP 500") && e.details().contains("request_id req-42"), e.details());
        assertEquals(1, neon.count("POST"));
    }

    @Test
    void internalErrorWithoutBodyNamesTheStatus() throws Exception {
        neon.enqueue(new MockResponse().setResponseCode(500));

        ArborException e = assertThrows(ArborException.class, () -> neon.client.getProject(PROJECT));

        assertEquals(ErrorCode.INTERNAL, e.code());
        assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
        assertEquals(1, neon.count("GET"), "only 423, 429 and 503 are retried");
    }

    @Test
    void unavailableThenSuccessRetriesEvenAMutation() throws Exception {
        neon.enqueue(json(503, error("", "service unavailable")))
                .enqueue(json(200, MockNeon.branchOps(FEATURE)));

        var r = neon.client.updateBranch(PROJECT, "br-cool-leaf-c9d0e1f2", BranchPatch.rename("feature-x"), Cancellation.none());

        assertEquals("feature-x", r.branch().name());
        assertEquals(2, neon.count("PATCH"));
    }

    @Test
    void connectionDroppedMidResponseIsRetriedForAGet() throws Exception {
        neon.enqueue(json(200, branches(null, FEATURE, FEATURE, FEATURE)).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY))
                .enqueue(json(200, branches(null, FEATURE)));

        var list = neon.client.listBranches(PROJECT, BranchQuery.ALL.withLimit(null));

        assertEquals(1, list.size());
        assertEquals(2, neon.count("GET"));
    }

    @Test
    void connectionDroppedMidResponseIsNeverResentForAPost() throws Exception {
        neon.enqueue(json(201, created(FEATURE, operation("op-1", "create_branch", "running")))
                        .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY))
                .enqueue(json(201, created(FEATURE)));

        ArborException e = assertThrows(ArborException.class, this::create);

        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals("OUTCOME_UNKNOWN", e.reason());
        assertTrue(e.getMessage().contains("may or may not have been made"), e.getMessage());
        assertEquals(1, neon.count("POST"), "the server may have created the branch: it must not be asked twice");
    }

    @Test
    void slowServerPastTheTimeoutFailsAMutationOnce() throws Exception {
        neon.enqueue(json(201, created(FEATURE)).setHeadersDelay(1, TimeUnit.SECONDS));

        ArborException e = assertThrows(ArborException.class, this::create);

        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals("OUTCOME_UNKNOWN", e.reason());
        assertTrue(e.getMessage().contains("did not answer POST"), e.getMessage());
        assertEquals(1, neon.count("POST"));
    }

    @Test
    void slowServerPastTheTimeoutRetriesAReadThenGivesUp() throws Exception {
        for (int i = 0; i < 4; i++) {
            neon.enqueue(json(200, branches(null, FEATURE)).setHeadersDelay(600, TimeUnit.MILLISECONDS));
        }

        ArborException e = assertThrows(ArborException.class, () -> neon.client.getProject(PROJECT));

        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals("TIMEOUT", e.reason());
        assertEquals(4, neon.count("GET"));
    }

    @Test
    void slowReadRecoversWhenTheServerAnswersInTime() throws Exception {
        neon.enqueue(json(200, branches(null, FEATURE)).setHeadersDelay(1, TimeUnit.SECONDS))
                .enqueue(json(200, branches(null, FEATURE)));

        assertEquals(1, neon.client.listBranches(PROJECT, BranchQuery.ALL.withLimit(null)).size());
    }

    @Test
    void malformedJsonIsAClearFailure() throws Exception {
        neon.enqueue(json(200, "{\"branches\": [ this is not json ]}"));

        ArborException e = assertThrows(ArborException.class, () -> neon.client.listBranches(PROJECT, BranchQuery.ALL));

        assertEquals("MALFORMED_RESPONSE", e.reason());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("Jackson") || e.getMessage().contains("com.fasterxml"), e.getMessage());
    }

    @Test
    void truncatedJsonIsAClearFailure() throws Exception {
        neon.enqueue(json(201, "{\"branch\":{\"id\":\"br-cool-leaf-c9d0e1f2\",\"name\":\"feat"));

        ArborException e = assertThrows(ArborException.class, this::create);

        assertEquals("MALFORMED_RESPONSE", e.reason());
        assertTrue(e.getMessage().contains("probably made"), "a 201 means the branch exists: " + e.getMessage());
        assertEquals(1, neon.count("POST"));
    }

    @Test
    void replyMissingItsMainFieldIsMalformed() throws Exception {
        neon.enqueue(json(200, "{\"annotations\":{}}"));

        ArborException e = assertThrows(ArborException.class, () -> neon.client.listBranches(PROJECT, BranchQuery.ALL));

        assertEquals("MALFORMED_RESPONSE", e.reason());
    }

    @Test
    void htmlErrorPageFromAProxyIsExplained() throws Exception {
        neon.enqueue(new MockResponse().setResponseCode(502).setHeader("Content-Type", "text/html")
                .setBody("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"));

        ArborException e = assertThrows(ArborException.class, () -> neon.client.getProject(PROJECT));

        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("web page instead of the API's JSON"), e.getMessage());
        assertTrue(e.details().contains("HTTP 502"), e.details());
    }

    @Test
    void htmlPageWithSuccessStatusMeansTheBaseUrlIsWrong() throws Exception {
        neon.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/html; charset=utf-8")
                .setBody("<html><head><title>Sign in</title></head></html>"));

        ArborException e = assertThrows(ArborException.class, () -> neon.client.getProject(PROJECT));

        assertEquals("MALFORMED_RESPONSE", e.reason());
        assertTrue(e.getMessage().contains("web page") && e.getMessage().contains("base URL"), e.getMessage());
    }

    @Test
    void unauthorizedKeyIsReportedWithoutTheKey() throws Exception {
        neon.enqueue(json(401, "{\"message\":\"authentication required\",\"code\":\"\"}"));

        ArborException e = assertThrows(ArborException.class, () -> neon.client.getProject(PROJECT));

        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertEquals("Authentication required.", e.getMessage());
        assertEquals(1, neon.count("GET"));
        assertFalse(String.valueOf(e).contains(KEY) || String.valueOf(e.details()).contains(KEY));
    }

    @Test
    void unauthorizedWithoutBodyStillReadsAsASentence() throws Exception {
        neon.enqueue(new MockResponse().setResponseCode(401));

        ArborException e = assertThrows(ArborException.class, () -> neon.client.getProject(PROJECT));

        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertEquals("API_KEY_REJECTED", e.reason());
        assertTrue(e.getMessage().startsWith("The Neon API refused the API key"), e.getMessage());
    }

    @Test
    void statusesMapToTheirErrorCodesWithTheServersCodeAsReason() throws Exception {
        neon.enqueue(json(404, error("", "branch not found")))
                .enqueue(json(409, error("BRANCH_NAME_TAKEN", "branch already exists; branch_name:\\\"x\\\"")))
                .enqueue(json(400, error("PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED", "protected branches cannot expire")))
                .enqueue(json(400, error("INVALID_LSN", "bad lsn")))
                .enqueue(json(400, "{\"code\":\"BRANCH_NAME_TAKEN\",\"message\":\"x\",\"arbor\":{\"kind\":\"CONFLICT\"}}"))
                .enqueue(json(403, error("", "forbidden")));

        ArborException notFound = assertThrows(ArborException.class, () -> neon.client.getBranch(PROJECT, "br-a-b-c"));
        ArborException conflict = assertThrows(ArborException.class, this::create);
        ArborException rule = assertThrows(ArborException.class, this::create);
        ArborException invalid = assertThrows(ArborException.class, this::create);
        ArborException kindFromArbor = assertThrows(ArborException.class, this::create);
        ArborException forbidden = assertThrows(ArborException.class, () -> neon.client.getProject(PROJECT));

        assertEquals(ErrorCode.NOT_FOUND, notFound.code());
        assertEquals("Branch not found.", notFound.getMessage());
        assertEquals(ErrorCode.CONFLICT, conflict.code());
        assertEquals("BRANCH_NAME_TAKEN", conflict.reason());
        assertEquals(ErrorCode.RULE_VIOLATED, rule.code());
        assertEquals("PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED", rule.reason());
        assertEquals(ErrorCode.INVALID_INPUT, invalid.code());
        assertEquals(ErrorCode.CONFLICT, kindFromArbor.code());
        assertEquals(ErrorCode.UNAUTHORIZED, forbidden.code());
    }

    @Test
    void connectionRefusedIsRetriedEvenForAMutationBecauseNothingWasSent() throws Exception {
        int port = neon.server.getPort();
        neon.server.shutdown();
        try (NeonApiClient c = new NeonApiClient("http://127.0.0.1:" + port + "/api/v2", ApiKey.of(KEY),
                MockNeon.FAST.withTimeouts(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(1)))) {
            ArborException e = assertThrows(ArborException.class,
                    () -> c.createBranch(PROJECT, CreateBranchSpec.named("x"), Cancellation.none()));
            assertEquals("CONNECTION_FAILED", e.reason());
            assertTrue(e.details().contains("gave up after 4 attempts"), e.details());
        }
    }
}
