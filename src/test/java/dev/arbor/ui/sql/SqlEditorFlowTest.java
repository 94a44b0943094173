package dev.arbor.ui.sql;

import static dev.arbor.ui.app.ConsoleWindow.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.controls.Message;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.Endpoint;
import dev.arbor.engine.PostgresDemoFixture;
import dev.arbor.ui.app.ConsoleWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The SQL editor as a person uses it, in the console on a project on real Postgres: open it from the details
 * panel, run with Ctrl+Enter and see the grid and the count, a mistake marked where Postgres points, safe mode on
 * the default branch asking before a delete, Stop ending a {@code pg_sleep}, export to CSV, and the other ways in.
 */
class SqlEditorFlowTest {
    private final ConsoleWindow window = new ConsoleWindow().onPostgres();
    private final SqlEditorDriver editor = new SqlEditorDriver(window.robot);
    private Path home;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void openProject() throws Exception {
        home = PostgresDemoFixture.reachable(Files.createTempDirectory("arbor-sql-flow"));
        window.openWithoutWaiting(home.resolve("project"));
        WaitForAsyncUtils.waitFor(120, java.util.concurrent.TimeUnit.SECONDS, () -> window.robot.lookup("#branch-table").tryQuery()
                .isPresent() && !window.table().getItems().isEmpty());
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table orders (id int primary key, customer text, total numeric(10,2), note text)");
            s.execute("insert into orders values (1, 'Ada', 12.50, 'gift, wrapped'), (2, 'Grace', 99.00, null),"
                    + " (3, 'Linus', 5.25, 'say \"hi\"')");
        }
        // the rows above woke main's compute: wait for the page to show it, so the details panel is not rebuilt
        // under a click
        WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                window.page().state().endpointsOf(window.backend.getBranch("main").id()).stream().anyMatch(e -> e.currentState() == Endpoint.State.ACTIVE)).get());
        WaitForAsyncUtils.waitForFxEvents();
        window.select("main");
    }

    @AfterEach
    void closeWindow() throws Exception {
        window.close();
        try (var all = Files.walk(home)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Connection connect() throws Exception {
        ConnectionDetails d = window.backend.connectionDetails(window.backend.getBranch("main").id(), "neondb", "neondb_owner");
        return DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(null));
    }

    private String count() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from orders")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long editorWindows() {
        return Window.getWindows().stream().filter(w -> w instanceof Stage s && s.getTitle() != null
                && s.getTitle().startsWith("SQL — ")).count();
    }

    private void openFromDetails() throws Exception {
        // the details panel is rebuilt as the branch's facts arrive, so a button found may be gone by the click
        for (int attempt = 0; attempt < 5 && !editor.isOpen(); attempt++) {
            waitFor(() -> window.robot.lookup("#details-sql").tryQuery().map(n -> n.getScene() != null).orElse(false));
            try {
                window.robot.clickOn("#details-sql");
            } catch (RuntimeException gone) {
                continue;
            }
            WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS, () -> true);
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(500);
        }
        waitFor(editor::isOpen);
        editor.toFront();
    }

    @Test
    void aQueryShowsItsRowsInTheGridWithTheCountAndAMistakeIsMarkedWherePostgresPoints() throws Exception {
        openFromDetails();
        assertTrue(window.robot.lookup("#sql-safe-mode").query().isVisible(), "main is the default branch");
        editor.run("-- the shop's orders\nselect id, customer, total, note\n  from orders\n order by id;");
        waitFor(() -> window.robot.lookup("#sql-result-1").tryQuery().isPresent() || editor.status().startsWith("3 rows"));
        waitFor(() -> editor.status().matches("3 rows in \\d+ ms\\."));
        assertEquals(3, editor.grid().getItems().size());
        assertEquals(List.of("id", "customer", "total", "note"), editor.grid().getColumns().stream().map(c -> c.getText()).toList());
        assertEquals(List.of("2", "Grace", "99.00", "NULL"), editor.grid().getColumns().stream()
                .map(c -> c.getCellData(1) == null ? "NULL" : String.valueOf(c.getCellData(1))).toList());
        assertTrue(editor.area().getStyleOfChar(5).contains("sql-comment"));
        assertTrue(editor.area().getStyleOfChar(editor.area().getText().indexOf("select") + 1).contains("sql-keyword"));
        window.snapshot("sql-editor-light.png", "#sql-editor");
        WaitForAsyncUtils.asyncFx(window.console::toggleTheme).get();
        window.snapshot("sql-editor-dark.png", "#sql-editor");
        WaitForAsyncUtils.asyncFx(window.console::toggleTheme).get();

        String wrong = "select id, customer\n  frm orders";
        editor.run(wrong);
        waitFor(() -> window.robot.lookup("#sql-error").query().isVisible());
        String sentence = window.robot.lookup("#sql-error").queryAs(Message.class).getDescription();
        assertEquals("Postgres refused the statement (line 2, marked in the editor): syntax error at or near \"orders\".",
                sentence);
        assertTrue(editor.area().getHeight() > 100, "the refusal leaves the script in sight: " + editor.area().getHeight());
        int at = wrong.indexOf("orders");
        assertTrue(editor.area().getStyleOfChar(at + 1).contains("sql-error"), "the word Postgres points at is underlined");
        assertEquals(at, editor.area().getCaretPosition(), "the caret goes to it");
        window.snapshot("sql-editor-error-light.png", "#sql-editor");

        WaitForAsyncUtils.asyncFx(() -> editor.area().appendText(" ")).get();
        assertTrue(!editor.area().getStyleOfChar(at + 1).contains("sql-error"), "editing clears the mark");
    }

    @Test
    void onTheDefaultBranchADeleteAsksFirstShowingItAndDecliningLeavesTheRows() throws Exception {
        openFromDetails();
        editor.run("delete from orders where total < 20");
        waitFor(() -> window.robot.lookup("#sql-confirm").tryQuery().isPresent());
        assertEquals("delete from orders where total < 20",
                window.robot.lookup("#sql-confirm-statement").queryAs(TextArea.class).getText());
        window.snapshot("sql-editor-safe-mode-light.png", "#sql-editor");
        window.robot.clickOn("#sql-confirm-decline");
        waitFor(() -> window.robot.lookup("#sql-confirm").tryQuery().isEmpty());
        assertEquals("Not run: nothing was changed by that statement.", editor.status());
        assertEquals("3", count());

        editor.run("delete from orders where total < 20");
        waitFor(() -> window.robot.lookup("#sql-confirm").tryQuery().isPresent());
        window.robot.clickOn("#sql-confirm-run");
        waitFor(() -> editor.status().startsWith("DELETE: 2 rows changed"));
        assertEquals("1", count());
    }

    @Test
    void stopEndsAStatementThatSleepsAndExportWritesTheResultAsCsv() throws Exception {
        openFromDetails();
        editor.run("select 1");
        waitFor(() -> editor.status().startsWith("1 row in"));
        editor.run("select pg_sleep(30)");
        waitFor(() -> !window.robot.lookup("#sql-cancel").query().isDisabled());
        Thread.sleep(300);
        long start = System.nanoTime();
        window.robot.clickOn("#sql-cancel");
        waitFor(() -> editor.status().startsWith("Cancelled"));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 3_000, "stopped within seconds");

        Path csv = home.resolve("orders.csv");
        SqlEditorView view = window.robot.lookup("#sql-editor").queryAs(SqlEditorView.class);
        WaitForAsyncUtils.asyncFx(() -> view.setSaveAs((owner, suggested) -> {
            assertEquals("main-result.csv", suggested);
            return csv;
        })).get();
        editor.run("select id, note from orders order by id");
        waitFor(() -> editor.status().startsWith("3 rows"));
        window.robot.clickOn("#sql-export");
        waitFor(() -> editor.status().startsWith("Exported"));
        assertEquals("id,note\r\n1,\"gift, wrapped\"\r\n2,\r\n3,\"say \"\"hi\"\"\"\r\n", Files.readString(csv));
        window.robot.lookup("#sql-history-tab");
        assertTrue(window.robot.lookup("#sql-history").tryQuery().isPresent());
    }

    @Test
    void theActionsMenuThePaletteAndTheShortcutOpenTheSameEditor() throws Exception {
        ConsoleWindow.chooseAction(window.robot, "#action-sql-editor");
        waitFor(editor::isOpen);
        assertEquals(1, editorWindows());
        Stage main = window.stage;
        WaitForAsyncUtils.asyncFx(() -> {
            main.toFront();
            main.requestFocus();
        }).get();

        window.robot.clickOn("#branch-table");
        window.select("main");
        window.robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.E).release(KeyCode.E, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, editorWindows(), "the branch's open editor comes forward, no second one");
        assertEquals(1, window.page().actions().sqlEditors().open().get(0).focusRequestsProperty().get());

        WaitForAsyncUtils.asyncFx(() -> {
            main.toFront();
            main.requestFocus();
        }).get();
        window.robot.clickOn("#branch-table");
        window.robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        waitFor(() -> window.robot.lookup("#palette-query").tryQuery().isPresent());
        window.robot.write("SQL editor");
        WaitForAsyncUtils.waitForFxEvents();
        window.robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, window.page().actions().sqlEditors().open().get(0).focusRequestsProperty().get());

        Stage editor = (Stage) window.robot.lookup("#sql-editor").query().getScene().getWindow();
        WaitForAsyncUtils.asyncFx(() -> editor.fireEvent(new javafx.stage.WindowEvent(editor,
                javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST))).get();
        waitFor(() -> editorWindows() == 0);
        assertTrue(window.page().actions().sqlEditors().open().isEmpty(), "closing the window closes the editor");
    }

    @Test
    void timeTravelToBeforeADeleteShowsTheRowsAndRefusesAWrite() throws Exception {
        java.time.Instant before;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select clock_timestamp()")) {
                rs.next();
                before = rs.getTimestamp(1).toInstant();
            }
            Thread.sleep(1_200);
            s.execute("delete from orders where id > 1"); // the bad migration
        }
        openFromDetails();
        editor.travelTo(before);
        assertTrue(!window.robot.lookup("#sql-safe-mode").query().isVisible(), "read-only already: no safe mode question");

        editor.run("select id, customer from orders order by id");
        WaitForAsyncUtils.waitFor(90, java.util.concurrent.TimeUnit.SECONDS, () -> editor.status().startsWith("3 rows"));
        assertEquals(3, editor.grid().getItems().size(), "the rows the delete took are there at the point");
        window.snapshot("sql-editor-time-travel-light.png", "#sql-editor");

        editor.run("insert into orders values (4, 'Margaret', 1, null)");
        waitFor(() -> window.robot.lookup("#sql-error").query().isVisible());
        assertEquals("Postgres refused the statement: cannot execute INSERT in a read-only transaction.",
                window.robot.lookup("#sql-error").queryAs(Message.class).getDescription());

        editor.backToNow();
        editor.run("select count(*) from orders");
        waitFor(() -> editor.status().startsWith("1 row"));
        assertEquals("1", editor.grid().getItems().get(0).get(0));
    }
}
