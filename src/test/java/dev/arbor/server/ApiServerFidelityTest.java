package dev.arbor.server;

import static dev.arbor.api.NeonSpec.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbor.api.BranchDto;
import dev.arbor.api.EndpointDto;
import dev.arbor.api.NeonJson;
import dev.arbor.api.NeonMapper;
import dev.arbor.api.ProjectDto;
import dev.arbor.domain.Branch;
import dev.arbor.engine.PostgresDemoFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over the demo project (backups, an undeletable backup, schema-only roots, protected and expiring branches),
 * what a client reads back through the shared mapper equals what the engine reports.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_1)
class ApiServerFidelityTest {
    @TempDir
    Path dir;

    @Test
    void branchesProjectAndEndpointsReadBackAsTheEngineHasThem() throws Exception {
        Path demo = PostgresDemoFixture.reachable(dir).resolve("demo");
        PostgresDemoFixture.copyInto(demo);
        try (ServerHarness h = new ServerHarness(demo)) {
            NeonMapper mapper = new NeonMapper();
            // restoring a root from another branch leaves a backup the rules keep
            String sandbox = h.branchId("analytics-sandbox");
            ServerHarness.Response restored = h.post(h.p("/branches/" + sandbox + "/restore"),
                    "{\"source_branch_id\":\"" + h.branchId("main") + "\",\"preserve_under_name\":\"sandbox_old\"}");
            assertEquals(200, restored.status(), restored.text());
            JsonNode list = h.get(h.p("/branches")).json();
            assertResponse("GET", "/projects/{project_id}/branches", 200, list);
            assertEquals(h.engine.branches().size(), list.get("branches").size());
            boolean sawBlocked = false;
            boolean sawBackup = false;
            for (JsonNode node : list.get("branches")) {
                Branch read = mapper.asDomain(NeonJson.mapper().treeToValue(node, BranchDto.class));
                assertEquals(h.engine.branch(read.id()), read);
                sawBlocked |= read.deletionBlocked();
                sawBackup |= read.backup() && !read.deletionBlocked();
            }
            assertTrue(sawBlocked, "the restored root left a backup that cannot be deleted");
            assertTrue(sawBackup, "the demo has an ordinary backup");

            JsonNode project = h.get(h.p("")).json().get("project");
            assertEquals(h.engine.project(), mapper.asDomain(NeonJson.mapper().treeToValue(project, ProjectDto.class)));
            for (JsonNode node : h.get(h.p("/endpoints")).json().get("endpoints")) {
                EndpointDto dto = NeonJson.mapper().treeToValue(node, EndpointDto.class);
                assertEquals(h.engine.endpoint(dto.id()), mapper.asDomain(dto));
            }

            // a branch can be named in the path, with its slash encoded
            Branch named = h.engine.branches().stream().filter(b -> b.name().contains("/")).findFirst().orElseThrow();
            JsonNode got = h.get(h.p("/branches/" + URLEncoder.encode(named.name(), StandardCharsets.UTF_8))).json();
            assertEquals(named.id(), got.at("/branch/id").asText());
        }
    }
}
