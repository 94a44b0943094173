package dev.arbor.ui.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.PointInTime;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.testing.PgProjects;
import dev.arbor.ui.app.BranchesPageViewModel;
import dev.arbor.ui.app.ConsoleWindow;
import dev.arbor.ui.common.Formats;
import dev.arbor.ui.common.InMemorySettings;
import dev.arbor.ui.restore.RestoreWizardViewModel.Step;
import dev.arbor.ui.sql.PointSqlModel;
import dev.arbor.ui.sql.ResultGrid;
import dev.arbor.ui.sql.SqlScriptArea;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Restore wizard's SQL tab (Time Travel Assist) driven as a person would, headless, on the demo project: a bad
 * delete on "staging", the wizard at a point before it, a query typed and run with the keyboard; pictures of the tab
 * in both themes.
 */
class RestoreSqlTabFlowTest {
    private final InMemorySettings settings = new InMemorySettings();
    private final ConsoleWindow window = new ConsoleWindow(settings);
    private final FxRobot robot = window.robot;
    private volatile EmbeddedBackend opened;

    @TempDir
    Path home;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void openDemo() throws Exception {
        window.openDemo(home); // in the data home: the header says "projects/demo"
        opened = (EmbeddedBackend) window.backend;
        waitFor(() -> page().state().branch(opened.getBranch("staging").id()) != null);
    }

    @AfterEach
    void closeWindow() throws Exception {
        window.close();
    }

    private BranchesPageViewModel page() {
        return window.page();
    }

    private RestoreWizardViewModel wizard() {
        return page().restoreProperty().get();
    }

    private PointSqlModel sql() {
        return (PointSqlModel) wizard().preview().queries();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        ConsoleWindow.waitFor(condition);
    }

    private void press(KeyCode... keys) {
        robot.press(keys).release(keys);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private long rows(String branch, String table) {
        return opened.listTables(opened.getBranch(branch).id(), "neondb", PointInTime.HEAD).stream()
                .filter(t -> t.schema().name().equals(table)).findFirst().orElseThrow().rowCount();
    }

    private SqlScriptArea area() {
        return robot.lookup("#restore-sql-text").queryAs(SqlScriptArea.class);
    }

    private List<List<String>> grid() {
        ResultGrid grid = robot.lookup("#restore-sql-result .result-grid").queryAs(ResultGrid.class);
        return List.copyOf(grid.getItems());
    }

    /** The wizard on "staging" at {@code at}, on the preview step. */
    private void previewAt(Instant at) throws Exception {
        window.select("staging"); // and its details loaded, so the Actions menu is not redrawn under the click
        ConsoleWindow.chooseAction(robot, "#action-restore");
        waitFor(() -> wizard() != null && robot.lookup("#restore-wizard").tryQuery().isPresent());
        next();
        next();
        waitFor(() -> wizard().picker().windowProperty().get() != null);
        WaitForAsyncUtils.asyncFx(() -> wizard().picker().dateProperty().set(at.atZone(ZoneOffset.UTC).toLocalDate())).get();
        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#restore-time").queryAs(TextField.class)
                .setText(Formats.dateTimeMillis(at, ZoneOffset.UTC).substring(11))).get();
        waitFor(() -> robot.lookup("#restore-resolution").queryAs(Label.class).getText().startsWith("Resolves to LSN "));
        next();
        assertEquals(Step.PREVIEW, wizard().stepProperty().get());
    }

    private void next() throws Exception {
        Step before = wizard().stepProperty().get();
        robot.clickOn("#restore-next");
        waitFor(() -> wizard().stepProperty().get() != before);
    }

    @Test
    void aQueryTypedOnTheSqlTabReadsThePointAndSurvivesBackAndNext() throws Exception {
        Instant beforeDelete = opened.getBranch("staging").headTimestamp();
        long customers = rows("staging", "customers");
        PgProjects.sql(opened.engine(), "staging", "delete from orders where customer_id <= 10",
                "delete from customers where id <= 10");
        opened.engine().runMaintenance();
        waitFor(() -> page().state().branch(opened.getBranch("staging").id()).headTimestamp().isAfter(beforeDelete));

        previewAt(beforeDelete);
        robot.clickOn("#restore-sql-tab");
        waitFor(() -> robot.lookup("#restore-sql-text").tryQuery().map(n -> n.isVisible()).orElse(false));
        assertTrue(robot.lookup("#restore-sql-banner").query().isVisible());
        String banner = sql().bannerProperty().get();
        assertTrue(banner.startsWith("Queries read \"staging\" as it was at ") && banner.endsWith(", read-only: nothing run here "
                + "changes a branch."), banner);

        // typed with Enter between the lines: Enter is a new line here, not the wizard's Next
        robot.clickOn("#restore-sql-text");
        robot.write("select count(*) as customers");
        press(KeyCode.ENTER);
        robot.write("from customers");
        assertEquals(Step.PREVIEW, wizard().stepProperty().get());
        assertEquals("select count(*) as customers\nfrom customers", area().getText());
        press(KeyCode.CONTROL, KeyCode.ENTER);
        waitFor(() -> robot.lookup("#restore-sql-result .result-grid").tryQuery().isPresent());
        assertEquals(List.of(List.of(Long.toString(customers))), grid(), "the rows from before the delete");
        assertTrue(robot.lookup("#restore-sql-result .sql-result-summary").queryAs(Label.class).getText().matches("1 row in \\d+ ms"));
        snapshot("restore-4-preview-sql-light.png");

        // a write is refused with a sentence, and the branch is as it was
        WaitForAsyncUtils.asyncFx(() -> sql().textProperty().set("delete from customers")).get();
        press(KeyCode.CONTROL, KeyCode.ENTER);
        waitFor(() -> robot.lookup("#restore-sql-error").query().isVisible());
        assertTrue(sql().errorProperty().get().sentence().startsWith("Not run: the statement would write, and here you only read"));
        assertEquals(customers - 10, rows("staging", "customers"));

        // Back and Next to the same point: the text is still there
        WaitForAsyncUtils.asyncFx(() -> sql().textProperty().set("select count(*) from customers")).get();
        robot.clickOn("#restore-back");
        waitFor(() -> wizard().stepProperty().get() == Step.POINT);
        // the picker resolves the time again (a Postgres materialized at the moment): slow on a busy machine
        WaitForAsyncUtils.waitFor(3, java.util.concurrent.TimeUnit.MINUTES, () -> wizard().canNextProperty().get());
        next();
        waitFor(() -> robot.lookup("#restore-sql-text").tryQuery().map(n -> n.isVisible()).orElse(false));
        assertEquals("select count(*) from customers", area().getText());
        press(KeyCode.ESCAPE); // nothing runs: Escape closes the wizard, as on every step
        waitFor(() -> wizard() == null);
    }

    @Test
    void escapeStopsARunningQueryAndKeepsTheWizardOpenInTheDarkTheme() throws Exception {
        robot.clickOn("#theme-toggle");
        previewAt(opened.getBranch("staging").headTimestamp());
        robot.clickOn("#restore-sql-tab");
        waitFor(() -> robot.lookup("#restore-sql-text").tryQuery().map(n -> n.isVisible()).orElse(false));
        robot.clickOn("#restore-sql-text");
        robot.write("select id, name, email from customers order by id limit 5");
        press(KeyCode.CONTROL, KeyCode.ENTER);
        waitFor(() -> robot.lookup("#restore-sql-result .result-grid").tryQuery().isPresent());
        assertEquals(5, grid().size());
        snapshot("restore-4-preview-sql-dark.png");

        WaitForAsyncUtils.asyncFx(() -> sql().textProperty().set("select pg_sleep(60)")).get();
        robot.clickOn("#restore-sql-run");
        waitFor(() -> sql().phaseProperty().get() == PointSqlModel.Phase.RUNNING);
        Thread.sleep(500); // the statement has reached the server
        press(KeyCode.ESCAPE);
        waitFor(() -> sql().phaseProperty().get() == PointSqlModel.Phase.READY);
        assertEquals(Step.PREVIEW, wizard().stepProperty().get(), "Escape stopped the query, not the wizard");
        assertTrue(sql().errorProperty().get().sentence().startsWith("Cancelled: the query was stopped"),
                sql().errorProperty().get()::sentence);
    }

    private void snapshot(String fileName) throws Exception {
        window.snapshot(fileName, "#restore-wizard");
    }
}
