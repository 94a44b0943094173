package dev.arbor.ui.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.BranchResult;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import dev.arbor.engine.PostgresDemoFixture;
import dev.arbor.remote.ApiKey;
import dev.arbor.remote.ClientOptions;
import dev.arbor.remote.NeonApiClient;
import dev.arbor.remote.RemoteBackend;
import dev.arbor.remote.RetryPolicy;
import dev.arbor.server.ApiServer;
import dev.arbor.server.ServerOptions;
import dev.arbor.ui.common.SameThreadUiExecutor;
import dev.arbor.ui.common.SteppedUiExecutor;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.project.ProjectState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Schema diff on real Postgres: a migration made in SQL on a child branch shows as added and removed lines, the
 * text is the one {@code arbor serve} returns for {@code compare_schema}, and the console's Neon path (the remote
 * backend against a real server over the same project) shows the same. Points, deleted branches and an unreachable
 * service are sentences that leave the diff shown in place.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaDiffOnPostgresTest {
    private static final String KEY = "schema-diff-key-0123456789";
    private static final Duration WAIT = Duration.ofMinutes(2);

    private Path dir;
    private EmbeddedEngine engine;
    private EmbeddedBackend embedded;
    private ApiServer server;
    private RemoteBackend remote;
    private Branch main;
    private Branch dev;
    /** Where dev was before its migration. */
    private String devBeforeMigration;
    private final SameThreadUiExecutor executor = new SameThreadUiExecutor();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    void openProjectAndMigrateAChild() throws Exception {
        dir = PostgresDemoFixture.reachable(Files.createTempDirectory("arbor-schema-diff"));
        engine = EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null));
        embedded = new EmbeddedBackend(engine);
        server = ApiServer.start(new EmbeddedBackend(engine, false), ServerOptions.loopback(0, KEY));
        remote = remote(server, RetryPolicy.DEFAULT);
        main = engine.branch("main");
        try (Connection c = connect(engine.connectionDetails("main", null, null))) {
            run(c, "create table orders (id bigint primary key, item text not null)");
            run(c, "create table legacy_audit (id bigint primary key, note text)");
        }
        BranchResult created = engine.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite()));
        engine.awaitOperations(created.operations(), WAIT);
        dev = created.branch();
        // the head the history window states before the migration (a running compute's WAL position can be a little
        // past it, which the picker would refuse as outside the window)
        devBeforeMigration = embedded.historyWindow(dev.id()).headLsn().toString();
        try (Connection c = connect(engine.connectionDetails(dev.id(), null, null))) {
            run(c, "alter table orders add column shipped_at timestamptz");
            run(c, "create index orders_item on orders (item)");
            run(c, "drop table legacy_audit");
        }
    }

    @AfterEach
    void closeStates() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        toClose.clear();
    }

    @AfterAll
    void closeProject() throws Exception {
        remote.close();
        server.close();
        embedded.close();
        engine.close();
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void aMigrationOnAChildShowsItsLinesAsAdditionsAndTheDroppedTableAsRemovals() {
        SchemaDiffModel diff = open(embedded, executor, main.id(), dev.id());

        SchemaDiffModel.Result r = diff.resultProperty().get();
        assertNotNull(r, "Compare to parent compares at once, both sides at their heads");
        assertEquals("neondb", diff.databaseProperty().get());
        assertTrue(lines(r, DiffLine.Kind.ADDED).stream().anyMatch(l -> l.contains("shipped_at")), r.text());
        assertTrue(lines(r, DiffLine.Kind.ADDED).stream().anyMatch(l -> l.startsWith("+CREATE INDEX orders_item ON public.orders")),
                r.text());
        assertTrue(lines(r, DiffLine.Kind.REMOVED).stream().anyMatch(l -> l.startsWith("-CREATE TABLE public.legacy_audit")),
                r.text());
        assertTrue(lines(r, DiffLine.Kind.ADDED).stream().noneMatch(l -> l.contains("legacy_audit")), r.text());
        assertEquals(List.of("--- a/main/neondb", "+++ b/dev/neondb"), lines(r, DiffLine.Kind.FILE));
        assertFalse(lines(r, DiffLine.Kind.HUNK).isEmpty());
        assertTrue(r.summary().contains("\"main\" at its head → \"dev\" at its head, database \"neondb\""), r.summary());
        assertEquals(r.text(), diff.diffText(), "Copy gives the unified diff itself");
    }

    @Test
    void theConsoleShowsExactlyTheDiffCompareSchemaReturns() throws Exception {
        SchemaDiffModel diff = open(embedded, executor, main.id(), dev.id());

        assertEquals(compareSchema(dev.id()), diff.diffText());
    }

    @Test
    void theNeonPathShowsTheSameDiffThroughTheApi() throws Exception {
        SchemaDiffModel onNeon = open(remote, executor, main.id(), dev.id());

        assertNotNull(onNeon.resultProperty().get());
        assertEquals(compareSchema(dev.id()), onNeon.diffText());
        assertEquals(open(embedded, executor, main.id(), dev.id()).diffText(), onNeon.diffText());
        assertTrue(onNeon.diffText().contains("+CREATE INDEX orders_item"), onNeon.diffText());
    }

    @Test
    void aPointBeforeTheMigrationHasTheParentsSchemaAndSaysSo() {
        SchemaDiffModel diff = open(embedded, executor, main.id(), dev.id());
        diff.compared().atProperty().set(DiffSide.At.LSN);
        diff.compared().picker().lsnProperty().set(devBeforeMigration);
        assertNull(diff.compared().problemProperty().get(), diff.compared().problemProperty().get());

        diff.compare();

        SchemaDiffModel.Result r = diff.resultProperty().get();
        assertTrue(r.same(), r.text());
        assertEquals("", diff.diffText());
        assertTrue(r.summary().startsWith("The schemas are the same: \"main\" at its head → \"dev\" at LSN "), r.summary());
    }

    @Test
    void aPointOutsideTheHistoryIsASentenceAndChangesNothing() {
        SchemaDiffModel diff = open(embedded, executor, main.id(), dev.id());
        SchemaDiffModel.Result before = diff.resultProperty().get();

        diff.compared().atProperty().set(DiffSide.At.LSN);
        diff.compared().picker().lsnProperty().set("0/10");
        diff.compare();

        String why = diff.compared().problemProperty().get();
        assertNotNull(why);
        assertTrue(why.startsWith("LSN 0/10 is outside the history of \"dev\": choose one from "), why);
        assertEquals(why, diff.problemProperty().get());
        assertFalse(diff.canCompareProperty().get());
        assertSame(before, diff.resultProperty().get(), "the diff shown stays");
    }

    @Test
    void aBranchDeletedMeanwhileIsASentenceAndChangesNothing() {
        BranchResult scratch = engine.createBranch(CreateBranchSpec.named("scratch"));
        engine.awaitOperations(scratch.operations(), WAIT);
        SchemaDiffModel diff = open(embedded, executor, main.id(), scratch.branch().id());
        SchemaDiffModel.Result before = diff.resultProperty().get();
        assertTrue(before.same(), before.text());

        embedded.deleteBranch(scratch.branch().id()); // as another client would

        assertEquals("\"scratch\" no longer exists: another client deleted it. Choose another branch.",
                diff.problemProperty().get());
        assertFalse(diff.canCompareProperty().get());
        diff.compare();
        assertSame(before, diff.resultProperty().get());
        assertNull(diff.failureProperty().get());
    }

    @Test
    void anUnreachableServiceIsASentenceAndKeepsTheDiffShown() throws Exception {
        ApiServer going = ApiServer.start(new EmbeddedBackend(engine, false), ServerOptions.loopback(0, KEY));
        RemoteBackend client = remote(going, RetryPolicy.NONE);
        toClose.add(client);
        SchemaDiffModel diff = open(client, executor, main.id(), dev.id());
        SchemaDiffModel.Result before = diff.resultProperty().get();
        assertNotNull(before);

        going.close();
        diff.compare();

        assertNotNull(diff.failureProperty().get(), "a sentence says why");
        assertFalse(diff.failureProperty().get().sentence().isBlank());
        assertSame(before, diff.resultProperty().get(), "the diff shown stays");
        assertFalse(diff.loadingProperty().get());
    }

    @Test
    void stoppingAComparisonDropsItsOutcomeAndKeepsWhatWasShown() {
        SteppedUiExecutor stepped = new SteppedUiExecutor();
        SchemaDiffModel diff = open(embedded, stepped, main.id(), dev.id());
        stepped.runNextWork(); // the databases
        stepped.runUiThread();
        assertTrue(diff.loadingProperty().get(), "opening compares at once");
        assertTrue(diff.progressProperty().get().startsWith("Reading the schema of \"neondb\" on \"main\" and \"dev\""));

        diff.stop();
        while (stepped.waitingWork() > 0) {
            stepped.runNextWork();
        }
        stepped.runUiThread();

        assertFalse(diff.loadingProperty().get());
        assertNull(diff.resultProperty().get());
        assertNull(diff.failureProperty().get());
        assertEquals(1, stepped.cancelledCount());
    }

    // Helpers

    private SchemaDiffModel open(BranchBackend backend, UiExecutor uiExecutor, String baseId, String comparedId) {
        ProjectState state = new ProjectState(backend, executor, ZoneId.of("UTC"));
        state.start();
        toClose.add(state);
        SchemaDiffModel diff = new SchemaDiffModel(backend, uiExecutor, state, baseId, comparedId, () -> { });
        toClose.add(diff::close);
        return diff;
    }

    private RemoteBackend remote(ApiServer target, RetryPolicy retry) {
        ClientOptions options = ClientOptions.DEFAULT.withRetry(retry)
                .withPolling(Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(60));
        return new RemoteBackend(new NeonApiClient(target.baseUrl().toString(), ApiKey.of(KEY), options),
                engine.project().id());
    }

    /** {@code compare_schema} of the branch against its parent, as any Neon client gets it from {@code arbor serve}. */
    private String compareSchema(String branchId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/projects/" + engine.project().id()
                        + "/branches/" + branchId + "/compare_schema?db_name=neondb"))
                .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(60)).GET().build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return new ObjectMapper().readTree(response.body()).get("diff").asText();
        }
    }

    private static List<String> lines(SchemaDiffModel.Result r, DiffLine.Kind kind) {
        return r.lines().stream().filter(l -> l.kind() == kind).map(DiffLine::text).toList();
    }

    private static Connection connect(ConnectionDetails d) throws SQLException {
        return DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(null));
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
