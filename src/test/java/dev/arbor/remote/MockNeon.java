package dev.arbor.remote;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** A loopback MockWebServer and a client tuned for tests: short timeouts and short backoffs. */
final class MockNeon implements AutoCloseable {
    static final String KEY = "napi_test_secret_0123456789abcdef";
    static final String PROJECT = "shiny-wind-028834";

    static final ClientOptions FAST = new ClientOptions(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(3),
            new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(10), Duration.ofSeconds(3)),
            Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5));

    final MockWebServer server = new MockWebServer();
    final NeonApiClient client;

    MockNeon() throws IOException {
        this(FAST);
    }

    MockNeon(ClientOptions options) throws IOException {
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
        client = new NeonApiClient(server.url("/api/v2").toString(), ApiKey.of(KEY), options);
    }

    MockNeon enqueue(MockResponse r) {
        server.enqueue(r);
        return this;
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    /** Every request the server received so far, in order (waits briefly for each). */
    List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        int n = server.getRequestCount();
        for (int i = 0; i < n; i++) {
            out.add(server.takeRequest(1, TimeUnit.SECONDS));
        }
        return out;
    }

    long count(String method) throws InterruptedException {
        return requests().stream().filter(r -> r.getMethod().equals(method)).count();
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.shutdown();
    }

    // ---- JSON in Neon's shapes, as a server would send it -------------------------------------------

    static String branch(String id, String name, String parentId) {
        return "{\"id\":\"" + id + "\",\"project_id\":\"" + PROJECT + "\",\"name\":\"" + name + "\""
                + (parentId == null ? "" : ",\"parent_id\":\"" + parentId + "\",\"parent_lsn\":\"0/1DE2850\"")
                + ",\"current_state\":\"ready\",\"state_changed_at\":\"2025-01-15T10:00:00Z\",\"logical_size\":30777344,"
                + "\"creation_source\":\"console\",\"primary\":false,\"default\":false,\"protected\":false,"
                + "\"cpu_used_sec\":0,\"compute_time_seconds\":0,\"active_time_seconds\":0,\"written_data_bytes\":0,"
                + "\"data_transfer_bytes\":0,\"created_at\":\"2025-01-15T10:00:00Z\",\"updated_at\":\"2025-01-15T10:00:00Z\"}";
    }

    static String operation(String id, String action, String status) {
        return "{\"id\":\"" + id + "\",\"project_id\":\"" + PROJECT + "\",\"branch_id\":\"br-cool-leaf-c9d0e1f2\","
                + "\"action\":\"" + action + "\",\"status\":\"" + status + "\",\"failures_count\":0,"
                + "\"created_at\":\"2025-01-15T12:00:00Z\",\"updated_at\":\"2025-01-15T12:00:00Z\",\"total_duration_ms\":0}";
    }

    static String created(String branchJson, String... operationsJson) {
        return "{\"branch\":" + branchJson + ",\"endpoints\":[],\"operations\":[" + String.join(",", operationsJson)
                + "],\"roles\":[],\"databases\":[]}";
    }

    static String branchOps(String branchJson, String... operationsJson) {
        return "{\"branch\":" + branchJson + ",\"operations\":[" + String.join(",", operationsJson) + "]}";
    }

    static String branches(String next, String... branchJson) {
        return "{\"branches\":[" + String.join(",", branchJson) + "],\"annotations\":{}"
                + (next == null ? "" : ",\"pagination\":{\"next\":\"" + next + "\",\"sort_by\":\"created_at\",\"sort_order\":\"ASC\"}")
                + "}";
    }

    static String error(String code, String message) {
        return "{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"request_id\":\"req-42\"}";
    }

    static final String FEATURE = branch("br-cool-leaf-c9d0e1f2", "feature-x", "br-aged-salad-a1b2c3d4");
}
