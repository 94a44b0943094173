package dev.arbor.server;

import static dev.arbor.api.NeonSpec.assertComponent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbor.domain.CreateBranchSpec;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a request can fail, each answered with the right status and a Neon error body, never a 500. */
class ApiServerErrorsTest {
    @TempDir
    Path dir;
    ServerHarness h;

    @BeforeEach
    void start() {
        h = new ServerHarness(dir);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** Asserts the status and code, that the body is a GeneralError, and returns it. */
    static JsonNode refused(int status, String code, ServerHarness.Response r) {
        assertEquals(status, r.status(), r.text());
        assertComponent("GeneralError", r.json());
        assertEquals(code, r.json().get("code").asText(), r.text());
        assertFalse(r.json().get("message").asText().isBlank());
        assertFalse(r.json().get("request_id").asText().isBlank());
        return r.json();
    }

    @Test
    void aMissingOrWrongKeyIs401() {
        refused(401, "UNAUTHORIZED", h.send("GET", h.p("/branches"), null, null));
        refused(401, "UNAUTHORIZED", h.send("GET", h.p("/branches"), null, "wrong"));
        refused(401, "UNAUTHORIZED", h.send("GET", "/nowhere", null, ServerHarness.KEY + "x"));
        HttpRequest basic = HttpRequest.newBuilder(URI.create(h.server.baseUrl() + h.p("")))
                .header("Authorization", "Basic " + ServerHarness.KEY).build();
        JsonNode body = refused(401, "UNAUTHORIZED", h.send(basic));
        assertFalse(body.toString().contains(ServerHarness.KEY));
        assertEquals("UNAUTHORIZED", body.at("/arbor/kind").asText());
    }

    @Test
    void theRequestIdIsEchoedOrGenerated() {
        HttpRequest req = HttpRequest.newBuilder(URI.create(h.server.baseUrl() + h.p("/branches/br-none-none-00000000")))
                .header("Authorization", "Bearer " + ServerHarness.KEY).header("X-Request-ID", "req-42").build();
        ServerHarness.Response r = h.send(req);
        assertEquals("req-42", refused(404, "BRANCH_NOT_FOUND", r).get("request_id").asText());
        assertEquals("req-42", r.raw().headers().firstValue("X-Request-ID").orElseThrow());
    }

    @Test
    void unknownThingsAre404AndWrongMethods405() {
        refused(404, "PROJECT_NOT_FOUND", h.get("/projects/other-project-1"));
        refused(404, "PROJECT_NOT_FOUND", h.get("/projects/other-project-1/branches"));
        refused(404, "BRANCH_NOT_FOUND", h.get(h.p("/branches/br-none-none-00000000")));
        refused(404, "ENDPOINT_NOT_FOUND", h.get(h.p("/endpoints/ep-none-none-00000000")));
        refused(404, "OPERATION_NOT_FOUND", h.get(h.p("/operations/00000000-0000-0000-0000-000000000000")));
        refused(404, "NOT_FOUND", h.get(h.p("/nothing")));
        refused(404, "NOT_FOUND", h.get("/api/v1"));
        ServerHarness.Response put = h.send("PUT", h.p("/branches"), "{}", ServerHarness.KEY);
        refused(405, "METHOD_NOT_ALLOWED", put);
        assertEquals("GET, POST", put.raw().headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void aDuplicateNameIs409() {
        h.backend.createBranch(CreateBranchSpec.named("dev"));
        refused(409, "BRANCH_NAME_TAKEN", h.post(h.p("/branches"), "{\"branch\":{\"name\":\"dev\"}}"));
        String id = h.branchId("dev");
        refused(409, "BRANCH_NAME_TAKEN", h.patch(h.p("/branches/" + id), "{\"branch\":{\"name\":\"main\"}}"));
    }

    @Test
    void brokenRulesAre400WithTheirCode() {
        String main = h.branchId("main");
        JsonNode root = refused(400, "ROOT_BRANCH_DELETION_NOT_ALLOWED", h.delete(h.p("/branches/" + main)));
        assertEquals("RULE_VIOLATED", root.at("/arbor/kind").asText());
        String in = java.time.Instant.now().plusSeconds(3600).toString();
        refused(400, "DEFAULT_BRANCH_EXPIRATION_NOT_ALLOWED",
                h.patch(h.p("/branches/" + main), "{\"branch\":{\"expires_at\":\"" + in + "\"}}"));
        String prot = h.backend.createBranch(CreateBranchSpec.named("prot").protect()).branch().id();
        // a restore from the parent's head is a reset, which a protected branch refuses
        refused(400, "PROTECTED_BRANCH_RESET_NOT_ALLOWED", h.post(h.p("/branches/" + prot + "/restore"),
                "{\"source_branch_id\":\"" + main + "\"}"));
        refused(400, "PROTECTED_BRANCH_DELETION_NOT_ALLOWED", h.delete(h.p("/branches/" + prot)));
    }

    @Test
    void malformedJsonWrongTypesAndMissingObjectsAre400() {
        refused(400, "INVALID_JSON", h.post(h.p("/branches"), "{\"branch\": {"));
        refused(400, "INVALID_JSON", h.post(h.p("/branches"), "{} trailing"));
        JsonNode wrong = refused(400, "INVALID_REQUEST_BODY", h.post(h.p("/branches"), "{\"branch\":{\"protected\":\"yes\"}}"));
        assertTrue(wrong.get("message").asText().contains("branch.protected"), wrong.toString());
        refused(400, "INVALID_REQUEST_BODY", h.post(h.p("/branches"), "{\"branch\":{\"name\":5}}"));
        refused(400, "INVALID_REQUEST_BODY", h.post(h.p("/branches"), "[1,2]"));
        refused(400, "INVALID_REQUEST_BODY", h.post(h.p("/branches"), "{\"endpoints\":{\"type\":\"read_write\"}}"));
        refused(400, "INVALID_REQUEST_BODY", h.post(h.p("/branches"),
                "{\"endpoints\":[{\"type\":\"read_only\",\"suspend_timeout_seconds\":99999999999999999999999}]}"));
        refused(400, "INVALID_SUSPEND_TIMEOUT", h.post(h.p("/branches"),
                "{\"endpoints\":[{\"type\":\"read_only\",\"suspend_timeout_seconds\":5}]}"));
        refused(400, "INVALID_ENDPOINT_TYPE", h.post(h.p("/branches"), "{\"endpoints\":[{\"type\":\"big\"}]}"));
        refused(400, "INVALID_INIT_SOURCE", h.post(h.p("/branches"), "{\"branch\":{\"init_source\":\"copy\"}}"));
        String main = h.branchId("main");
        refused(400, "BRANCH_OBJECT_REQUIRED", h.patch(h.p("/branches/" + main), "{}"));
        refused(400, "INVALID_TIMESTAMP", h.patch(h.p("/branches/" + main), "{\"branch\":{\"expires_at\":42}}"));
        refused(400, "ENDPOINT_REQUIRED", h.post(h.p("/endpoints"), "{}"));
        refused(400, "BRANCH_ID_REQUIRED", h.post(h.p("/endpoints"), "{\"endpoint\":{\"type\":\"read_only\"}}"));
        assertEquals(1, h.engine.branches().size(), "nothing reached the backend");
    }

    @Test
    void anOversizedBodyIs413() {
        h.close();
        h = new ServerHarness(dir.resolve("small"), Runnable::run, 1024);
        String big = "{\"branch\":{\"name\":\"" + "x".repeat(4096) + "\"}}";
        refused(413, "REQUEST_TOO_LARGE", h.post(h.p("/branches"), big));
        assertEquals(1, h.engine.branches().size());
    }

    @Test
    void badLsnsAndTimestampsAre400() {
        String main = h.branchId("main");
        refused(400, "INVALID_LSN", h.post(h.p("/branches"), "{\"branch\":{\"parent_lsn\":\"zz/1\"}}"));
        refused(400, "INVALID_TIMESTAMP", h.post(h.p("/branches"), "{\"branch\":{\"parent_timestamp\":\"yesterday\"}}"));
        refused(400, "INVALID_TIMESTAMP", h.post(h.p("/branches"), "{\"branch\":{\"parent_timestamp\":\"2026-01-01T00:00:00\"}}"));
        refused(400, "LSN_AND_TIMESTAMP", h.post(h.p("/branches"),
                "{\"branch\":{\"parent_lsn\":\"0/1\",\"parent_timestamp\":\"2026-01-01T00:00:00Z\"}}"));
        refused(400, "POINT_OUTSIDE_HISTORY", h.post(h.p("/branches"), "{\"branch\":{\"parent_timestamp\":\"2001-01-01T00:00:00Z\"}}"));
        refused(400, "POINT_IN_FUTURE", h.post(h.p("/branches"), "{\"branch\":{\"parent_timestamp\":\"2999-01-01T00:00:00+02:00\"}}"));
        refused(400, "INVALID_LSN", h.get(h.p("/branches/" + main + "/schema?db_name=neondb&lsn=nope")));
        refused(400, "INVALID_TIMESTAMP", h.get(h.p("/branches/" + main + "/schema?db_name=neondb&timestamp=nope")));
        refused(400, "POINT_OUTSIDE_HISTORY",
                h.get(h.p("/branches/" + main + "/schema?db_name=neondb&timestamp=2001-01-01T00:00:00Z")));
        refused(400, "DB_NAME_REQUIRED", h.get(h.p("/branches/" + main + "/schema")));
        refused(404, "DATABASE_NOT_FOUND", h.get(h.p("/branches/" + main + "/schema?db_name=nodb")));
        refused(400, "INVALID_FORMAT", h.get(h.p("/branches/" + main + "/schema?db_name=neondb&format=yaml")));
        refused(400, "BASE_BRANCH_REQUIRED", h.get(h.p("/branches/" + main + "/compare_schema?db_name=neondb")));
        assertEquals(1, h.engine.branches().size());
    }

    @Test
    void restoreBodyErrors() {
        String main = h.branchId("main");
        String dev = h.backend.createBranch(CreateBranchSpec.named("dev")).branch().id();
        String url = h.p("/branches/" + dev + "/restore");
        refused(400, "SOURCE_BRANCH_REQUIRED", h.post(url, null));
        refused(400, "SOURCE_BRANCH_REQUIRED", h.post(url, "{\"source_lsn\":\"0/1\"}"));
        refused(400, "LSN_AND_TIMESTAMP", h.post(url, "{\"source_branch_id\":\"" + main
                + "\",\"source_lsn\":\"0/1\",\"source_timestamp\":\"2026-01-01T00:00:00Z\"}"));
        refused(400, "INVALID_LSN", h.post(url, "{\"source_branch_id\":\"" + main + "\",\"source_lsn\":\"1\"}"));
        refused(404, "BRANCH_NOT_FOUND", h.post(url, "{\"source_branch_id\":\"br-none-none-00000000\"}"));
        refused(400, "RESTORE_POINT_REQUIRED", h.post(url, "{\"source_branch_id\":\"" + dev + "\",\"preserve_under_name\":\"b\"}"));
        refused(400, "POINT_OUTSIDE_HISTORY", h.post(url, "{\"source_branch_id\":\"" + main
                + "\",\"source_timestamp\":\"2001-01-01T00:00:00Z\"}"));
    }

    @Test
    void badQueryParametersAre400() {
        refused(400, "INVALID_LIMIT", h.get(h.p("/branches?limit=0")));
        refused(400, "INVALID_LIMIT", h.get(h.p("/branches?limit=10001")));
        refused(400, "INVALID_LIMIT", h.get(h.p("/branches?limit=two")));
        refused(400, "INVALID_SORT_BY", h.get(h.p("/branches?sort_by=size")));
        refused(400, "INVALID_SORT_ORDER", h.get(h.p("/branches?sort_order=up")));
        refused(400, "INVALID_CURSOR", h.get(h.p("/branches?cursor=bm90IGpzb24")));
        refused(400, "INVALID_LIMIT", h.get(h.p("/operations?limit=1001")));
        refused(400, "INVALID_CURSOR", h.get(h.p("/operations?cursor=nope")));
    }

    @Test
    void aMutationWhileAnOperationRunsIs423() {
        h.close();
        ServerHarness.HeldExecutor held = new ServerHarness.HeldExecutor();
        h = new ServerHarness(dir.resolve("held"), held, 1 << 20);
        held.runAll();
        ServerHarness.Response created = h.post(h.p("/branches"), "{\"branch\":{\"name\":\"dev\"}}");
        assertEquals(201, created.status(), created.text());
        assertEquals("scheduling", created.json().at("/operations/0/status").asText());
        refused(423, "LOCKED", h.post(h.p("/branches"), "{\"branch\":{\"name\":\"dev2\"}}"));
        refused(423, "LOCKED", h.delete(h.p("/branches/" + h.branchId("dev"))));
        assertEquals(200, h.get(h.p("/branches")).status(), "reads go on while the project is locked");
        held.runAll();
        assertEquals(201, h.post(h.p("/branches"), "{\"branch\":{\"name\":\"dev2\"}}").status());
    }

    @Test
    void aPortInUseIsRefusedWithTheReason() {
        int taken = h.server.port();
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> ApiServer.start(h.backend, ServerOptions.loopback(taken, ServerHarness.KEY)));
        assertTrue(e.getMessage().startsWith("Cannot listen on 127.0.0.1:" + taken + ": "), e.getMessage());
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("in use"), e.getMessage());
        assertEquals(200, h.get(h.p("/branches")).status(), "the server on that port goes on serving");
    }

    @Test
    void theServerStopsWithinItsGrace() {
        long t0 = System.nanoTime();
        h.close();
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 10);
    }
}
