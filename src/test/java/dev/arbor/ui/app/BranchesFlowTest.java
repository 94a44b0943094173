package dev.arbor.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.DataDirs;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.branches.BranchRow;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Branches page driven as a person would, headless, against real projects. */
class BranchesFlowTest {
    private final ConsoleWindow window = new ConsoleWindow();
    private final FxRobot robot = window.robot;
    private volatile BranchBackend opened;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeWindow() throws Exception {
        System.clearProperty("arbor.home");
        window.close();
    }

    private void openWindow(Path dir) throws Exception {
        window.open(dir);
        opened = window.backend;
    }

    private TableView<BranchRow> table() {
        return window.table();
    }

    private BranchesPageViewModel page() {
        return window.page();
    }

    private Branch branch(String name) {
        return opened.getBranch(name);
    }

    private boolean hasRow(String name) {
        return window.hasRow(name);
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        ConsoleWindow.waitFor(condition);
    }

    private void selectRow(String name) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> page().select(branch(name).id())).get();
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#branch-table");
    }

    /** Confirms the dialog whose title contains {@code titlePart} (a closed one may linger in the scene). */
    private void confirm(String titlePart) throws Exception {
        waitFor(() -> robot.lookup("#confirm-dialog-title").queryAll().stream()
                .anyMatch(n -> ((Label) n).getText().contains(titlePart) && n.getScene() != null));
        javafx.scene.Node dialog = robot.lookup("#confirm-dialog").queryAll().stream()
                .filter(n -> robot.from(n).lookup("#confirm-dialog-title").queryAs(Label.class).getText().contains(titlePart))
                .findFirst().orElseThrow();
        robot.clickOn(robot.from(dialog).lookup("#dialog-confirm").queryButton());
    }

    /** Clicks into a text field, selects what it holds and types {@code text} over it, key by key. */
    private void typeInto(String query, String text) {
        robot.clickOn(query);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.press(KeyCode.BACK_SPACE).release(KeyCode.BACK_SPACE);
        robot.write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void chooseAction(String itemText) {
        ConsoleWindow.openActionsMenu(robot);
        // in the menu: the details panel under it has a "Reset from parent" button too
        robot.clickOn(robot.from(robot.lookup(".context-menu").queryAll()).lookup(itemText).<javafx.scene.Node>query());
    }

    @Test
    void createRenameDefaultProtectRefuseResetAndBulkDelete() throws Exception {
        // the project lives in the data home, so the header (and the screenshots) show "projects/default"
        System.setProperty("arbor.home", dataDir.toString());
        Path project = DataDirs.defaultDataDir();
        EmbeddedBackend seed = EmbeddedBackend.open(PgProjects.prepare(project), PgProjects.options());
        seed.close();
        openWindow(project);

        // create at a timestamp typed into the dialog: the dialog shows the parent's history, refuses a time
        // outside it in words, and the branch starts at the point the typed time resolves to
        robot.clickOn("#create-branch");
        waitFor(() -> robot.lookup("#create-name").tryQuery().isPresent());
        robot.clickOn("#create-name").write("dev/alex");
        robot.clickOn("#create-point-timestamp");
        waitFor(() -> robot.lookup("#create-window").queryAs(Label.class).getText().contains("has history from"));
        Matcher history = Pattern.compile("has history from (\\S+ \\S+) \\(LSN (\\S+)\\) to (\\S+ \\S+)")
                .matcher(robot.lookup("#create-window").queryAs(Label.class).getText());
        assertTrue(history.find(), robot.lookup("#create-window").queryAs(Label.class).getText());
        String start = history.group(1);
        // a moment the history holds: its end (on Postgres the very start can precede the first base backup)
        String at = history.group(3);
        typeInto("#create-timestamp", "1999-01-01 00:00:00");
        waitFor(() -> robot.lookup("#create-point-problem").queryAs(Label.class).getText().contains("outside the history"));
        // the window runs to now, so the sentence's end is the hint's head time or later
        Matcher refusal = Pattern.compile(Pattern.quote("1999-01-01 00:00:00 is outside the history of \"main\": choose a time from "
                + start + " to ") + "(\\S+ \\S+)\\.").matcher(robot.lookup("#create-point-problem").queryAs(Label.class).getText());
        assertTrue(refusal.matches(), robot.lookup("#create-point-problem").queryAs(Label.class).getText());
        assertTrue(refusal.group(1).compareTo(history.group(3)) >= 0, refusal.group(1) + " is before the head " + history.group(3));
        assertTrue(robot.lookup("#create-submit").queryButton().isDisabled());
        typeInto("#create-timestamp", "yesterday");
        waitFor(() -> robot.lookup("#create-point-problem").queryAs(Label.class).getText()
                .startsWith("Enter the date and time as yyyy-MM-dd HH:mm:ss"));
        assertTrue(robot.lookup("#create-submit").queryButton().isDisabled());
        typeInto("#create-timestamp", at);
        waitFor(() -> robot.lookup("#create-point-problem").queryAs(Label.class).getText().isEmpty()
                && !robot.lookup("#create-submit").queryButton().isDisabled());
        assertEquals(at, robot.lookup("#create-timestamp").queryAs(TextField.class).getText());
        snapshot("create-dialog-light.png");
        robot.clickOn("#create-submit");
        waitFor(() -> hasRow("dev/alex") && branch("dev/alex").id().equals(page().selectedIdProperty().get()));
        assertEquals("dev/alex", robot.lookup("#details-name").queryAs(Label.class).getText());
        waitFor(() -> robot.lookup("#details-branching-point").tryQuery().isPresent());
        Branch alex = branch("dev/alex");
        assertEquals("LSN " + alex.parentLsn() + " · " + at,
                robot.lookup("#details-branching-point").queryAs(Label.class).getText());
        java.time.Instant typed = java.time.LocalDateTime.parse(at.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC);
        assertEquals(opened.resolve(branch("main").id(), dev.arbor.domain.PointInTime.at(typed)).lsn(), alex.parentLsn());

        // rename with F2
        robot.clickOn("#branch-table");
        robot.press(KeyCode.F2).release(KeyCode.F2);
        waitFor(() -> robot.lookup("#rename-field").tryQuery().isPresent());
        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#rename-field").queryAs(TextField.class).setText("dev/alexa")).get();
        robot.clickOn("#dialog-confirm");
        waitFor(() -> hasRow("dev/alexa"));

        // set as default, then protect, through the Actions menu
        chooseAction("Set as default");
        confirm("as default");
        waitFor(() -> branch("dev/alexa").isDefault());
        chooseAction("Set as protected");
        confirm("as protected");
        waitFor(() -> branch("dev/alexa").isProtected()
                && robot.lookup("#details-protection").queryAs(Label.class).getText().startsWith("Protected"));

        // delete is refused, and the menu says why
        ConsoleWindow.openActionsMenu(robot);
        waitFor(() -> robot.lookup("#action-delete-reason").tryQuery().isPresent());
        String reason = robot.lookup("#action-delete-reason").queryAs(Label.class).getText();
        assertTrue(reason.contains("cannot be deleted"), reason);
        snapshotActionsMenu("actions-menu-light.png");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();

        // reset with children: the dialog lists them and deletes them before resetting
        Branch staging = opened.createBranch(CreateBranchSpec.named("staging").withParent(branch("main").id())).branch();
        opened.createBranch(CreateBranchSpec.named("dev/child").withParent(staging.id()));
        waitFor(() -> hasRow("dev/child"));
        selectRow("staging");
        chooseAction("Reset from parent");
        waitFor(() -> robot.lookup("#reset-children-dialog").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        ListView<String> children = robot.lookup("#reset-children-list").queryAs(ListView.class);
        assertEquals(List.of("dev/child"), children.getItems());
        snapshot("reset-children-dialog-light.png");
        robot.clickOn("#reset-delete-children");
        waitFor(() -> !hasRow("dev/child") && branch("staging").lastResetAt() != null);

        // bulk delete: everything selected, the protected and the root branches are skipped with reasons
        opened.createBranch(CreateBranchSpec.named("prod").protect());
        opened.createBranch(CreateBranchSpec.named("tmp/one").withParent(staging.id()));
        waitFor(() -> hasRow("tmp/one") && hasRow("prod"));
        robot.clickOn("#branch-table");
        WaitForAsyncUtils.asyncFx(() -> table().getSelectionModel().selectAll()).get();
        WaitForAsyncUtils.waitForFxEvents();
        robot.press(KeyCode.DELETE).release(KeyCode.DELETE);
        waitFor(() -> robot.lookup("#bulk-delete-dialog").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        ListView<String> skipped = robot.lookup("#bulk-skip-list").queryAs(ListView.class);
        assertTrue(skipped.getItems().stream().anyMatch(s -> s.startsWith("prod: ") && s.contains("protected")), skipped.getItems()::toString);
        @SuppressWarnings("unchecked")
        ListView<String> deletions = robot.lookup("#bulk-delete-list").queryAs(ListView.class);
        assertEquals(List.of("tmp/one", "staging"), deletions.getItems());
        snapshot("bulk-delete-dialog-light.png");
        robot.clickOn("#dialog-confirm");
        waitFor(() -> !robot.lookup("#bulk-delete-summary").queryAs(Label.class).getText().isEmpty());
        assertTrue(robot.lookup("#bulk-delete-summary").queryAs(Label.class).getText().startsWith("Deleted 2 branches."));
        robot.clickOn("#dialog-cancel");
        waitFor(() -> !hasRow("staging") && hasRow("prod") && hasRow("main"));
    }

    @Test
    void theDemoProjectInBothThemesWithDetailsAndThePalette() throws Exception {
        System.setProperty("arbor.home", dataDir.toString());
        Path demo = DataDirs.demoDataDir();
        PgProjects.demo(demo);
        openWindow(demo);
        waitFor(() -> hasRow("dev/maria"));
        selectRow("staging");
        waitFor(() -> robot.lookup("#details-name").tryQuery().isPresent());
        snapshot("branches-light.png");
        snapshot("details-light.png", "#branch-details");

        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        waitFor(() -> robot.lookup("#palette-query").tryQuery().isPresent());
        robot.write("arjun");
        WaitForAsyncUtils.waitForFxEvents();
        snapshot("command-palette-light.png");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(() -> branch("dev/arjun").id().equals(page().selectedIdProperty().get()));

        robot.clickOn("#theme-toggle");
        robot.moveTo("#status-line");
        WaitForAsyncUtils.waitForFxEvents();
        snapshot("branches-dark.png");
        robot.clickOn("#create-branch");
        waitFor(() -> robot.lookup("#create-name").tryQuery().isPresent());
        robot.write("dev/new-feature");
        WaitForAsyncUtils.waitForFxEvents();
        snapshot("create-dialog-dark.png");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(() -> page().createProperty().get() == null);
        ConsoleWindow.openActionsMenu(robot);
        WaitForAsyncUtils.waitForFxEvents();
        snapshotActionsMenu("actions-menu-dark.png");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);

        // search narrows the table and the count says so
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        robot.write("preview");
        waitFor(() -> table().getItems().size() == 2);
        assertFalse(robot.lookup("#branch-count").queryAs(Label.class).getText().isEmpty());
        assertTrue(robot.lookup("#branch-count").queryAs(Label.class).getText().startsWith("2 of "));
        assertNotNull(page());
    }

    private void snapshot(String fileName) throws Exception {
        snapshot(fileName, null);
    }

    /**
     * The open Actions menu's picture. Once in CI the menu, open and read, was gone by the picture 350 ms later (why
     * is not known: a test of the menu kept open while the project changed around it passed with and without
     * rebuilding its items); it is opened again, as a user would, and the picture taken then.
     */
    private void snapshotActionsMenu(String fileName) throws Exception {
        for (int attempt = 1; ; attempt++) {
            if (robot.lookup(".context-menu").tryQuery().isEmpty()) {
                ConsoleWindow.openActionsMenu(robot);
                WaitForAsyncUtils.waitForFxEvents();
            }
            try {
                snapshot(fileName, ".context-menu");
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (attempt == 3 || !(e.getCause() instanceof org.testfx.service.query.EmptyNodeQueryException)) {
                    throw e;
                }
            }
        }
    }

    private void snapshot(String fileName, String nodeQuery) throws Exception {
        window.snapshot(fileName, nodeQuery);
    }
}
