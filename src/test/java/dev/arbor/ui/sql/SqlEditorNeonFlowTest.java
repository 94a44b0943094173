package dev.arbor.ui.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.controls.Message;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Lsn;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.remote.ApiKey;
import dev.arbor.remote.ClientOptions;
import dev.arbor.remote.NeonApiClient;
import dev.arbor.remote.RemoteBackend;
import dev.arbor.server.ApiServer;
import dev.arbor.server.ServerOptions;
import dev.arbor.testing.PgProjects;
import dev.arbor.ui.common.FxUiExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The SQL editor's Time Travel as a person uses it on a Neon project: the editor window over
 * {@code RemoteBackend → arbor serve} on real Postgres; Time Travel to an LSN before a delete shows the rows through a
 * temporary branch, a write there is refused, and Back to now deletes the branch.
 */
class SqlEditorNeonFlowTest {
    private static final String KEY = "editor-flow-key-0123456789";

    private final FxRobot robot = new FxRobot();
    private final SqlEditorDriver editor = new SqlEditorDriver(robot);
    private final FxUiExecutor executor = new FxUiExecutor();
    private Path dir;
    private EmbeddedEngine engine;
    private ApiServer server;
    private RemoteBackend remote;
    private SqlEditorModel model;
    private Stage stage;

    @BeforeEach
    void openTheEditorOnANeonProject() throws Exception {
        FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet())).get();
        dir = PgProjects.tempDir("arbor-editor-neon-flow");
        engine = PgProjects.open(dir.resolve("project"));
        server = ApiServer.start(new EmbeddedBackend(engine, false), ServerOptions.loopback(0, KEY));
        remote = new RemoteBackend(new NeonApiClient(server.baseUrl().toString(), ApiKey.of(KEY),
                ClientOptions.DEFAULT.withPolling(Duration.ofMillis(5), Duration.ofMillis(100), Duration.ofMinutes(2))),
                engine.project().id());
        Branch main = remote.getBranch("main");
        model = WaitForAsyncUtils.asyncFx(() -> new SqlEditorModel(remote, executor, main, new SqlHistory(),
                Clock.systemUTC(), () -> { })).get();
        stage = WaitForAsyncUtils.asyncFx(() -> {
            Stage s = new Stage();
            Scene scene = new Scene(new SqlEditorView(model), 1100, 720);
            scene.getStylesheets().addAll(SqlEditorWindows.STYLESHEETS);
            s.setScene(scene);
            s.show();
            s.toFront();
            s.requestFocus();
            return s;
        }).get();
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            model.close();
            stage.close();
        }).get();
        waitFor(() -> temporaryBranches().isEmpty());
        FxToolkit.cleanupStages();
        executor.close();
        remote.close();
        server.close();
        engine.close();
        PgProjects.deleteQuietly(dir);
    }

    private List<Branch> temporaryBranches() {
        return engine.branches().stream().filter(b -> b.name().startsWith("time-travel/")).toList();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void timeTravelOnNeonShowsTheDeletedRowsThroughATemporaryBranchAndBackToNowDeletesIt() throws Exception {
        PgProjects.sql(engine, "main", "create table kept (id int)", "insert into kept select generate_series(1, 5)");
        Lsn before = PgProjects.lsn(engine, "main");
        PgProjects.sql(engine, "main", "delete from kept where id > 2");
        // the head the server reports follows a running compute on the engine's maintenance pass
        engine.runMaintenance();
        List<String> statuses = new CopyOnWriteArrayList<>();
        WaitForAsyncUtils.asyncFx(() -> model.statusProperty().addListener((o, was, now) -> statuses.add(now))).get();

        waitFor(() -> robot.lookup("#sql-time-travel").query().isVisible());
        robot.clickOn("#sql-time-travel");
        waitFor(() -> robot.lookup("#sql-travel").tryQuery().isPresent());
        waitFor(() -> robot.lookup("#restore-window").queryAs(Label.class).getText().contains("has history from"));
        String window = robot.lookup("#restore-window").queryAs(Label.class).getText();
        assertTrue(!window.contains("null"), "Neon gives no LSN for the window's start, and none is shown: " + window);
        robot.clickOn("#restore-mode-lsn");
        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#restore-lsn").queryAs(TextField.class).setText(before.toString())).get();
        try {
            waitFor(() -> !robot.lookup("#sql-travel-go").query().isDisabled());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the picker refused " + before + ": "
                    + robot.lookup("#restore-point-problem").queryAs(Label.class).getText() + " / "
                    + robot.lookup("#restore-window").queryAs(Label.class).getText(), e);
        }
        robot.clickOn("#sql-travel-go");
        waitFor(() -> robot.lookup("#sql-time-travel-banner").query().isVisible());

        editor.run("select count(*) from kept");
        waitFor(() -> editor.status().startsWith("1 row"));
        assertEquals("5", editor.grid().getItems().get(0).get(0), "the rows the delete took are there at the point");
        assertTrue(statuses.contains("Making a temporary branch at LSN " + before + " on Neon…"), statuses.toString());
        assertEquals(1, temporaryBranches().size(), "a temporary branch while the editor is at the point");

        editor.run("insert into kept values (99)");
        waitFor(() -> robot.lookup("#sql-error").query().isVisible());
        assertEquals("Postgres refused the statement: cannot execute INSERT in a read-only transaction.",
                robot.lookup("#sql-error").queryAs(Message.class).getDescription());

        robot.clickOn("#sql-time-travel"); // now "Back to now"
        waitFor(() -> !robot.lookup("#sql-time-travel-banner").query().isVisible());
        waitFor(() -> temporaryBranches().isEmpty());
        editor.run("select count(*) from kept");
        waitFor(() -> editor.status().startsWith("1 row"));
        assertEquals("2", editor.grid().getItems().get(0).get(0));
    }
}
