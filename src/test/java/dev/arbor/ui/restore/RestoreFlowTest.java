package dev.arbor.ui.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.domain.PointInTime;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.app.BranchesPageViewModel;
import dev.arbor.ui.app.ConsoleWindow;
import dev.arbor.ui.common.Formats;
import dev.arbor.ui.common.InMemorySettings;
import dev.arbor.ui.restore.RestoreWizardViewModel.Step;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
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
 * The Restore wizard driven as a person would, headless, against the demo project in a temporary
 * data home; writes a screenshot of every step in both themes.
 */
class RestoreFlowTest {
    private static final String DB = "neondb"; // the engine's default database, which the demo uses
    private static final ZoneId UTC = ZoneOffset.UTC;

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
        // the demo lives in the data home, so the header (and the screenshots) show "projects/demo"
        window.openDemo(home); // in the data home: the header says "projects/demo"
        opened = (EmbeddedBackend) window.backend;
        waitFor(() -> page().state().branch(opened.getBranch("dev/arjun").id()) != null);
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

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        ConsoleWindow.waitFor(condition);
    }

    /** The rows of a table at a branch's head, as the console's table browser counts them (no compute is started). */
    private long rows(String branch, String table) {
        return opened.listTables(opened.getBranch(branch).id(), DB, PointInTime.HEAD).stream()
                .filter(t -> t.schema().name().equals(table)).findFirst().orElseThrow().rowCount();
    }

    private void select(String name) throws Exception {
        String id = opened.getBranch(name).id();
        WaitForAsyncUtils.asyncFx(() -> page().select(id)).get();
        waitFor(() -> id.equals(page().selectedIdProperty().get()));
        focusTable();
    }

    /** Keyboard shortcuts belong to the Branches page, so the keyboard has to be in it. */
    private void focusTable() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#branch-table").query().requestFocus()).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void press(KeyCode... keys) {
        robot.press(keys).release(keys);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void next() throws Exception {
        Step before = wizard().stepProperty().get();
        robot.clickOn("#restore-next");
        waitFor(() -> wizard().stepProperty().get() != before);
    }

    private void setText(String id, String text) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> robot.lookup(id).queryAs(TextField.class).setText(text)).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void enterGoesOnThroughTheStepsAndNeverPressesAButtonBehindTheWizard() throws Exception {
        // seen in a real window: the Source step replaced the search field that had the keyboard, JavaFX gave it to
        // the header's Switch project button behind the backdrop, and the next Enter opened that dialog over the
        // wizard, which then could not be opened again
        select("dev/arjun");
        press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.R);
        waitFor(() -> wizard() != null && robot.lookup("#restore-wizard").tryQuery().isPresent());
        press(KeyCode.ENTER);
        waitFor(() -> wizard().stepProperty().get() == Step.SOURCE);
        press(KeyCode.ENTER);
        waitFor(() -> wizard().stepProperty().get() == Step.POINT);
        assertNull(window.console.connectionsProperty().get(), "Switch project was not pressed");
        assertTrue(robot.lookup("#restore-wizard").query().isVisible(), "the wizard is still shown");
        javafx.scene.Node focused = robot.lookup("#restore-wizard").query().getScene().getFocusOwner();
        boolean inWizard = false;
        for (javafx.scene.Node n = focused; n != null; n = n.getParent()) {
            inWizard |= "restore-wizard".equals(n.getId());
        }
        assertTrue(inWizard, "the keyboard is in the wizard: " + focused);
    }

    @Test
    void restoreToOwnHistoryBeforeRowsWereDeletedThenUndo() throws Exception {
        // a bad delete on staging, made now in SQL (with the orders that name those customers); the demo is older
        Instant beforeDelete = opened.getBranch("staging").headTimestamp();
        long customers = rows("staging", "customers");
        PgProjects.sql(opened.engine(), "staging", "delete from orders where customer_id <= 10",
                "delete from customers where id <= 10");
        opened.engine().runMaintenance(); // tells the console where the running compute's head is now
        waitFor(() -> page().state().branch(opened.getBranch("staging").id()).headTimestamp().isAfter(beforeDelete));
        assertEquals(customers - 10, rows("staging", "customers"));

        // opened from the Actions menu, on the selected branch
        select("staging");
        ConsoleWindow.chooseAction(robot, "#action-restore");
        waitFor(() -> wizard() != null && robot.lookup("#restore-wizard").tryQuery().isPresent());
        assertEquals("staging", wizard().target().branchProperty().get().name());
        assertTrue(robot.lookup("#restore-facts").queryAs(javafx.scene.layout.VBox.class).getChildren().stream()
                .anyMatch(n -> ((Label) n).getText().matches("\\d child branches: dev/arjun, .*")));
        snapshot("restore-1-branch-light.png");

        press(KeyCode.ENTER); // Enter is Next
        waitFor(() -> wizard().stepProperty().get() == Step.SOURCE);
        snapshot("restore-2-source-light.png");
        next();
        assertEquals(Step.POINT, wizard().stepProperty().get());
        waitFor(() -> wizard().picker().windowProperty().get() != null);

        // a time in the future is refused with a sentence, and Next stays off
        setText("#restore-time", "23:59:59.999");
        WaitForAsyncUtils.asyncFx(() -> wizard().picker().dateProperty().set(java.time.LocalDate.now(UTC).plusDays(1))).get();
        waitFor(() -> robot.lookup("#restore-point-problem").queryAs(Label.class).getText().contains("is in the future"));
        assertTrue(robot.lookup("#restore-next").queryButton().isDisabled());

        WaitForAsyncUtils.asyncFx(() -> wizard().picker().dateProperty().set(beforeDelete.atZone(UTC).toLocalDate())).get();
        setText("#restore-time", Formats.dateTimeMillis(beforeDelete, UTC).substring(11));
        waitFor(() -> robot.lookup("#restore-resolution").queryAs(Label.class).getText().startsWith("Resolves to LSN "));
        snapshot("restore-3-point-light.png");

        next();
        waitFor(() -> !wizard().preview().loadingProperty().get() && !wizard().preview().rows().isEmpty());
        PreviewTable customersThen = wizard().preview().tables().stream().filter(t -> t.name().equals("customers"))
                .findFirst().orElseThrow();
        assertEquals(customers, customersThen.rowsAtPoint());
        assertEquals(customers - 10, customersThen.rowsNow());
        assertTrue(wizard().preview().differences().contains(DB + ".customers has " + customers + " rows at the point and "
                + (customers - 10) + " rows now (+10 rows after the restore)."), wizard().preview().differences()::toString);
        snapshot("restore-4-preview-light.png");

        next();
        String backupName = wizard().confirm().backupNameProperty().get();
        assertTrue(backupName.startsWith("staging_old_"), backupName);
        assertTrue(wizard().confirm().summary().stream().anyMatch(l -> l.contains("move to the backup \"" + backupName + "\"")));
        snapshot("restore-5-confirm-light.png");
        assertEquals(customers - 10, rows("staging", "customers"), "nothing changes before Restore");

        robot.clickOn("#restore-next"); // Restore
        waitFor(() -> wizard().stepProperty().get() == Step.RESULT && !wizard().outcome().runningProperty().get());
        snapshot("restore-6-result-light.png");
        assertEquals(customers, rows("staging", "customers"), "the deleted rows are back");
        assertEquals(customers - 10, rows(backupName, "customers"), "the backup holds the state with the rows deleted");
        Branch backup = opened.getBranch(backupName);
        assertEquals(backup.id(), opened.getBranch("staging").parentId(), "the backup of a non-root becomes its parent");
        assertEquals(backup.id(), opened.getBranch("dev/arjun").parentId(), "the children move to the backup");
        waitFor(() -> opened.getBranch("staging").id().equals(page().selectedIdProperty().get()));

        waitFor(() -> wizard().outcome().undoProblemProperty().get() == null);
        robot.clickOn("#restore-undo");
        waitFor(() -> robot.lookup("#restore-undo-question").queryAs(Label.class).getText()
                .endsWith("changes made on \"staging\" since the restore are lost."));
        assertEquals(customers, rows("staging", "customers"), "Undo asks before it changes anything");
        robot.clickOn("#restore-undo-confirm");
        waitFor(() -> wizard().outcome().undoneProperty().get());
        assertEquals(customers - 10, rows("staging", "customers"), "undo brings back the state from before the restore");
        assertTrue(robot.lookup("#restore-outcome").queryAs(Label.class).getText().startsWith("Undone:"));

        robot.clickOn("#restore-link-backup");
        waitFor(() -> wizard() == null && backup.id().equals(page().selectedIdProperty().get()));
    }

    @Test
    void restoreFromAnotherBranchsHeadInTheDarkTheme() throws Exception {
        robot.clickOn("#theme-toggle");
        select("dev/arjun");
        Branch arjun = opened.getBranch("dev/arjun");
        long productionOrders = rows("production", "orders");

        // Ctrl+Shift+R opens the wizard on the selected branch; Escape closes it and changes nothing
        press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.R);
        waitFor(() -> wizard() != null && robot.lookup("#restore-targets").tryQuery().isPresent());
        press(KeyCode.ESCAPE);
        waitFor(() -> wizard() == null);
        assertEquals(arjun, opened.getBranch("dev/arjun"));
        // closing gives the keyboard back to the table, so the shortcut works again at once
        assertTrue(robot.lookup("#branch-table").query().isFocused(), "the table has the keyboard after Escape");

        press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.R);
        waitFor(() -> wizard() != null && robot.lookup("#restore-targets").tryQuery().isPresent());
        assertEquals("dev/arjun", wizard().target().branchProperty().get().name());
        robot.clickOn("#restore-search").write("arjun");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("dev/arjun"), wizard().target().matches().stream().map(Branch::name).toList());
        snapshot("restore-1-branch-dark.png");

        next();
        robot.clickOn("#restore-source-other");
        WaitForAsyncUtils.asyncFx(() -> wizard().source().branchProperty().set(page().state().branch(opened.getBranch("production").id()))).get();
        WaitForAsyncUtils.waitForFxEvents();
        snapshot("restore-2-source-dark.png");

        // turning head off brings the point picker in; here by LSN
        robot.clickOn("#restore-from-head");
        waitFor(() -> wizard().steps().contains(Step.POINT));
        next();
        robot.clickOn("#restore-mode-lsn");
        setText("#restore-lsn", "zz");
        waitFor(() -> robot.lookup("#restore-point-problem").queryAs(Label.class).getText().startsWith("\"zz\" is not an LSN."));
        setText("#restore-lsn", opened.getBranch("production").headLsn().toString());
        waitFor(() -> robot.lookup("#restore-resolution").queryAs(Label.class).getText().startsWith("LSN "));
        snapshot("restore-3-point-dark.png");
        robot.clickOn("#restore-back");
        waitFor(() -> wizard().stepProperty().get() == Step.SOURCE);
        robot.clickOn("#restore-from-head");
        waitFor(() -> !wizard().steps().contains(Step.POINT));

        next();
        assertEquals(Step.PREVIEW, wizard().stepProperty().get());
        waitFor(() -> !wizard().preview().loadingProperty().get() && !wizard().preview().rows().isEmpty());
        snapshot("restore-4-preview-dark.png");
        next();
        assertNull(wizard().confirm().backupProblemProperty().get());
        assertTrue(wizard().confirm().summary().get(0).startsWith("Restore \"dev/arjun\" from \"production\" at its latest data (head"));
        snapshot("restore-5-confirm-dark.png");

        press(KeyCode.ENTER); // Enter on the last step is Restore
        waitFor(() -> wizard().stepProperty().get() == Step.RESULT && !wizard().outcome().runningProperty().get());
        snapshot("restore-6-result-dark.png");
        assertEquals(productionOrders, rows("dev/arjun", "orders"), "dev/arjun now has production's data");
        Branch after = opened.getBranch("dev/arjun");
        assertEquals(arjun.id(), after.id(), "the branch keeps its id");
        Branch backup = wizard().outcome().backupProperty().get();
        assertNotNull(backup);
        assertEquals(backup.id(), after.parentId(), "the backup becomes the parent");
        assertEquals(arjun.parentId(), opened.getBranch(backup.id()).parentId(), "the backup keeps the old parent");

        robot.clickOn("#restore-link-restored");
        waitFor(() -> wizard() == null && arjun.id().equals(page().selectedIdProperty().get()));
    }

    private void snapshot(String fileName) throws Exception {
        window.snapshot(fileName, null);
    }
}
