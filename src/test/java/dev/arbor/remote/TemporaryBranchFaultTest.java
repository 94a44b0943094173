package dev.arbor.remote;

import static dev.arbor.remote.MockNeon.FEATURE;
import static dev.arbor.remote.MockNeon.PROJECT;
import static dev.arbor.remote.MockNeon.branch;
import static dev.arbor.remote.MockNeon.branchOps;
import static dev.arbor.remote.MockNeon.created;
import static dev.arbor.remote.MockNeon.error;
import static dev.arbor.remote.MockNeon.json;
import static dev.arbor.remote.MockNeon.operation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import java.time.Instant;
import java.util.List;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Neon service may answer when the console opens a point, that {@code arbor serve} does not: a refusal of the
 * temporary branch in Neon's words, and a branch whose operation fails after it was made.
 */
class TemporaryBranchFaultTest {
    private static final String TEMPORARY = branch("br-tiny-moon-00aa11bb", "time-travel/feature-x@0/1DE2850#abcd",
            "br-cool-leaf-c9d0e1f2");

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
    void neonsRefusalOfThePointIsItsSentenceAndNothingIsDeletedOrLeft() throws Exception {
        neon.enqueue(json(200, "{\"branch\":" + FEATURE + "}"))
                .enqueue(json(400, error("", "parent_lsn is out of the history retention window")));

        ArborException e = assertThrows(ArborException.class,
                () -> backend.openPoint("br-cool-leaf-c9d0e1f2", PointInTime.at(Lsn.parse("0/1DE2850"))));

        assertTrue(e.getMessage().contains("out of the history retention window"), e.getMessage());
        assertEquals(List.of("GET", "POST"), neon.requests().stream().map(RecordedRequest::getMethod).toList());
    }

    @Test
    void theBranchIsAskedForWithAReadOnlyComputeAnExpirationAndANameThatSaysWhatItIs() throws Exception {
        neon.enqueue(json(200, "{\"branch\":" + FEATURE + "}"))
                .enqueue(json(201, created(TEMPORARY, operation("op-1", "create_timeline", "running"))))
                .enqueue(json(200, "{\"operation\":" + operation("op-1", "create_timeline", "failed") + "}"))
                .enqueue(json(200, branchOps(TEMPORARY, operation("op-2", "delete_timeline", "finished"))));
        Instant asked = Instant.now();

        ArborException e = assertThrows(ArborException.class,
                () -> backend.openPoint("br-cool-leaf-c9d0e1f2", PointInTime.at(Lsn.parse("0/1DE2850"))));

        assertEquals("OPERATION_FAILED", e.reason());
        List<RecordedRequest> sent = neon.requests();
        assertEquals(List.of("GET", "POST", "GET", "DELETE"), sent.stream().map(RecordedRequest::getMethod).toList(),
                "a branch whose making failed is deleted before the failure is reported");
        assertEquals("/projects/" + PROJECT + "/branches/br-tiny-moon-00aa11bb",
                sent.get(3).getRequestUrl().encodedPath().replaceFirst("^.*(/projects/)", "$1"));
        JsonNode body = new ObjectMapper().readTree(sent.get(1).getBody().readUtf8());
        JsonNode b = body.get("branch");
        assertEquals("br-cool-leaf-c9d0e1f2", b.get("parent_id").asText());
        assertEquals("0/1DE2850", b.get("parent_lsn").asText());
        assertTrue(b.get("name").asText().matches("time-travel/feature-x@0/1DE2850#[0-9a-z]{4}"), b.toString());
        Instant expires = Instant.parse(b.get("expires_at").asText());
        assertTrue(expires.isAfter(asked.plusSeconds(3500)) && expires.isBefore(asked.plusSeconds(3700)), expires.toString());
        assertEquals(1, body.get("endpoints").size());
        assertEquals("read_only", body.get("endpoints").get(0).get("type").asText());
    }
}
