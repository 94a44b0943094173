package dev.arbor.ui.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.remote.ApiKey;
import dev.arbor.remote.ClientOptions;
import dev.arbor.remote.NeonApiClient;
import dev.arbor.remote.RemoteBackend;
import dev.arbor.server.ApiServer;
import dev.arbor.server.ServerOptions;
import dev.arbor.testing.Parallel;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The SQL editor's Time Travel on a Neon project: the editor over {@code RemoteBackend → NeonApiClient → arbor serve}
 * on a real Postgres project. At a point it reads through a temporary branch with a read-only compute and an
 * expiration, which it deletes when it leaves the point and when it closes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Parallel.POSTGRES_3)
class SqlEditorNeonTimeTravelTest {
    private static final String KEY = "editor-time-travel-key-0123456789";
    private static final Duration WAIT = Duration.ofMinutes(2);

    private Path dir;
    private EmbeddedEngine engine;
    private ApiServer server;
    private RemoteBackend remote;
    private Branch dev;
    /** Where dev was with five rows, before three were deleted. */
    private Lsn beforeDelete;
    private final ThreadedUiExecutor ui = new ThreadedUiExecutor();
    private final SqlHistory history = new SqlHistory();

    @BeforeAll
    void serveAProjectWithAMistake() {
        dir = PgProjects.tempDir("arbor-editor-time-travel");
        engine = PgProjects.open(dir.resolve("project"));
        server = ApiServer.start(new EmbeddedBackend(engine, false), ServerOptions.loopback(0, KEY));
        ClientOptions options = ClientOptions.DEFAULT.withPolling(Duration.ofMillis(5), Duration.ofMillis(100), WAIT);
        remote = new RemoteBackend(new NeonApiClient(server.baseUrl().toString(), ApiKey.of(KEY), options),
                engine.project().id());
        engine.awaitOperations(engine.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite()))
                .operations(), WAIT);
        PgProjects.sql(engine, "dev", "create table kept (id int)", "insert into kept select generate_series(1, 5)");
        beforeDelete = PgProjects.lsn(engine, "dev");
        PgProjects.sql(engine, "dev", "delete from kept where id > 2"); // the mistake
        dev = remote.getBranch("dev");
    }

    @AfterEach
    void noEditorLeftRunning() throws Exception {
        ui.await(() -> temporaryBranches().isEmpty(), WAIT);
    }

    @AfterAll
    void close() {
        ui.close();
        remote.close();
        server.close();
        engine.close();
        PgProjects.deleteQuietly(dir);
    }

    private List<Branch> temporaryBranches() {
        return engine.branches().stream().filter(b -> b.name().startsWith("time-travel/")).toList();
    }

    private SqlEditorModel editor() throws Exception {
        return ui.call(() -> new SqlEditorModel(remote, ui, dev, history, Clock.systemUTC(), () -> { }));
    }

    private void runAll(SqlEditorModel m, String script) throws Exception {
        ui.run(() -> {
            m.textProperty().set(script);
            m.runAll();
        });
        ui.await(() -> m.phaseProperty().get() == SqlEditorModel.Phase.READY
                || m.phaseProperty().get() == SqlEditorModel.Phase.NOT_CONNECTED, WAIT);
    }

    @Test
    void timeTravelOnNeonReadsTheDeletedRowsThroughAnExpiringTemporaryBranchThatLeavingAndClosingDelete() throws Exception {
        SqlEditorModel m = editor();
        assertTrue(m.canTimeTravel(), "Time Travel is offered on Neon");
        List<String> statuses = new CopyOnWriteArrayList<>();
        ui.run(() -> m.statusProperty().addListener((o, was, now) -> statuses.add(now)));

        ui.run(() -> m.travelTo(PointInTime.at(beforeDelete)));
        runAll(m, "select count(*) from kept");
        assertEquals(List.of(List.of("5")), ui.call(() -> m.results().get(0).rows()), "the rows from before the delete");
        assertTrue(statuses.contains("Making a temporary branch at LSN " + beforeDelete + " on Neon…"), statuses.toString());
        List<Branch> temporary = temporaryBranches();
        assertEquals(1, temporary.size(), "the server lists the temporary branch while the editor is at the point");
        assertNotNull(temporary.get(0).expiresAt(), "made with an expiration");
        assertEquals(dev.id(), temporary.get(0).parentId());

        runAll(m, "insert into kept values (99)");
        SqlError refused = ui.call(() -> m.errorProperty().get());
        assertEquals("25006", refused.sqlState());
        assertEquals("Postgres refused the statement: cannot execute INSERT in a read-only transaction.", refused.sentence());
        runAll(m, "select count(*) from kept");
        assertEquals(1, temporaryBranches().size(), "the editor keeps one branch while at the point");

        ui.run(m::backToNow);
        ui.await(() -> temporaryBranches().isEmpty(), WAIT);
        runAll(m, "select count(*) from kept");
        assertEquals(List.of(List.of("2")), ui.call(() -> m.results().get(0).rows()), "dev as it is now");
        assertEquals(List.of("2"), PgProjects.column(engine, "dev", "select count(*) from kept"), "nothing was written");

        ui.run(() -> m.travelTo(PointInTime.at(beforeDelete)));
        runAll(m, "select count(*) from kept");
        assertEquals(List.of(List.of("5")), ui.call(() -> m.results().get(0).rows()));
        assertEquals(1, temporaryBranches().size());
        ui.run(m::close);
        ui.await(() -> temporaryBranches().isEmpty(), WAIT);
    }

    @Test
    void whenTheTemporaryBranchExpiresUnderTheEditorTheNextRunMakesAnother() throws Exception {
        SqlEditorModel m = editor();
        ui.run(() -> m.travelTo(PointInTime.at(beforeDelete)));
        runAll(m, "select count(*) from kept");
        Branch first = temporaryBranches().get(0);
        engine.awaitOperations(engine.deleteBranch(first.id()).operations(), WAIT); // as the server's expiry does

        runAll(m, "select count(*) from kept");
        assertTrue(ui.call(() -> m.errorProperty().get().sentence()).startsWith("The connection to \"dev\" was lost"),
                ui.call(() -> m.errorProperty().get().sentence()));
        runAll(m, "select count(*) from kept");
        assertEquals(List.of(List.of("5")), ui.call(() -> m.results().get(0).rows()), "read through a new branch");
        List<Branch> now = temporaryBranches();
        assertEquals(1, now.size());
        assertTrue(!now.get(0).id().equals(first.id()));
        ui.run(m::close);
    }

    @Test
    void aPointOutsideTheHistoryOnNeonIsASentenceAndLeavesNoBranch() throws Exception {
        SqlEditorModel m = editor();
        int branches = engine.branches().size();
        ui.run(() -> m.travelTo(PointInTime.at(Lsn.parse("FF/0"))));
        runAll(m, "select 1");
        assertEquals(SqlEditorModel.Phase.NOT_CONNECTED, ui.call(() -> m.phaseProperty().get()));
        String sentence = ui.call(() -> m.connectionErrorProperty().get().sentence());
        assertTrue(sentence.startsWith("Arbor could not connect to \"dev\": "), sentence);
        assertTrue(ui.call(() -> m.results().isEmpty()));
        assertEquals(branches, engine.branches().size(), "nothing was left behind");
        ui.run(m::close);
    }
    /** The Restore wizard's SQL tab (Time Travel Assist) on Neon: the same way in, a temporary branch at the point. */
    @Test
    void theRestoreWizardsSqlTabReadsAtThePointOnNeonAndLeavingItDeletesTheTemporaryBranch() throws Exception {
        PointSqlModel tab = ui.call(() -> new PointSqlModel(remote, ui));
        ui.run(() -> tab.showPoint(dev, new PointInTime.AtLsn(beforeDelete), "LSN " + beforeDelete));
        ui.await(() -> "neondb".equals(tab.databaseProperty().get()), WAIT);
        assertTrue(temporaryBranches().isEmpty(), "nothing is made on Neon until the person runs a query");

        ui.run(() -> {
            tab.textProperty().set("select count(*) from kept");
            tab.runAll();
        });
        ui.await(() -> tab.phaseProperty().get() == PointSqlModel.Phase.READY, WAIT);
        assertEquals(List.of(List.of("5")), ui.call(() -> List.copyOf(tab.shownResult().rows())),
                "the rows from before the delete");
        List<Branch> made = temporaryBranches();
        assertEquals(1, made.size(), "one temporary branch at the point");
        assertNotNull(made.get(0).expiresAt(), "made with an expiration, so a crash cannot leave it");

        ui.run(() -> {
            tab.textProperty().set("delete from kept");
            tab.runAll();
        });
        ui.await(() -> tab.phaseProperty().get() == PointSqlModel.Phase.READY, WAIT);
        assertTrue(ui.call(() -> tab.errorProperty().get().sentence()).startsWith("Not run: the statement would write"),
                () -> String.valueOf(tab.errorProperty().get()));
        assertEquals(List.of("2"), PgProjects.column(engine, "dev", "select count(*) from kept"),
                "the branch is as it was");

        ui.run(tab::release); // the wizard left the preview
        ui.await(() -> temporaryBranches().isEmpty(), WAIT);
    }
}
