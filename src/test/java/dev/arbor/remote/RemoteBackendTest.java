package dev.arbor.remote;

import static dev.arbor.remote.MockNeon.FEATURE;
import static dev.arbor.remote.MockNeon.PROJECT;
import static dev.arbor.remote.MockNeon.branches;
import static dev.arbor.remote.MockNeon.created;
import static dev.arbor.remote.MockNeon.json;
import static dev.arbor.remote.MockNeon.operation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BackendEvent;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.PointInTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SPI mapped onto the API, against a scripted server. */
class RemoteBackendTest {
    private MockNeon neon;
    private RemoteBackend backend;

    @BeforeEach
    void start() throws Exception {
        neon = new MockNeon();
        backend = new RemoteBackend(neon.client, PROJECT);
    }

    @AfterEach
    void stop() throws Exception {
        backend.close();
        neon.close();
    }

    @Test
    void createWaitsForItsOperationsThenReadsTheBranchAgain() throws Exception {
        List<BackendEvent> events = new CopyOnWriteArrayList<>();
        AutoCloseable sub = backend.subscribe(events::add);
        neon.enqueue(json(201, created(FEATURE, operation("op-1", "create_branch", "running"))))
                .enqueue(json(200, "{\"operation\":" + operation("op-1", "create_branch", "finished") + "}"))
                .enqueue(json(200, "{\"branch\":" + FEATURE + "}"));

        var r = backend.createBranch(CreateBranchSpec.named("feature-x"));

        assertTrue(r.operations().get(0).status().isSuccess());
        assertEquals(List.of("POST", "GET", "GET"), neon.requests().stream().map(x -> x.getMethod()).toList());
        assertTrue(events.get(events.size() - 1) instanceof BackendEvent.BranchCreated);
        sub.close();
        assertEquals(3, neon.server.getRequestCount());
    }

    @Test
    void aNameIsLookedUpByExactMatchOverTheSearch() throws Exception {
        neon.enqueue(json(200, branches(null, MockNeon.branch("br-a-a-1", "feature-x-old", null), FEATURE)));

        assertEquals("br-cool-leaf-c9d0e1f2", backend.getBranch("feature-x").id());
        assertEquals("feature-x", neon.server.takeRequest().getRequestUrl().queryParameter("search"));
    }

    @Test
    void deletingABranchAlreadyGoneIsNotAnError() throws Exception {
        neon.enqueue(json(200, "{\"branch\":" + FEATURE + "}")).enqueue(new MockResponse().setResponseCode(204));

        var r = backend.deleteBranch("br-cool-leaf-c9d0e1f2");

        assertEquals("feature-x", r.branch().name());
        assertEquals(1, neon.count("DELETE"));
    }

    @Test
    void rowsAndTimestampLookupsAreRefusedWithSentences() throws Exception {
        neon.enqueue(json(200, "{\"branch\":" + FEATURE + "}"))
                .enqueue(json(200, "{\"project\":{\"id\":\"" + PROJECT + "\",\"name\":\"p\",\"history_retention_seconds\":86400}}"));

        RemoteBackend withoutComputes = RemoteBackend.withoutRows(neon.client, PROJECT); // closing it would close the client
        ArborException rows = assertThrows(ArborException.class,
                () -> withoutComputes.readRows("br-cool-leaf-c9d0e1f2", "neondb", "orders", PointInTime.HEAD, 0, 50));
        ArborException lookup = assertThrows(ArborException.class,
                () -> backend.resolve("br-cool-leaf-c9d0e1f2", PointInTime.at(Instant.now().minusSeconds(60))));

        assertEquals(ErrorCode.UNAVAILABLE, rows.code());
        assertEquals("ROWS_NOT_AVAILABLE", rows.reason());
        assertTrue(rows.getMessage().contains("does not serve table rows"));
        assertEquals("LSN_LOOKUP_NOT_AVAILABLE", lookup.reason());
        assertEquals(RemoteBackend.CAPABILITIES, backend.capabilities());
    }

    @Test
    void schemaIsAskedForAtThePoint() throws Exception {
        neon.enqueue(json(200, "{\"sql\":\"CREATE TABLE t (id int);\"}"));

        String sql = backend.schemaSql("br-cool-leaf-c9d0e1f2", "neondb", PointInTime.at(dev.arbor.domain.Lsn.parse("0/1DE2850")));

        assertEquals("CREATE TABLE t (id int);", sql);
        var url = neon.server.takeRequest().getRequestUrl();
        assertEquals("neondb", url.queryParameter("db_name"));
        assertEquals("0/1DE2850", url.queryParameter("lsn"));
    }
}
