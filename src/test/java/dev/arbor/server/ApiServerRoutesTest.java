package dev.arbor.server;

import static dev.arbor.api.NeonSpec.assertComponent;
import static dev.arbor.api.NeonSpec.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbor.api.NeonJson;
import dev.arbor.backend.HistoryWindow;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route's happy path against a real engine, each answer checked against the contract's schema. */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_2)
class ApiServerRoutesTest {
    private static final String P = "/projects/{project_id}";
    private static final String B = P + "/branches/{branch_id}";

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

    /** A table on main, made in SQL through its compute (which that starts; the other routes need none running). */
    private void itemsTable() {
        PgProjects.sql(h.engine, "main", "create table items (id bigint primary key, label text)");
    }

    private ServerHarness.Response ok(int status, String method, String template, ServerHarness.Response r) {
        assertEquals(status, r.status(), r.text());
        assertResponse(method, template, status, r.json());
        return r;
    }

    @Test
    void projects() {
        ServerHarness.Response list = h.get("/projects");
        assertEquals(200, list.status());
        assertEquals(1, list.json().get("projects").size());
        assertComponent("Project", list.json().get("projects").get(0));
        JsonNode project = ok(200, "GET", P, h.get(h.p(""))).json().get("project");
        assertEquals(h.projectId, project.get("id").asText());
        assertEquals(86_400, project.get("history_retention_seconds").asLong());
    }

    /** Neon's paging of the project list: the cursor names the last project, and the page after it is empty. */
    @Test
    void projectListPagesWithACursorAndSearch() {
        JsonNode first = h.get("/projects?limit=400").json();
        assertEquals(h.projectId, first.at("/pagination/cursor").asText());
        ServerHarness.Response after = h.get("/projects?cursor=" + h.projectId);
        assertEquals(200, after.status(), after.text());
        assertEquals(0, after.json().get("projects").size());
        assertTrue(after.json().path("pagination").isMissingNode(), "an empty page has no cursor: " + after.text());
        assertEquals(0, h.get("/projects?search=no-such-project").json().get("projects").size());
        String namePart = first.at("/projects/0/name").asText().substring(0, 3).toUpperCase(java.util.Locale.ROOT);
        assertEquals(1, h.get("/projects?search=" + namePart).json().get("projects").size());
        ServerHarness.Response badCursor = h.get("/projects?cursor=someone-elses-project");
        assertEquals(400, badCursor.status(), badCursor.text());
        assertEquals("INVALID_CURSOR", badCursor.json().get("code").asText());
        ServerHarness.Response badLimit = h.get("/projects?limit=401");
        assertEquals(400, badLimit.status(), badLimit.text());
        assertTrue(badLimit.json().get("message").asText().contains("from 1 to 400"), badLimit.text());
    }

    /** What the Neon CLI asks before a project-scoped command without --project-id, and after listing projects. */
    @Test
    void noOrganizationsAndNoSharedProjects() {
        ServerHarness.Response orgs = h.get("/users/me/organizations");
        assertEquals(200, orgs.status(), orgs.text());
        assertTrue(orgs.json().get("organizations").isArray());
        assertEquals(0, orgs.json().get("organizations").size());
        ServerHarness.Response shared = h.get("/projects/shared");
        assertEquals(200, shared.status(), shared.text());
        assertEquals(0, shared.json().get("projects").size());
        assertEquals(h.projectId, h.get("/projects?limit=2").json().at("/projects/0/id").asText());
        assertEquals(h.projectId, h.get(h.p("")).json().at("/project/id").asText());
    }

    @Test
    void createFromAnEmptyBodyBranchesFromTheDefaultBranch() {
        JsonNode body = ok(201, "POST", P + "/branches", h.post(h.p("/branches"), null)).json();
        assertEquals(h.branchId("main"), body.at("/branch/parent_id").asText());
        assertEquals(0, body.get("endpoints").size());
        assertEquals("create_branch", body.at("/operations/0/action").asText());
        assertEquals("neondb", body.at("/databases/0/name").asText());
        assertEquals("neondb_owner", body.at("/roles/0/name").asText());
    }

    @Test
    void createWithANameAnEndpointAndAPointOnTheDefaultBranch() {
        HistoryWindow w = h.backend.historyWindow("main");
        String json = """
                {"branch":{"name":"feature-x","parent_lsn":"%s"},"endpoints":[{"type":"read_write"}],"annotation_value":{"a":"b"},"extra":1}
                """.formatted(w.headLsn());
        JsonNode body = ok(201, "POST", P + "/branches", h.post(h.p("/branches"), json)).json();
        assertEquals("feature-x", body.at("/branch/name").asText());
        assertEquals(w.headLsn().toString(), body.at("/branch/parent_lsn").asText());
        assertEquals("read_write", body.at("/endpoints/0/type").asText());
        List<String> actions = new ArrayList<>();
        body.get("operations").forEach(o -> actions.add(o.get("action").asText()));
        assertEquals(List.of("create_branch", "start_compute"), actions);

        String atTime = """
                {"branch":{"name":"at-time","parent_timestamp":"%s"}}""".formatted(NeonJson.formatInstant(w.head()));
        JsonNode second = ok(201, "POST", P + "/branches", h.post(h.p("/branches"), atTime)).json();
        assertEquals(h.branchId("main"), second.at("/branch/parent_id").asText());

        JsonNode schemaOnly = ok(201, "POST", P + "/branches", h.post(h.p("/branches"),
                "{\"branch\":{\"name\":\"so\",\"init_source\":\"schema-only\"}}")).json();
        assertTrue(schemaOnly.at("/branch/parent_id").isMissingNode());
        assertEquals("schema-only", schemaOnly.at("/branch/init_source").asText());
    }

    @Test
    void listSearchSortPageAndCount() {
        // names with an underscore, which no generated id has, so a search cannot match an id by chance
        for (String n : List.of("b_3", "a_1", "c_2", "d_4")) {
            h.backend.createBranch(CreateBranchSpec.named(n));
        }
        JsonNode all = ok(200, "GET", P + "/branches", h.get(h.p("/branches"))).json();
        assertEquals(5, all.get("branches").size());
        assertTrue(all.get("annotations").isObject() && all.get("annotations").isEmpty());

        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String q = "/branches?sort_by=name&sort_order=asc&limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = ok(200, "GET", P + "/branches", h.get(h.p(q))).json();
            page.get("branches").forEach(b -> names.add(b.get("name").asText()));
            assertEquals("ASC", page.at("/pagination/sort_order").asText());
            cursor = page.at("/pagination/next").isMissingNode() ? null : page.at("/pagination/next").asText();
            pages++;
        } while (cursor != null);
        assertEquals(List.of("a_1", "b_3", "c_2", "d_4", "main"), names);
        assertEquals(3, pages);

        JsonNode desc = h.get(h.p("/branches?sort_by=created_at&sort_order=desc")).json();
        assertEquals("d_4", desc.at("/branches/0/name").asText());
        JsonNode found = h.get(h.p("/branches?search=A_")).json();
        assertEquals("a_1", found.at("/branches/0/name").asText());
        assertEquals(1, found.get("branches").size());
        String id = h.branchId("c_2");
        assertEquals(1, h.get(h.p("/branches?search=" + id.substring(3))).json().get("branches").size());

        assertEquals(5, ok(200, "GET", P + "/branches/count", h.get(h.p("/branches/count"))).json().get("count").asInt());
        assertEquals(1, h.get(h.p("/branches/count?search=MAIN")).json().get("count").asInt());
    }

    @Test
    void getPatchSetDefaultAndDelete() {
        String id = h.backend.createBranch(CreateBranchSpec.named("dev")).branch().id();
        JsonNode got = ok(200, "GET", B, h.get(h.p("/branches/" + id))).json();
        assertEquals("dev", got.at("/branch/name").asText());
        assertEquals(id, got.at("/annotation/object/id").asText());

        ok(200, "PATCH", B, h.patch(h.p("/branches/" + id), "{\"branch\":{\"name\":\"dev-2\"}}"));
        assertEquals("dev-2", h.engine.branch(id).name());
        String soon = NeonJson.formatInstant(java.time.Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        JsonNode expiring = ok(200, "PATCH", B, h.patch(h.p("/branches/" + id),
                "{\"branch\":{\"expires_at\":\"" + soon + "\"}}")).json();
        assertEquals(soon, expiring.at("/branch/expires_at").asText());
        // leaving expires_at out changes nothing; null removes it
        h.patch(h.p("/branches/" + id), "{\"branch\":{\"name\":\"dev-3\"}}");
        assertEquals(soon, NeonJson.formatInstant(h.engine.branch(id).expiresAt()));
        JsonNode cleared = ok(200, "PATCH", B, h.patch(h.p("/branches/" + id), "{\"branch\":{\"expires_at\":null}}")).json();
        assertTrue(cleared.at("/branch/expires_at").isMissingNode());
        assertNull(h.engine.branch(id).expiresAt());
        ok(200, "PATCH", B, h.patch(h.p("/branches/" + id), "{\"branch\":{\"protected\":true}}"));
        assertTrue(h.engine.branch(id).isProtected());
        h.patch(h.p("/branches/" + id), "{\"branch\":{\"protected\":false}}");

        JsonNode def = ok(200, "POST", B + "/set_as_default", h.post(h.p("/branches/" + id + "/set_as_default"), null)).json();
        assertTrue(def.at("/branch/default").asBoolean());
        assertTrue(def.at("/branch/primary").asBoolean());
        h.post(h.p("/branches/" + h.branchId("main") + "/set_as_default"), null);

        JsonNode deleted = ok(200, "DELETE", B, h.delete(h.p("/branches/" + id))).json();
        assertEquals("delete_timeline", deleted.at("/operations/0/action").asText());
        ServerHarness.Response again = h.delete(h.p("/branches/" + id));
        assertEquals(204, again.status());
        assertEquals("", again.text());
    }

    @Test
    void restoreToOwnHistoryAndResetFromParent() {
        itemsTable();
        String main = h.branchId("main");
        HistoryWindow before = h.backend.historyWindow(main);
        PgProjects.sql(h.engine, "main", "insert into items values (1, 'one')");
        String json = """
                {"source_branch_id":"%s","source_lsn":"%s","preserve_under_name":"main_before"}""".formatted(main, before.headLsn());
        JsonNode restored = ok(200, "POST", B + "/restore", h.post(h.p("/branches/" + main + "/restore"), json)).json();
        assertEquals(main, restored.at("/branch/id").asText());
        assertFalse(restored.at("/branch/last_reset_at").isMissingNode());
        assertEquals(List.of("0"), PgProjects.column(h.engine, "main", "select count(*) from items"));
        assertTrue(h.engine.branch("main_before").backup());

        String child = h.backend.createBranch(CreateBranchSpec.named("child").withEndpoint(EndpointSpec.readWrite())).branch().id();
        PgProjects.sql(h.engine, "main", "insert into items values (2, 'two')");
        JsonNode reset = ok(200, "POST", B + "/restore", h.post(h.p("/branches/" + child + "/restore"),
                "{\"source_branch_id\":\"" + main + "\"}")).json();
        assertEquals(main, reset.at("/branch/parent_id").asText());
        assertEquals(List.of("2"), PgProjects.column(h.engine, "child", "select id from items"));
    }

    @Test
    void schemaAsSqlAndJsonAndCompared() {
        itemsTable();
        String main = h.branchId("main");
        JsonNode sql = ok(200, "GET", B + "/schema", h.get(h.p("/branches/" + main + "/schema?db_name=neondb"))).json();
        assertTrue(sql.get("sql").asText().contains("CREATE TABLE public.items"));
        JsonNode json = ok(200, "GET", B + "/schema", h.get(h.p("/branches/" + main + "/schema?db_name=neondb&format=json"))).json();
        assertEquals("items", json.at("/json/tables/0/name").asText());
        assertEquals("id", json.at("/json/tables/0/columns/0/name").asText());
        HistoryWindow w = h.backend.historyWindow(main);
        JsonNode atLsn = h.get(h.p("/branches/" + main + "/schema?db_name=neondb&lsn=" + w.headLsn())).json();
        assertEquals(sql.get("sql"), atLsn.get("sql"));

        String child = h.backend.createBranch(CreateBranchSpec.named("child").withEndpoint(EndpointSpec.readWrite())).branch().id();
        PgProjects.sql(h.engine, "child", "create table extra (id bigint primary key)");
        JsonNode diff = ok(200, "GET", B + "/compare_schema",
                h.get(h.p("/branches/" + child + "/compare_schema?db_name=neondb"))).json();
        assertTrue(diff.get("diff").asText().contains("+CREATE TABLE public.extra ("), diff.toString());
        JsonNode same = h.get(h.p("/branches/" + main + "/compare_schema?db_name=neondb&base_branch_id=" + main)).json();
        assertEquals("", same.get("diff").asText());
    }

    @Test
    void branchEndpointsDatabasesRoles() {
        String main = h.branchId("main");
        assertEquals(1, ok(200, "GET", B + "/endpoints", h.get(h.p("/branches/" + main + "/endpoints"))).json().get("endpoints").size());
        assertEquals("neondb", ok(200, "GET", B + "/databases", h.get(h.p("/branches/" + main + "/databases"))).json()
                .at("/databases/0/name").asText());
        assertEquals("neondb_owner", ok(200, "GET", B + "/roles", h.get(h.p("/branches/" + main + "/roles"))).json()
                .at("/roles/0/name").asText());
    }

    @Test
    void endpointsCreateListGetStartSuspend() {
        String main = h.branchId("main");
        JsonNode made = ok(201, "POST", P + "/endpoints", h.post(h.p("/endpoints"),
                "{\"endpoint\":{\"branch_id\":\"" + main + "\",\"type\":\"read_only\",\"autoscaling_limit_max_cu\":2}}")).json();
        String ep = made.at("/endpoint/id").asText();
        assertEquals("read_only", made.at("/endpoint/type").asText());
        assertEquals(2.0, made.at("/endpoint/autoscaling_limit_max_cu").asDouble());
        assertEquals(2, ok(200, "GET", P + "/endpoints", h.get(h.p("/endpoints"))).json().get("endpoints").size());
        assertEquals(ep, ok(200, "GET", P + "/endpoints/{endpoint_id}", h.get(h.p("/endpoints/" + ep))).json()
                .at("/endpoint/id").asText());
        JsonNode suspended = ok(200, "POST", P + "/endpoints/{endpoint_id}/suspend", h.post(h.p("/endpoints/" + ep + "/suspend"), null)).json();
        assertEquals("suspend_compute", suspended.at("/operations/0/action").asText());
        assertEquals("idle", h.get(h.p("/endpoints/" + ep)).json().at("/endpoint/current_state").asText());
        JsonNode started = ok(200, "POST", P + "/endpoints/{endpoint_id}/start", h.post(h.p("/endpoints/" + ep + "/start"), null)).json();
        assertEquals("start_compute", started.at("/operations/0/action").asText());
        assertEquals("active", h.get(h.p("/endpoints/" + ep)).json().at("/endpoint/current_state").asText());
    }

    @Test
    void operationsPagedAndByIdNewestFirst() {
        for (String n : List.of("o1", "o2", "o3")) {
            h.backend.createBranch(CreateBranchSpec.named(n));
        }
        JsonNode first = ok(200, "GET", P + "/operations", h.get(h.p("/operations?limit=2"))).json();
        assertEquals(2, first.get("operations").size());
        String cursor = first.at("/pagination/cursor").asText();
        JsonNode second = ok(200, "GET", P + "/operations", h.get(h.p("/operations?limit=2&cursor=" + cursor))).json();
        assertNotEquals(first.at("/operations/0/id"), second.at("/operations/0/id"));
        String id = first.at("/operations/0/id").asText();
        JsonNode one = ok(200, "GET", P + "/operations/{operation_id}", h.get(h.p("/operations/" + id))).json();
        assertEquals("finished", one.at("/operation/status").asText());
        JsonNode all = h.get(h.p("/operations")).json();
        assertTrue(all.at("/pagination").isMissingNode());
    }
}
