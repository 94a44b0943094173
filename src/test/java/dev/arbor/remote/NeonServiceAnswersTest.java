package dev.arbor.remote;

import static dev.arbor.remote.MockNeon.PROJECT;
import static dev.arbor.remote.MockNeon.branches;
import static dev.arbor.remote.MockNeon.json;
import static dev.arbor.remote.MockNeon.operation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.Operation;
import dev.arbor.domain.Organization;
import dev.arbor.domain.Project;
import dev.arbor.ui.common.Formats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers only the real Neon service gives, in the shapes of Neon's OpenAPI document (v2): the org_id
 * refusal for personal keys, organizations, project paging by {@code pagination.cursor}, plan limits in
 * {@code owner}, enum values Arbor does not know, fields left out, and {@code restricted_actions}.
 */
class NeonServiceAnswersTest {
    private static final String ORG = "org-morning-bread-81040908";

    private MockNeon neon;

    @BeforeEach
    void start() throws Exception {
        neon = new MockNeon();
    }

    @AfterEach
    void stop() throws Exception {
        neon.close();
    }

    // ---- organizations -------------------------------------------------------------------------------

    @Test
    void aPersonalKeyInAnOrganizationIsAskedToChooseOneInsteadOfGettingTheBare400() {
        neon.enqueue(json(400, "{\"code\":\"\",\"message\":\"org_id is required, you can find it on your organization"
                + " settings page\",\"request_id\":\"req-42\"}"));

        ArborException e = assertThrows(ArborException.class, () -> neon.client.listProjects());

        assertEquals("ORGANIZATION_REQUIRED", e.reason());
        assertEquals("Your Neon account belongs to an organization, and Neon lists a personal API key's projects one"
                + " organization at a time. Choose the organization, then load the projects again.", e.getMessage());
        assertTrue(e.details().toLowerCase(java.util.Locale.ROOT).contains("org_id is required"), "Neon's own words stay in the details: " + e.details());
    }

    @Test
    void theKeysOrganizationsAreListed() throws Exception {
        neon.enqueue(json(200, "{\"organizations\":[{\"id\":\"" + ORG + "\",\"name\":\"Acme\",\"handle\":\"acme-x1\","
                + "\"plan\":\"scale\",\"created_at\":\"2024-05-01T10:00:00Z\",\"updated_at\":\"2024-05-01T10:00:00Z\","
                + "\"managed_by\":\"console\",\"allow_hipaa_projects\":false,\"require_mfa\":false},"
                + "{\"id\":\"org-quiet-river-12345678\",\"name\":\"Beta\",\"handle\":\"beta\",\"plan\":\"free\","
                + "\"created_at\":\"2024-06-01T10:00:00Z\",\"updated_at\":\"2024-06-01T10:00:00Z\",\"managed_by\":\"vercel\"}]}"));

        List<Organization> orgs = neon.client.listOrganizations();

        assertEquals(List.of(new Organization(ORG, "Acme", "acme-x1"), new Organization("org-quiet-river-12345678", "Beta", "beta")), orgs);
        assertEquals("/api/v2/users/me/organizations", neon.server.takeRequest().getPath());
    }

    @Test
    void projectsOfAnOrganizationAreListedWithItsOrgIdOnEveryPage() throws Exception {
        neon.enqueue(json(200, projectsPage("c1", 0, 400))).enqueue(json(200, projectsPage("c2", 400, 3)));

        List<Project> all = neon.client.listProjects(ORG);

        assertEquals(403, all.size());
        List<RecordedRequest> reqs = neon.requests();
        assertEquals(2, reqs.size());
        reqs.forEach(r -> assertEquals(ORG, r.getRequestUrl().queryParameter("org_id")));
        assertEquals("c1", reqs.get(1).getRequestUrl().queryParameter("cursor"));
    }

    @Test
    void aTypedProjectIdIsFetchedByIdAndAnUnknownOneIsASentence() throws Exception {
        neon.enqueue(json(200, "{\"project\":" + project("shiny-wind-028834", null) + "}"))
                .enqueue(json(404, "{\"code\":\"\",\"message\":\"project not found\",\"request_id\":\"req-7\"}"));

        assertEquals("shiny-wind-028834", neon.client.findProject(" shiny-wind-028834 ").id());
        ArborException missing = assertThrows(ArborException.class, () -> neon.client.findProject("gone-project-1"));
        ArborException malformed = assertThrows(ArborException.class, () -> neon.client.findProject("My Project"));

        assertEquals("/api/v2/projects/shiny-wind-028834", neon.server.takeRequest().getPath());
        assertTrue(missing.getMessage().startsWith("This API key cannot open a project with the id \"gone-project-1\""),
                missing.getMessage());
        assertEquals("INVALID_PROJECT_ID", malformed.reason());
        assertEquals(2, neon.server.getRequestCount(), "a malformed id is not sent");
    }

    // ---- paging --------------------------------------------------------------------------------------

    @Test
    void projectListingFollowsTheCursorPastTheFirstPageOf400() throws Exception {
        neon.enqueue(json(200, projectsPage("c1", 0, 400)))
                .enqueue(json(200, projectsPage("c2", 400, 400)))
                .enqueue(json(200, projectsPage("c3", 800, 0)));

        List<Project> all = neon.client.listProjects();

        assertEquals(800, all.size());
        assertEquals("p-0", all.get(0).id());
        assertEquals("p-799", all.get(799).id());
        List<RecordedRequest> reqs = neon.requests();
        assertEquals(3, reqs.size());
        assertNull(reqs.get(0).getRequestUrl().queryParameter("cursor"));
        assertEquals("400", reqs.get(0).getRequestUrl().queryParameter("limit"));
        assertEquals("c1", reqs.get(1).getRequestUrl().queryParameter("cursor"));
        assertEquals("c2", reqs.get(2).getRequestUrl().queryParameter("cursor"));
    }

    // ---- expiration precision ------------------------------------------------------------------------

    @Test
    void expirationsAreSentToTheSecond() throws Exception {
        Instant preset = Instant.parse("2026-12-02T23:16:41.891917607Z");
        neon.enqueue(json(201, MockNeon.created(MockNeon.FEATURE))).enqueue(json(200, MockNeon.branchOps(MockNeon.FEATURE)));

        neon.client.createBranch(PROJECT, CreateBranchSpec.named("feature-x").expiringAt(preset), Cancellation.none());
        neon.client.updateBranch(PROJECT, "br-cool-leaf-c9d0e1f2", BranchPatch.expireAt(preset), Cancellation.none());

        String create = neon.server.takeRequest().getBody().readUtf8();
        String patch = neon.server.takeRequest().getBody().readUtf8();
        assertTrue(create.contains("\"expires_at\":\"2026-12-02T23:16:41Z\""), create);
        assertEquals("{\"branch\":{\"expires_at\":\"2026-12-02T23:16:41Z\"}}", patch);
    }

    // ---- tolerance -----------------------------------------------------------------------------------

    @Test
    void unknownStatesAndAbsentSizesDoNotFailTheBranchList() {
        String hibernating = MockNeon.branch("br-odd-moon-a1b2c3d4", "odd", null)
                .replace("\"current_state\":\"ready\"", "\"current_state\":\"hibernating\"")
                .replace("\"logical_size\":30777344,", "");
        neon.enqueue(json(200, branches(null, MockNeon.FEATURE, hibernating)));

        List<Branch> all = neon.client.listBranches(PROJECT, BranchQuery.ALL);

        assertEquals(2, all.size());
        Branch odd = all.get(1);
        assertEquals(BranchState.UNKNOWN, odd.currentState());
        assertFalse(odd.hasKnownSize());
        assertEquals("unknown", Formats.dataSize(odd.logicalSize()), "an unreported size is not 0 B");
        assertEquals("29.4 MB", Formats.dataSize(all.get(0).logicalSize()));
    }

    @Test
    void unknownEndpointTypesAndStatesDoNotFailTheEndpointList() {
        neon.enqueue(json(200, "{\"endpoints\":[" + endpoint("ep-a-1", "read_write", "active") + ","
                + endpoint("ep-b-2", "read_replica_v2", "hibernating") + "]}"));

        List<Endpoint> all = neon.client.listBranchEndpoints(PROJECT, "br-cool-leaf-c9d0e1f2");

        assertEquals(List.of(Endpoint.Type.READ_WRITE, Endpoint.Type.UNKNOWN), all.stream().map(Endpoint::type).toList());
        assertEquals(List.of(Endpoint.State.ACTIVE, Endpoint.State.UNKNOWN), all.stream().map(Endpoint::currentState).toList());
    }

    @Test
    void unknownOperationStatusesAndActionsDoNotFailTheOperationList() {
        neon.enqueue(json(200, "{\"operations\":[" + operation("op-1", "finalize_migration", "finished") + ","
                + operation("op-2", "something_new", "paused") + "],\"pagination\":{\"cursor\":\"op-2\"}}"));

        var page = neon.client.listOperations(PROJECT, null, 10);

        assertEquals(List.of(Operation.Status.FINISHED, Operation.Status.UNKNOWN),
                page.items().stream().map(Operation::status).toList());
        assertEquals(Operation.Action.UNKNOWN, page.items().get(1).action());
    }

    @Test
    void aChangeWhoseOperationEndsInAnUnknownStatusIsNotReportedFailed() {
        neon.enqueue(json(201, MockNeon.created(MockNeon.FEATURE, operation("op-1", "create_branch", "running"))))
                .enqueue(json(200, "{\"operation\":" + operation("op-1", "create_branch", "completed_with_notes") + "}"))
                .enqueue(json(200, "{\"branch\":" + MockNeon.FEATURE + ",\"annotation\":{}}"));
        RemoteBackend backend = new RemoteBackend(neon.client, PROJECT);

        var done = backend.createBranch(CreateBranchSpec.named("feature-x"));

        assertEquals("feature-x", done.branch().name());
        assertEquals(Operation.Status.UNKNOWN, done.operations().get(0).status());
    }

    // ---- what the plan allows ------------------------------------------------------------------------

    @Test
    void theBranchLimitComesFromTheProjectOwnersPlan() {
        neon.enqueue(json(200, "{\"project\":" + project(PROJECT, "{\"email\":\"ann@example.com\",\"name\":\"Ann\","
                + "\"branches_limit\":10,\"subscription_type\":\"free_v3\"}") + "}"))
                .enqueue(json(200, "{\"project\":" + project(PROJECT, null) + "}"));

        Project onFree = neon.client.getProject(PROJECT);
        Project unreported = neon.client.getProject(PROJECT);

        assertEquals(10, onFree.limits().maxBranches());
        assertEquals(Integer.MAX_VALUE, unreported.limits().maxBranches(),
                "no built-in default stands in for a limit Neon did not report");
        assertEquals(Integer.MAX_VALUE, onFree.limits().maxRootBranches());
    }

    @Test
    void restrictedActionsAndRestoreFactsReachTheBranch() {
        String restricted = MockNeon.FEATURE.substring(0, MockNeon.FEATURE.length() - 1)
                + ",\"restricted_actions\":[{\"name\":\"restore\",\"reason\":\"Restore is not available on your plan.\"},"
                + "{\"name\":\"delete-rw-endpoint\",\"reason\":\"The branch is being migrated.\"}],"
                + "\"restore_status\":\"restored\",\"restored_from\":\"snap-abc123\"}";
        neon.enqueue(json(200, "{\"branch\":" + restricted + ",\"annotation\":{}}"));

        Branch b = neon.client.getBranch(PROJECT, "br-cool-leaf-c9d0e1f2");

        assertEquals("Restore is not available on your plan.", b.restriction("restore").orElseThrow());
        assertEquals("The branch is being migrated.", b.restriction("delete-rw-endpoint").orElseThrow());
        assertEquals("restored", b.restoreStatus());
        assertEquals("snap-abc123", b.restoredFrom());
    }

    // ---- Neon's shapes -------------------------------------------------------------------------------

    /** A {@code ProjectListItem} with the fields Neon marks required. */
    private static String listItem(String id) {
        return "{\"id\":\"" + id + "\",\"platform_id\":\"aws\",\"region_id\":\"aws-us-east-2\",\"name\":\"" + id + "\","
                + "\"provisioner\":\"k8s-neonvm\",\"pg_version\":17,\"proxy_host\":\"us-east-2.aws.neon.tech\","
                + "\"branch_logical_size_limit\":0,\"branch_logical_size_limit_bytes\":10800,\"store_passwords\":true,"
                + "\"active_time\":100,\"cpu_used_sec\":0,\"creation_source\":\"console\","
                + "\"created_at\":\"2025-01-15T10:00:00Z\",\"updated_at\":\"2025-01-15T10:00:00Z\",\"owner_id\":\"1232111\","
                + "\"org_id\":\"" + ORG + "\"}";
    }

    /** {@code ProjectsResponse} + {@code PaginationResponse}: Neon sends a cursor on every page, the last too. */
    private static String projectsPage(String cursor, int from, int count) {
        List<String> items = new ArrayList<>();
        IntStream.range(from, from + count).forEach(i -> items.add(listItem("p-" + i)));
        return "{\"projects\":[" + String.join(",", items) + "],\"pagination\":{\"cursor\":\"" + cursor + "\"},"
                + "\"applications\":{},\"integrations\":{}}";
    }

    /** A {@code Project} as {@code GET /projects/{id}} sends it, with {@code owner} when given. */
    private static String project(String id, String ownerJson) {
        String item = listItem(id);
        return item.substring(0, item.length() - 1) + ",\"history_retention_seconds\":86400,"
                + "\"consumption_period_start\":\"2025-01-01T00:00:00Z\",\"consumption_period_end\":\"2025-02-01T00:00:00Z\","
                + "\"active_time_seconds\":0,\"compute_time_seconds\":0,\"written_data_bytes\":0,\"data_transfer_bytes\":0,"
                + "\"data_storage_bytes_hour\":0" + (ownerJson == null ? "" : ",\"owner\":" + ownerJson) + "}";
    }

    private static String endpoint(String id, String type, String state) {
        return "{\"host\":\"" + id + ".us-east-2.aws.neon.tech\",\"id\":\"" + id + "\",\"project_id\":\"" + PROJECT + "\","
                + "\"branch_id\":\"br-cool-leaf-c9d0e1f2\",\"autoscaling_limit_min_cu\":0.25,\"autoscaling_limit_max_cu\":2,"
                + "\"region_id\":\"aws-us-east-2\",\"type\":\"" + type + "\",\"current_state\":\"" + state + "\","
                + "\"settings\":{},\"pooler_enabled\":false,\"pooler_mode\":\"transaction\",\"disabled\":false,"
                + "\"passwordless_access\":true,\"creation_source\":\"console\",\"created_at\":\"2025-01-15T10:00:00Z\","
                + "\"updated_at\":\"2025-01-15T10:00:00Z\",\"proxy_host\":\"us-east-2.aws.neon.tech\","
                + "\"suspend_timeout_seconds\":0,\"provisioner\":\"k8s-neonvm\"}";
    }
}
