package dev.arbor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbor.domain.Operation;
import dev.arbor.domain.Project;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The validator the contract tests rely on finds what the real Neon document rules out, and says where: a missing
 * required field, a value outside an enum, a malformed date-time, a null where the document does not allow one (and
 * none where it does), and in requests an undeclared or missing parameter, a bad value, a body where none is taken.
 */
class NeonDocumentTest {
    private static final ObjectMapper JSON = NeonJson.mapper();
    private static final Instant T = Instant.parse("2026-11-20T09:00:00Z");
    private static final String OPS = "/projects/{project_id}/operations/{operation_id}";
    private final NeonMapper mapper = new NeonMapper(Clock.fixed(T, ZoneOffset.UTC));
    private final NeonDocument doc = NeonDocument.neon();

    private ObjectNode operationResponse() {
        Operation o = new Operation("0f9e8d7c-0000-4000-8000-000000000001", "p-1", "br-a-b-c", null,
                Operation.Action.CREATE_BRANCH, Operation.Status.FINISHED, 0, null, T, T, 42);
        return JSON.valueToTree(new Responses.OperationResponse(mapper.toDto(o)));
    }

    private static String only(List<String> problems) {
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    void aConformingAnswerHasNoProblems() {
        assertEquals(List.of(), doc.responseProblems("GET", OPS, 200, operationResponse()));
    }

    @Test
    void responseProblemsNameTheJsonPathThatIsWrong() {
        ObjectNode missing = operationResponse();
        ((ObjectNode) missing.get("operation")).remove("action");
        String p = only(doc.responseProblems("GET", OPS, 200, missing));
        assertTrue(p.startsWith("$.operation: required property 'action' not found"), p);

        ObjectNode badEnum = operationResponse();
        ((ObjectNode) badEnum.get("operation")).put("status", "done");
        assertTrue(only(doc.responseProblems("GET", OPS, 200, badEnum)).startsWith("$.operation.status:"));

        ObjectNode badTime = operationResponse();
        ((ObjectNode) badTime.get("operation")).put("created_at", "yesterday");
        assertTrue(only(doc.responseProblems("GET", OPS, 200, badTime)).startsWith("$.operation.created_at:"));
    }

    @Test
    void nullIsRefusedUnlessTheDocumentSaysNullable() {
        ObjectNode nulled = operationResponse();
        ((ObjectNode) nulled.get("operation")).putNull("branch_id");
        assertTrue(only(doc.responseProblems("GET", OPS, 200, nulled)).startsWith("$.operation.branch_id:"));

        // Project.effective_project_permission is {type: string, allOf: [enum], nullable: true}
        ObjectNode project = JSON.valueToTree(mapper.toDto(new Project("shiny-wind-02883400", "demo", 86_400,
                Project.Limits.DEFAULT, T, T)));
        project.putNull("effective_project_permission");
        assertEquals(List.of(), doc.componentProblems("Project", project));
        project.put("effective_project_permission", "CAN_FLY");
        List<String> problems = doc.componentProblems("Project", project);
        assertTrue(!problems.isEmpty() && problems.stream().allMatch(p -> p.startsWith("$.effective_project_permission:")),
                problems.toString());
    }

    @Test
    void anErrorStatusIsCheckedAgainstTheDocumentsErrorSchema() {
        String path = "/projects/{project_id}/branches/{branch_id}";
        JsonNode error = JSON.valueToTree(new ErrorBody("BRANCH_NOT_FOUND", "No branch \"x\".", "req-1", null));
        assertEquals(List.of(), doc.responseProblems("GET", path, 404, error));
        ObjectNode noMessage = error.deepCopy();
        noMessage.remove("message");
        assertTrue(only(doc.responseProblems("GET", path, 404, noMessage)).contains("'message'"));
        assertTrue(only(doc.responseProblems("DELETE", path, 204, error)).contains("expects no body"));
    }

    @Test
    void fieldsTheDocumentDoesNotDeclareAreFoundWhereverTheyAre() {
        ObjectNode extra = operationResponse();
        ((ObjectNode) extra.get("operation")).put("colour", "green");
        assertEquals(List.of(), doc.responseProblems("GET", OPS, 200, extra), "the schema itself lets extra fields through");
        assertEquals(List.of("$.operation.colour"), doc.undeclaredInResponse("GET", OPS, 200, extra));
        assertEquals(List.of(), doc.undeclaredInResponse("GET", OPS, 200, operationResponse()));

        String branches = "/projects/p-1/branches";
        String misspelt = only(doc.undeclaredInRequest(send("POST", branches, "{\"branch\":{\"nam\":\"dev\"}}")));
        assertTrue(misspelt.contains("$.branch.nam"), misspelt);
        // a map (additionalProperties with a schema) takes any key
        assertEquals(List.of(), doc.undeclaredInRequest(send("POST", branches,
                "{\"branch\":{\"name\":\"dev\"},\"annotation_value\":{\"any-key\":\"v\"}}")));
    }

    private static NeonDocument.Request get(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return new NeonDocument.Request("GET", NeonDocument.PREFIX + (q < 0 ? pathAndQuery : pathAndQuery.substring(0, q)),
                q < 0 ? null : pathAndQuery.substring(q + 1), new byte[0]);
    }

    private static NeonDocument.Request send(String method, String path, String body) {
        return new NeonDocument.Request(method, NeonDocument.PREFIX + path, null,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void requestsAreMatchedToTheirTemplateLiteralSegmentsFirst() {
        assertEquals(Optional.of("/projects/shared"), doc.templateOf("GET", NeonDocument.PREFIX + "/projects/shared"));
        assertEquals(Optional.of("/projects/{project_id}"), doc.templateOf("GET", NeonDocument.PREFIX + "/projects/p-1"));
        assertEquals(Optional.empty(), doc.templateOf("PUT", NeonDocument.PREFIX + "/projects/p-1/branches"));
    }

    @Test
    void requestParametersAreCheckedByNameTypeEnumBoundsAndPattern() {
        assertEquals(List.of(), doc.requestProblems(get("/projects/p-1/branches?sort_by=name&sort_order=asc&limit=500")));
        assertTrue(only(doc.requestProblems(get("/projects/p-1/branches?order=asc"))).contains("order is not in the document"));
        assertTrue(only(doc.requestProblems(get("/projects/p-1/branches?sort_by=size"))).contains("sort_by=\"size\""));
        assertTrue(only(doc.requestProblems(get("/projects/p-1/branches?limit=0"))).contains("limit=\"0\""));
        assertTrue(only(doc.requestProblems(get("/projects/p-1/branches?limit=two"))).contains("limit=\"two\""));
        assertTrue(only(doc.requestProblems(get("/projects/P_1/branches"))).contains("project_id=\"P_1\""));
        assertTrue(only(doc.requestProblems(get("/projects/p-1/branches/br-a/schema"))).contains("db_name is missing"));
        assertTrue(only(doc.requestProblems(get("/projects/p-1/nothing"))).contains("no such operation"));
        // a refused request may carry a bad value, but not an undeclared parameter
        assertEquals(List.of(), doc.routeProblems(get("/projects/p-1/branches?limit=0")));
        assertEquals(1, doc.routeProblems(get("/projects/p-1/branches?order=asc")).size());
    }

    @Test
    void requestBodiesAreCheckedAgainstTheOperationsRequestBody() {
        String branches = "/projects/p-1/branches";
        assertEquals(List.of(), doc.requestProblems(send("POST", branches, null)), "the create body is optional");
        assertEquals(List.of(), doc.requestProblems(send("POST", branches, "{\"branch\":{\"name\":\"dev\"}}")));
        assertTrue(only(doc.requestProblems(send("POST", branches, "{\"branch\":{\"protected\":\"yes\"}}")))
                .contains("$.branch.protected"));
        assertTrue(only(doc.requestProblems(send("POST", "/projects/p-1/branches/br-a/restore", null)))
                .contains("body is required"));
        assertTrue(only(doc.requestProblems(send("POST", "/projects/p-1/branches/br-a/set_as_default", "{}")))
                .contains("takes none"));
    }
}
