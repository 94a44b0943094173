package dev.arbor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbor.api.NeonDocument;
import dev.arbor.api.NeonJson;
import dev.arbor.backend.HistoryWindow;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.PostgresDemoFixture;
import dev.arbor.testing.NoConnections;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route {@code arbor serve} serves, driven through a real {@link ApiServer} over the demo project, and every
 * answer (successes and the refusals a client meets) validated against the real Neon OpenAPI document. A failure names
 * the route, the status and the JSON path that is wrong.
 *
 * <p>Beyond what the schemas enforce, no answer may carry a field the document does not declare (Neon's schemas
 * leave {@code additionalProperties} open, so a misspelt field would otherwise pass). Two deviations are deliberate:
 * the {@code arbor} object on branches, projects and error bodies, which carries what Neon has no field for (plan
 * limits, backup flags, the branch head, the kind of failure) and which Neon clients ignore; and the project list's
 * items, which are whole projects ({@link #projectFieldInTheList}). Error bodies also carry Arbor's upper-snake
 * reasons in {@code code}, which the document allows ({@code ErrorCode} is any string).
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_1)
class ServerContractTest {

    @TempDir
    Path dir;

    /** One answer the server gave: the route it went to (as the document names it) and what came back. */
    private record Answer(String method, String template, ServerHarness.Response response) {
        String route() {
            return method + " " + template + " → " + response.status();
        }
    }

    private final List<Answer> answers = new ArrayList<>();

    /** Sends the request and keeps the answer under the route the document says the path goes to. */
    private ServerHarness.Response call(ServerHarness h, String method, String path, String body, String key) {
        ServerHarness.Response r = h.send(method, path, body, key);
        String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String template = NeonDocument.neon().templateOf(method, NeonDocument.PREFIX + rawPath)
                .orElseThrow(() -> new AssertionError("the document has no route for " + method + " " + rawPath));
        answers.add(new Answer(method, template, r));
        return r;
    }

    private ServerHarness.Response expect(int status, ServerHarness h, String method, String path, String body) {
        ServerHarness.Response r = call(h, method, path, body, ServerHarness.KEY);
        assertEquals(status, r.status(), method + " " + path + ": " + r.text());
        return r;
    }

    @Test
    void everyAnswerOfEveryServedRouteMatchesTheRealDocument() throws Exception {
        PostgresDemoFixture.copyInto(PostgresDemoFixture.reachable(dir).resolve("demo"));
        try (ServerHarness h = new ServerHarness(dir.resolve("demo"))) {
            successes(h);
            refusals(h);
        }
        locked();
        tooLarge();
        withoutConnections();
        onPostgres();

        assertEveryAnswerMatchesTheDocument();

        // the table above reaches every route the server serves, each with a success
        Set<String> served = servedOperations();
        Set<String> succeeded = answers.stream().filter(a -> a.response().status() < 300)
                .map(a -> a.method() + " " + a.template()).collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> missed = new TreeSet<>(served);
        missed.removeAll(succeeded);
        assertTrue(missed.isEmpty(), "routes the server serves that this test never saw succeed: " + missed);
        assertTrue(served.size() >= 24, "the probe found too few routes to be believed: " + served);
    }

    /**
     * The request bodies the document gives as examples for the routes Arbor serves (a branch with and without a
     * compute, a rename, computes with a region or the pooler asked for) are accepted, with the example's Neon branch
     * ids replaced by a branch of this project.
     */
    @Test
    void theServerAcceptsTheDocumentsRequestExamplesForItsRoutes() {
        int sent = 0;
        try (ServerHarness h = new ServerHarness(dir.resolve("examples"))) {
            for (String operation : servedOperations()) {
                String method = operation.substring(0, operation.indexOf(' '));
                String template = operation.substring(operation.indexOf(' ') + 1);
                if (CATALOG.matcher(template).find()) {
                    continue; // the examples' roles and databases need an owner made first: onPostgres() sends these
                }
                for (JsonNode example : NeonDocument.neon().requestExamples(method, template)) {
                    String branch = h.backend.createBranch(CreateBranchSpec.named("example-" + sent)).branch().id();
                    String path = template.replace("{project_id}", h.projectId).replace("{branch_id}", branch);
                    String body = example.toString().replaceAll("\"br-[a-z0-9-]+\"", "\"" + branch + "\"");
                    ServerHarness.Response r = call(h, method, path, body, ServerHarness.KEY);
                    assertTrue(r.status() < 300, operation + " refused the document's example " + body + ": " + r.text());
                    // the document's branch examples all name their branch "mybranch"; make room for the next one
                    h.engine.branches().stream().filter(b -> b.name().equals("mybranch"))
                            .forEach(b -> h.backend.deleteBranch(b.id()));
                    sent++;
                }
            }
        }
        assertTrue(sent >= 6, "the document's examples for Arbor's routes: " + sent);
        assertEveryAnswerMatchesTheDocument();
    }

    private void assertEveryAnswerMatchesTheDocument() {
        List<String> problems = new ArrayList<>();
        for (Answer a : answers) {
            String type = a.response().raw().headers().firstValue("Content-Type").orElse("(none)");
            if (a.response().json() != null && !type.equals("application/json")) {
                problems.add(a.route() + "  the body is sent as " + type + ", not application/json as the document says");
            }
            NeonDocument.neon().responseProblems(a.method(), a.template(), a.response().status(), a.response().json())
                    .forEach(p -> problems.add(a.route() + "  " + p));
            NeonDocument.neon().undeclaredInResponse(a.method(), a.template(), a.response().status(), a.response().json())
                    .stream().filter(p -> !p.endsWith(".arbor") && !projectFieldInTheList(a, p))
                    .forEach(p -> problems.add(a.route() + "  " + p + ": the document has no such field"));
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " answers do not match the Neon OpenAPI document:\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * A project in {@code GET /projects} carries every field of a {@code Project} (usage counters, consumption period),
     * not only those of Neon's shorter {@code ProjectListItem}, so that the list and {@code GET /projects/{id}} read back
     * as the same project.
     */
    private static boolean projectFieldInTheList(Answer a, String path) {
        return a.template().equals("/projects") && path.matches("\\$\\.projects\\[\\d+]\\.[a-z_]+")
                && NeonDocument.neon().componentProperties("Project").contains(path.substring(path.lastIndexOf('.') + 1));
    }

    private void successes(ServerHarness h) {
        String main = h.branchId("main");
        expect(200, h, "GET", "/projects", null);
        expect(200, h, "GET", "/projects?limit=2", null);
        expect(200, h, "GET", "/projects/shared", null);
        expect(200, h, "GET", "/users/me/organizations", null);
        expect(200, h, "GET", h.p(""), null);

        expect(200, h, "GET", h.p("/branches"), null);
        JsonNode page = expect(200, h, "GET", h.p("/branches?sort_by=name&sort_order=asc&limit=2"), null).json();
        expect(200, h, "GET", h.p("/branches?cursor=" + page.at("/pagination/next").asText()), null);
        expect(200, h, "GET", h.p("/branches?search=main"), null);
        expect(200, h, "GET", h.p("/branches/count"), null);
        expect(200, h, "GET", h.p("/branches/" + main), null);

        HistoryWindow w = h.backend.historyWindow(main);
        String created = expect(201, h, "POST", h.p("/branches"),
                "{\"branch\":{\"name\":\"contract\",\"parent_lsn\":\"" + w.headLsn() + "\"},\"endpoints\":[{\"type\":\"read_write\"}]}")
                .json().at("/branch/id").asText();
        expect(201, h, "POST", h.p("/branches"), null);
        expect(201, h, "POST", h.p("/branches"), "{\"branch\":{\"name\":\"shape\",\"init_source\":\"schema-only\"}}");
        String inADay = NeonJson.formatInstant(Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
        expect(200, h, "PATCH", h.p("/branches/" + created),
                "{\"branch\":{\"name\":\"contract-2\",\"protected\":false,\"expires_at\":\"" + inADay + "\"}}");
        expect(200, h, "PATCH", h.p("/branches/" + created), "{\"branch\":{\"expires_at\":null}}");
        expect(200, h, "POST", h.p("/branches/" + created + "/set_as_default"), null);
        expect(200, h, "POST", h.p("/branches/" + main + "/set_as_default"), null);
        expect(200, h, "POST", h.p("/branches/" + created + "/restore"),
                "{\"source_branch_id\":\"" + main + "\",\"preserve_under_name\":\"contract_old\"}");
        expect(200, h, "POST", h.p("/branches/" + created + "/restore"),
                "{\"source_branch_id\":\"" + created + "\",\"source_lsn\":\"" + h.backend.historyWindow(created).headLsn()
                        + "\",\"preserve_under_name\":\"contract_before\"}");
        expect(200, h, "GET", h.p("/branches/" + main + "/endpoints"), null);
        expect(200, h, "GET", h.p("/branches/" + main + "/databases"), null);
        expect(200, h, "GET", h.p("/branches/" + main + "/roles"), null);
        expect(200, h, "GET", h.p("/branches/" + main + "/schema?db_name=neondb"), null);
        expect(200, h, "GET", h.p("/branches/" + main + "/schema?db_name=neondb&format=json"), null);
        expect(200, h, "GET", h.p("/branches/" + created + "/compare_schema?db_name=neondb"), null);

        expect(200, h, "GET", h.p("/endpoints"), null);
        String ep = expect(201, h, "POST", h.p("/endpoints"),
                "{\"endpoint\":{\"branch_id\":\"" + main + "\",\"type\":\"read_only\",\"autoscaling_limit_max_cu\":2}}")
                .json().at("/endpoint/id").asText();
        expect(200, h, "GET", h.p("/endpoints/" + ep), null);
        expect(200, h, "POST", h.p("/endpoints/" + ep + "/suspend"), null);
        expect(200, h, "POST", h.p("/endpoints/" + ep + "/start"), null);

        JsonNode ops = expect(200, h, "GET", h.p("/operations?limit=2"), null).json();
        expect(200, h, "GET", h.p("/operations?cursor=" + ops.at("/pagination/cursor").asText()), null);
        expect(200, h, "GET", h.p("/operations"), null);
        expect(200, h, "GET", h.p("/operations/" + ops.at("/operations/0/id").asText()), null);

        expect(200, h, "GET", h.p("/connection_uri?branch_id=" + main + "&database_name=neondb&role_name=neondb_owner"), null);
        expect(200, h, "GET", h.p("/connection_uri?database_name=neondb&role_name=neondb_owner&pooled=false"), null);
        expect(200, h, "GET", h.p("/branches/" + main + "/roles/neondb_owner/reveal_password"), null);

        String doomed = h.backend.createBranch(CreateBranchSpec.named("doomed")).branch().id();
        expect(200, h, "DELETE", h.p("/branches/" + doomed), null);
        expect(204, h, "DELETE", h.p("/branches/" + doomed), null);
    }

    /** The refusals a client meets, each answered with the document's error schema (its {@code default} response). */
    private void refusals(ServerHarness h) {
        String main = h.branchId("main");
        assertEquals(401, call(h, "GET", h.p("/branches"), null, "wrong-key").status());
        expect(404, h, "GET", "/projects/other-project-1", null);
        expect(404, h, "GET", h.p("/branches/br-none-none-00000000"), null);
        expect(404, h, "GET", h.p("/endpoints/ep-none-none-00000000"), null);
        expect(404, h, "GET", h.p("/operations/00000000-0000-0000-0000-000000000000"), null);
        expect(405, h, "DELETE", h.p(""), null);
        expect(400, h, "POST", h.p("/branches"), "{\"branch\": {");
        expect(400, h, "POST", h.p("/branches"), "{\"branch\":{\"protected\":\"yes\"}}");
        expect(409, h, "POST", h.p("/branches"), "{\"branch\":{\"name\":\"main\"}}");
        expect(400, h, "DELETE", h.p("/branches/" + main), null);
        expect(400, h, "GET", h.p("/branches?limit=0"), null);
        expect(400, h, "GET", h.p("/operations?cursor=nope"), null);
        expect(400, h, "GET", h.p("/branches/" + main + "/schema"), null);
        expect(400, h, "GET", h.p("/branches/" + main + "/compare_schema?db_name=neondb"), null);
        expect(400, h, "POST", h.p("/branches/" + main + "/restore"), null);
        expect(400, h, "POST", h.p("/endpoints"), "{}");
        expect(400, h, "GET", h.p("/connection_uri?role_name=neondb_owner"), null);
        expect(400, h, "GET", h.p("/connection_uri?database_name=neondb&role_name=neondb_owner&pooled=true"), null);
        expect(404, h, "GET", h.p("/connection_uri?database_name=neondb&role_name=nobody"), null);
        expect(404, h, "GET", h.p("/branches/" + main + "/roles/nobody/reveal_password"), null);
    }

    private static final java.util.regex.Pattern CATALOG = java.util.regex.Pattern.compile("/(databases|roles)$");

    /** Databases, roles and a restart on a project whose branches are real Postgres databases. */
    private void onPostgres() throws java.io.IOException {
        Path pg = java.nio.file.Files.createTempDirectory("arbor-contract-pg");
        java.nio.file.Files.setPosixFilePermissions(pg, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ServerHarness h = ServerHarness.onPostgres(pg)) {
            String main = h.branchId("main");
            String branch = h.p("/branches/" + main);
            ServerHarness.Response made = expect(201, h, "POST", branch + "/roles", "{\"role\":{\"name\":\"contract_app\"}}");
            assertTrue(made.json().at("/role/password").asText().startsWith("npg_"), made.text());
            expect(200, h, "GET", branch + "/roles/contract_app", null);
            expect(200, h, "POST", branch + "/roles/contract_app/reset_password", null);
            expect(201, h, "POST", branch + "/databases",
                    "{\"database\":{\"name\":\"contract_db\",\"owner_name\":\"contract_app\"}}");
            expect(200, h, "GET", branch + "/databases/contract_db", null);
            expect(409, h, "POST", branch + "/databases", "{\"database\":{\"name\":\"contract_db\",\"owner_name\":\"contract_app\"}}");
            expect(409, h, "DELETE", branch + "/roles/contract_app", null);
            expect(200, h, "DELETE", branch + "/databases/contract_db", null);
            expect(200, h, "DELETE", branch + "/roles/contract_app", null);
            expect(404, h, "GET", branch + "/roles/contract_app", null);
            expect(400, h, "POST", branch + "/roles", "{}");
            expect(400, h, "POST", branch + "/databases", "{\"database\":{\"name\":\"x\"}}");
            String ep = h.backend.listEndpoints(main).get(0).id();
            expect(200, h, "POST", h.p("/endpoints/" + ep + "/restart"), null);
            // the document's own examples: role "sally", then database "mydb" owned by "casey"
            h.backend.createRole(main, "casey", false);
            for (String template : List.of("/roles", "/databases")) {
                for (JsonNode example : NeonDocument.neon().requestExamples("POST",
                        "/projects/{project_id}/branches/{branch_id}" + template)) {
                    expect(201, h, "POST", branch + template, example.toString());
                }
            }
        } finally {
            try (var all = java.nio.file.Files.walk(pg)) {
                for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(f);
                }
            }
        }
    }

    /** A backend that gives no connections or passwords (the document's 412 for reveal_password). */
    private void withoutConnections() {
        try (ServerHarness h = new ServerHarness(dir.resolve("plain"), NoConnections::over)) {
            String main = h.branchId("main");
            expect(412, h, "GET", h.p("/connection_uri?database_name=neondb&role_name=neondb_owner"), null);
            expect(412, h, "GET", h.p("/branches/" + main + "/roles/neondb_owner/reveal_password"), null);
        }
    }

    private void locked() {
        ServerHarness.HeldExecutor held = new ServerHarness.HeldExecutor();
        try (ServerHarness h = new ServerHarness(dir.resolve("held"), held, 1 << 20)) {
            held.runAll();
            ServerHarness.Response created = expect(201, h, "POST", h.p("/branches"), "{\"branch\":{\"name\":\"dev\"}}");
            assertEquals("scheduling", created.json().at("/operations/0/status").asText());
            expect(423, h, "POST", h.p("/branches"), "{\"branch\":{\"name\":\"dev2\"}}");
            held.runAll();
        }
    }

    private void tooLarge() {
        try (ServerHarness h = new ServerHarness(dir.resolve("small"), Runnable::run, 1024)) {
            expect(413, h, "POST", h.p("/branches"), "{\"branch\":{\"name\":\"" + "x".repeat(4096) + "\"}}");
        }
    }

    /**
     * The document's operations this server serves, found by asking it: each is sent to a fresh server with ids that
     * name nothing, and served unless the router answers that there is no such route (404 {@code NOT_FOUND}) or that
     * the method is not allowed there (405).
     */
    private Set<String> servedOperations() {
        Set<String> served = new TreeSet<>();
        try (ServerHarness probe = new ServerHarness(dir.resolve("probe"))) {
            for (String operation : NeonDocument.neon().operations()) {
                String method = operation.substring(0, operation.indexOf(' '));
                String template = operation.substring(operation.indexOf(' ') + 1);
                String path = template.replaceAll("\\{[a-z_]+}", "probe-none-00000000");
                ServerHarness.Response r = probe.send(method, path, Set.of("POST", "PATCH", "PUT").contains(method) ? "{}" : null,
                        ServerHarness.KEY);
                boolean noRoute = r.status() == 404 && r.json() != null && r.json().path("code").asText().equals("NOT_FOUND");
                if (!noRoute && r.status() != 405) {
                    served.add(operation);
                }
            }
        }
        return served;
    }
}
