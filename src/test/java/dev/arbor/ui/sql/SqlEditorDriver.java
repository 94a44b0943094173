package dev.arbor.ui.sql;

import dev.arbor.ui.app.ConsoleWindow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the open SQL editor window as a person does: types a script, runs it with Ctrl+Enter, reads the grid. */
public final class SqlEditorDriver {
    private final FxRobot robot;

    public SqlEditorDriver(FxRobot robot) {
        this.robot = robot;
    }

    public boolean isOpen() {
        return robot.lookup("#sql-editor").tryQuery().isPresent();
    }

    /** Brings the editor's window to the front, as a click on it would. */
    public void toFront() throws Exception {
        Stage stage = (Stage) robot.lookup("#sql-editor").query().getScene().getWindow();
        WaitForAsyncUtils.asyncFx(() -> {
            stage.toFront();
            stage.requestFocus();
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    public CodeArea area() {
        return robot.lookup("#sql-text").queryAs(CodeArea.class);
    }

    /** The editor's status line ("3 rows in 4 ms", "Running…", a refusal). */
    public String status() {
        return robot.lookup("#sql-status").queryAs(Label.class).getText();
    }

    /** The grid of the result tab shown. */
    @SuppressWarnings("unchecked")
    public TableView<List<String>> grid() {
        TabPane tabs = robot.lookup("#sql-results").queryAs(TabPane.class);
        return (TableView<List<String>>) tabs.getSelectionModel().getSelectedItem().getContent().lookup(".result-grid");
    }

    /** Puts {@code sql} in the editor and presses Ctrl+Enter in it. */
    public void run(String sql) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            area().replaceText(sql);
            area().requestFocus();
        }).get();
        robot.clickOn("#sql-text");
        WaitForAsyncUtils.asyncFx(() -> area().selectRange(0, 0)).get();
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
    }

    /** Runs {@code sql} and waits until the status line starts with {@code done}. */
    public void runUntil(String sql, String done) throws Exception {
        run(sql);
        try {
            WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> status().startsWith(done));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the run did not end with \"" + done + "…\": the status says \"" + status() + "\"", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Time Travel to {@code at}, picked in the picker as a person types it (the console's zone in tests is UTC). */
    public void travelTo(Instant at) throws Exception {
        robot.clickOn("#sql-time-travel");
        ConsoleWindow.waitFor(() -> robot.lookup("#sql-travel").tryQuery().isPresent());
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        WaitForAsyncUtils.asyncFx(() -> {
            robot.lookup("#restore-date").queryAs(DatePicker.class).setValue(utc.toLocalDate());
            robot.lookup("#restore-time").queryAs(TextField.class)
                    .setText(utc.toLocalTime().format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS")));
        }).get();
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> !robot.lookup("#sql-travel-go").query().isDisabled());
        robot.clickOn("#sql-travel-go");
        ConsoleWindow.waitFor(() -> robot.lookup("#sql-time-travel-banner").query().isVisible());
    }

    /** Leaves Time Travel with the toolbar's "Back to now". */
    public void backToNow() throws Exception {
        robot.clickOn("#sql-time-travel");
        ConsoleWindow.waitFor(() -> !robot.lookup("#sql-time-travel-banner").query().isVisible());
    }
}
