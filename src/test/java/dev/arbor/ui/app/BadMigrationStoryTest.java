package dev.arbor.ui.app;

import static dev.arbor.ui.app.ConsoleWindow.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.ConnectionDetails;
import dev.arbor.ui.common.Formats;
import dev.arbor.ui.common.InMemorySettings;
import dev.arbor.ui.restore.PreviewTable;
import dev.arbor.ui.restore.RestoreWizardViewModel;
import dev.arbor.ui.restore.RestoreWizardViewModel.Step;
import dev.arbor.ui.sql.SqlEditorDriver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The bad-migration story the user guide tells, end to end in the console on the demo on real Postgres: an
 * application is connected to a branch; a migration in the SQL editor goes wrong; the schema diff against the parent
 * shows what it changed; Time Travel in the editor finds the rows as they were before it; the Restore wizard brings
 * the branch back to that moment; and the application's same connection string reads the data from before. The
 * pictures it takes are the guide's.
 */
class BadMigrationStoryTest {
    private static final String BRANCH = "dev/arjun";

    private final InMemorySettings settings = new InMemorySettings();
    private final ConsoleWindow window = new ConsoleWindow(settings);
    private final FxRobot robot = window.robot;
    private final SqlEditorDriver editor = new SqlEditorDriver(robot);

    @TempDir
    Path home;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void openDemo() throws Exception {
        window.openDemo(home); // in the data home: the header says "projects/demo"
        waitFor(() -> window.hasRow(BRANCH));
    }

    @AfterEach
    void closeWindow() throws Exception {
        window.close();
    }

    /** What an application connected with the branch's connection string (as Connect shows it) reads. */
    private record AppView(long orders, List<String> columns) {
    }

    private static AppView read(ConnectionDetails uri) throws SQLException {
        try (Connection c = DriverManager.getConnection(uri.jdbcUrl(), uri.jdbcProperties(null));
             Statement s = c.createStatement()) {
            long orders;
            try (ResultSet rs = s.executeQuery("select count(*) from orders")) {
                rs.next();
                orders = rs.getLong(1);
            }
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select column_name from information_schema.columns"
                    + " where table_name = 'orders' order by ordinal_position")) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            return new AppView(orders, columns);
        }
    }

    private static Instant databaseNow(ConnectionDetails uri) throws SQLException {
        try (Connection c = DriverManager.getConnection(uri.jdbcUrl(), uri.jdbcProperties(null));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private RestoreWizardViewModel wizard() {
        return window.page().restoreProperty().get();
    }

    private void next() throws Exception {
        Step before = wizard().stepProperty().get();
        robot.clickOn("#restore-next");
        waitFor(() -> wizard().stepProperty().get() != before);
    }

    @Test
    void aBadMigrationIsFoundWithTimeTravelAndUndoneByARestoreUnderTheSameConnectionString() throws Exception {
        String branchId = window.backend.getBranch(BRANCH).id();
        ConnectionDetails uri = window.backend.connectionDetails(branchId, null, null);
        AppView before = read(uri);
        assertTrue(before.columns().contains("status") && before.orders() > 0, before::toString);
        Instant beforeMigration = databaseNow(uri);
        Thread.sleep(1_200); // a moment a person can pick between "before" and the migration

        // the migration, run in the branch's SQL editor
        window.select(BRANCH);
        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#branch-table").query().requestFocus()).get();
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.E).release(KeyCode.E, KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor(editor::isOpen);
        editor.toFront();
        editor.runUntil("""
                alter table orders rename column status to state;
                delete from orders where state <> 'delivered';""", "Ran 2 statements");
        window.snapshot("story-1-migration-light.png", "#sql-editor");
        AppView broken = read(uri);
        assertTrue(broken.columns().contains("state") && broken.orders() < before.orders(), broken::toString);

        // what it changed, against the parent
        WaitForAsyncUtils.asyncFx(() -> window.stage.toFront()).get();
        window.select(BRANCH);
        waitFor(() -> robot.lookup("#details-compare-to-parent").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#details-compare-to-parent").queryAs(javafx.scene.control.Hyperlink.class).fire());
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> window.page().schemaDiffProperty().get() != null
                && window.page().schemaDiffProperty().get().resultProperty().get() != null);
        String diff = window.page().schemaDiffProperty().get().diffText();
        assertTrue(diff.contains("\n-    status text NOT NULL") && diff.contains("\n+    state text NOT NULL"), diff);
        window.snapshot("story-2-diff-light.png", null);
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(() -> window.page().schemaDiffProperty().get() == null);

        // Time Travel to the moment before it: the rows are there, under their old column
        editor.toFront();
        editor.travelTo(beforeMigration);
        editor.runUntil("select status, count(*) as orders from orders group by status order by status", "");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> editor.status().matches("\\d+ rows? .*"));
        long then = editor.grid().getItems().stream().mapToLong(r -> Long.parseLong(r.get(1))).sum();
        assertEquals(before.orders(), then, "at the moment before the migration every order is there");
        window.snapshot("story-3-time-travel-light.png", "#sql-editor");
        editor.backToNow();
        WaitForAsyncUtils.asyncFx(() -> ((javafx.stage.Stage) robot.lookup("#sql-editor").query().getScene().getWindow())
                .close()).get();

        // the Restore wizard, back to that moment
        WaitForAsyncUtils.asyncFx(() -> window.stage.toFront()).get();
        window.select(BRANCH);
        ConsoleWindow.chooseAction(robot, "#action-restore");
        waitFor(() -> wizard() != null && robot.lookup("#restore-wizard").tryQuery().isPresent());
        assertEquals(BRANCH, wizard().target().branchProperty().get().name());
        next(); // the source: its own history
        next(); // the point
        waitFor(() -> wizard().picker().windowProperty().get() != null);
        WaitForAsyncUtils.asyncFx(() -> wizard().picker().dateProperty().set(
                beforeMigration.atZone(ZoneOffset.UTC).toLocalDate())).get();
        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#restore-time").queryAs(TextField.class)
                .setText(Formats.dateTimeMillis(beforeMigration, ZoneOffset.UTC).substring(11))).get();
        waitFor(() -> robot.lookup("#restore-resolution").queryAs(Label.class).getText().startsWith("Resolves to LSN "));
        next(); // the preview
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS,
                () -> !wizard().preview().loadingProperty().get() && !wizard().preview().rows().isEmpty());
        PreviewTable orders = wizard().preview().tables().stream().filter(t -> t.name().equals("orders"))
                .findFirst().orElseThrow();
        assertEquals(before.orders(), orders.rowsAtPoint());
        assertEquals(broken.orders(), orders.rowsNow());
        // and a query at the point in its SQL tab (Time Travel Assist)
        robot.clickOn("#restore-sql-tab");
        waitFor(() -> robot.lookup("#restore-sql-text").tryQuery().map(n -> n.isVisible()).orElse(false));
        robot.clickOn("#restore-sql-text");
        robot.write("select status, count(*) as orders from orders group by status order by status");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS,
                () -> robot.lookup("#restore-sql-result .result-grid").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableView<List<String>> grid = robot.lookup("#restore-sql-result .result-grid")
                .queryAs(javafx.scene.control.TableView.class);
        assertEquals(before.orders(), grid.getItems().stream().mapToLong(r -> Long.parseLong(r.get(1))).sum(),
                "the tab reads the orders as they were at the point");
        window.snapshot("story-4-preview-light.png", null);
        next(); // the backup and what will happen
        robot.clickOn("#restore-next"); // Restore
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS,
                () -> wizard().stepProperty().get() == Step.RESULT && !wizard().outcome().runningProperty().get());
        window.snapshot("story-5-restored-light.png", null);

        // the application's connection string, unchanged, reads the data from before the migration
        assertEquals(before, read(uri), "the same connection string reads the data from before the migration");
        assertEquals(uri.uri(), window.backend.connectionDetails(branchId, null, null).uri(), "the connection string is the same");
    }
}
