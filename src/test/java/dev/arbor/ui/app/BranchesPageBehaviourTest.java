package dev.arbor.ui.app;

import static dev.arbor.ui.app.ConsoleWindow.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.engine.DataDirs;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.branches.BranchRow;
import dev.arbor.ui.common.InMemorySettings;
import dev.arbor.ui.common.Settings;
import dev.arbor.ui.common.Shortcut;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 4's points that the first flows did not show, each driven as a person would: the keyboard, sorting
 * by a column while searching, the details panel's empty, loading and failed states, a new branch selected
 * and scrolled into view, a failed action's details on demand, and the theme, size and layout remembered.
 */
class BranchesPageBehaviourTest {
    private final List<ConsoleWindow> windows = new ArrayList<>();

    @TempDir
    Path home;
    // in the data home, so the header (and the screenshots) show "projects/default", not a path of this machine
    private Path dataDir;

    @BeforeEach
    void useATemporaryDataHome() {
        System.setProperty("arbor.home", home.toString());
        dataDir = DataDirs.defaultDataDir();
    }

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeWindows() throws Exception {
        for (ConsoleWindow w : windows) {
            w.close();
        }
        System.clearProperty("arbor.home");
    }

    private ConsoleWindow window() {
        ConsoleWindow w = new ConsoleWindow();
        windows.add(w);
        return w;
    }

    private void seed(String... names) {
        try (EmbeddedBackend seed = EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options())) {
            for (String name : names) {
                seed.createBranch(CreateBranchSpec.named(name));
            }
        }
    }

    private static List<String> names(ConsoleWindow w) {
        return w.table().getItems().stream().map(BranchRow::name).toList();
    }

    private static void press(ConsoleWindow w, KeyCode... keys) {
        w.robot.press(keys);
        List<KeyCode> reversed = new ArrayList<>(List.of(keys));
        java.util.Collections.reverse(reversed);
        w.robot.release(reversed.toArray(KeyCode[]::new));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void focusTable(ConsoleWindow w) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> w.table().requestFocus()).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void arrowsMoveEnterOpensTheDetailsCtrlNCreatesAndF5Refreshes() throws Exception {
        seed("alpha", "beta");
        ConsoleWindow w = window();
        // a backend without live events, like a remote one that cannot push: F5 is how changes arrive
        w.wrap = real -> InterceptedBackend.over(real).when("subscribe", (b, args) -> {
            throw new UnsupportedOperationException("no live events");
        }).backend();
        w.open(dataDir);
        assertEquals(List.of("main", "alpha", "beta"), names(w));
        waitFor(() -> w.robot.lookup("Not following changes; use Refresh").tryQuery().isPresent());

        w.select("main");
        focusTable(w);
        press(w, KeyCode.DOWN);
        waitFor(() -> "alpha".equals(w.robot.lookup("#details-name").queryAs(Label.class).getText()));
        assertEquals(w.backend.getBranch("alpha").id(), w.page().selectedIdProperty().get());
        press(w, KeyCode.DOWN);
        waitFor(() -> "beta".equals(w.robot.lookup("#details-name").queryAs(Label.class).getText()));
        press(w, KeyCode.UP);
        waitFor(() -> "alpha".equals(w.robot.lookup("#details-name").queryAs(Label.class).getText()));

        press(w, KeyCode.ENTER);
        Node details = w.robot.lookup("#branch-details").query();
        waitFor(() -> isInside(w.stage.getScene().getFocusOwner(), details));

        focusTable(w);
        press(w, KeyCode.CONTROL, KeyCode.N);
        waitFor(() -> w.robot.lookup("#create-name").tryQuery().isPresent() && w.page().createProperty().get() != null);
        assertEquals("alpha", w.page().createProperty().get().parentProperty().get().name(),
                "Create starts from the selected branch");
        press(w, KeyCode.ESCAPE);
        waitFor(() -> w.page().createProperty().get() == null);

        w.backend.createBranch(CreateBranchSpec.named("gamma"));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(w.hasRow("gamma"), "without live events the table waits for a refresh");
        focusTable(w);
        press(w, KeyCode.F5);
        waitFor(() -> w.hasRow("gamma"));
        assertEquals("4 branches", w.robot.lookup("#branch-count").queryAs(Label.class).getText());
    }

    private static boolean isInside(Node node, Node container) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == container) {
                return true;
            }
        }
        return false;
    }

    @Test
    void clickingAColumnHeaderSortsAndASearchKeepsThatOrder() throws Exception {
        seed("x/zeta", "x/alpha", "mid");
        ConsoleWindow w = window().open(dataDir);
        assertEquals(List.of("main", "x/zeta", "x/alpha", "mid"), names(w), "the backend's order until a column is chosen");

        w.robot.clickOn(header(w, "Branch"));
        waitFor(() -> names(w).equals(List.of("main", "mid", "x/alpha", "x/zeta")));
        w.robot.clickOn(header(w, "Branch"));
        waitFor(() -> names(w).equals(List.of("x/zeta", "x/alpha", "mid", "main")));

        // "/" is in no branch id, so the search matches by name only
        w.robot.clickOn("#branch-search").write("x/");
        waitFor(() -> names(w).equals(List.of("x/zeta", "x/alpha")));
        assertEquals("2 of 4 branches", w.robot.lookup("#branch-count").queryAs(Label.class).getText());

        w.robot.clickOn(header(w, "Created"));
        waitFor(() -> names(w).equals(List.of("x/zeta", "x/alpha")));
        w.robot.clickOn(header(w, "Created"));
        waitFor(() -> names(w).equals(List.of("x/alpha", "x/zeta")));
        press(w, KeyCode.CONTROL, KeyCode.F);
        press(w, KeyCode.BACK_SPACE);
        waitFor(() -> names(w).equals(List.of("mid", "x/alpha", "x/zeta", "main")));
    }

    private static Node header(ConsoleWindow w, String title) {
        return w.table().lookupAll(".column-header").stream()
                .filter(n -> n instanceof TableColumnHeader h && h.getTableColumn() != null
                        && title.equals(h.getTableColumn().getText()))
                .findFirst().orElseThrow(() -> new AssertionError("no column " + title));
    }

    @Test
    void theDetailsPanelSaysWhenNothingIsSelectedWhileLoadingAndWhenLoadingFails() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        ConsoleWindow w = window();
        InterceptedBackend[] intercepted = new InterceptedBackend[1];
        w.wrap = real -> {
            intercepted[0] = InterceptedBackend.over(real).when("listDatabases", (b, args) -> {
                answer.await(30, TimeUnit.SECONDS);
                throw ArborException.unavailable("UPSTREAM_TIMEOUT",
                        "The Neon API did not answer in time. Check your connection, then try again.", null);
            });
            return intercepted[0].backend();
        };
        w.open(dataDir);
        waitFor(() -> w.robot.lookup("#details-empty").tryQuery().isPresent());
        assertTrue(w.robot.lookup("No branch selected").tryQuery().isPresent());

        w.selectWhileLoading("main");
        waitFor(() -> w.robot.lookup("Loading roles and databases…").tryQuery().isPresent());
        assertEquals("main", w.robot.lookup("#details-name").queryAs(Label.class).getText(),
                "what is known already shows while the rest loads");
        w.snapshot("details-loading-light.png", "#branch-details");

        answer.countDown();
        waitFor(() -> w.robot.lookup("Could not load roles and databases").tryQuery().isPresent());
        assertTrue(w.robot.lookup("The Neon API did not answer in time. Check your connection, then try again.")
                .tryQuery().isPresent());
        w.snapshot("details-error-light.png", "#branch-details");

        intercepted[0].restore("listDatabases");
        javafx.scene.Node tryAgain = w.robot.lookup("Try again").query();
        ConsoleWindow.scrollIntoView(tryAgain); // under the computes, past the panel's bottom at this window's size
        w.robot.clickOn(tryAgain);
        waitFor(() -> w.robot.lookup("neondb  (owner neondb_owner)").tryQuery().isPresent());
        assertFalse(w.robot.lookup("Could not load roles and databases").tryQuery().isPresent());
    }

    @Test
    void aNewBranchIsSelectedAndScrolledIntoViewFarDownTheTable() throws Exception {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(String.format(Locale.ROOT, "dev/feature-%02d", i));
        }
        seed(many.toArray(String[]::new));
        ConsoleWindow w = window().open(dataDir);

        w.select("main");
        focusTable(w);
        press(w, KeyCode.CONTROL, KeyCode.N);
        waitFor(() -> w.robot.lookup("#create-name").tryQuery().isPresent());
        w.robot.clickOn("#create-name").write("zz/new");
        w.robot.clickOn("#create-submit");
        waitFor(() -> w.hasRow("zz/new") && w.backend.getBranch("zz/new").id().equals(w.page().selectedIdProperty().get()));

        waitFor(() -> "zz/new".equals(w.robot.lookup("#details-name").queryAs(Label.class).getText()));
        TableView<BranchRow> table = w.table();
        BranchRow selected = table.getSelectionModel().getSelectedItem();
        assertNotNull(selected);
        assertEquals("zz/new", selected.name());
        waitFor(() -> rowIsOnScreen(table, "zz/new"));
    }

    private static boolean rowIsOnScreen(TableView<BranchRow> table, String name) {
        Bounds view = table.localToScene(table.getLayoutBounds());
        for (Node n : table.lookupAll(".table-row-cell")) {
            if (n instanceof TableRow<?> row && row.isVisible() && row.getItem() instanceof BranchRow r
                    && r.name().equals(name)) {
                Bounds b = row.localToScene(row.getLayoutBounds());
                return b.getMinY() >= view.getMinY() && b.getMaxY() <= view.getMaxY();
            }
        }
        return false;
    }

    @Test
    void whileABranchIsBeingCreatedCancelWaitsAndTheButtonSaysCreating() throws Exception {
        ConsoleWindow w = window();
        CountDownLatch answer = new CountDownLatch(1);
        w.wrap = real -> InterceptedBackend.over(real).when("createBranch", (b, args) -> {
            answer.await(30, TimeUnit.SECONDS);
            return b.createBranch((CreateBranchSpec) args[0]);
        }).backend();
        w.open(dataDir);
        w.select("main");
        assertEquals("Create a branch (" + Shortcut.CREATE.label() + ")",
                w.robot.lookup("#create-branch").queryButton().getTooltip().getText(), "the tooltip names the page's shortcut");
        w.robot.clickOn("#create-branch");
        waitFor(() -> w.robot.lookup("#create-name").tryQuery().isPresent());
        w.robot.clickOn("#create-name").write("dev/slow");
        assertFalse(w.robot.lookup("#dialog-cancel").queryButton().isDisabled());
        w.robot.clickOn("#create-submit");

        waitFor(() -> "Creating…".equals(w.robot.lookup("#create-submit").queryButton().getText()));
        assertTrue(w.robot.lookup("#dialog-cancel").queryButton().isDisabled(), "a branch being made cannot be called back");
        assertTrue(w.robot.lookup("#create-submit").queryButton().isDisabled());

        answer.countDown();
        waitFor(() -> w.hasRow("dev/slow") && w.page().createProperty().get() == null);
    }

    @Test
    void aRunningActionShowsProgressAndAFailureIsOneSentenceWithItsDetailsOnDemand() throws Exception {
        seed("alpha");
        ConsoleWindow w = window();
        CountDownLatch answer = new CountDownLatch(1);
        w.wrap = real -> InterceptedBackend.over(real).when("setDefault", (b, args) -> {
            answer.await(30, TimeUnit.SECONDS);
            throw new ArborException(ErrorCode.LOCKED, "PROJECT_LOCKED",
                    "Another change to this project is still running. Try again in a moment.",
                    "operation 7f3e still running", null);
        }).backend();
        w.open(dataDir);
        w.select("alpha");

        ConsoleWindow.openActionsMenu(w.robot);
        w.robot.clickOn("Set as default");
        waitFor(() -> w.robot.lookup("#dialog-confirm").tryQuery().isPresent());
        w.robot.clickOn("#dialog-confirm");
        waitFor(() -> w.robot.lookup("#activity-progress").query().isVisible());
        assertEquals("Setting \"alpha\" as the default branch…",
                w.robot.lookup("#activity-message").queryAs(Label.class).getText());
        answer.countDown();
        waitFor(() -> w.robot.lookup("#failure-details").queryButton().isVisible());
        assertFalse(w.robot.lookup("#activity-progress").query().isVisible());
        assertEquals("Another change to this project is still running. Try again in a moment.",
                w.robot.lookup("#activity-message").queryAs(Label.class).getText());
        assertFalse(w.robot.lookup("#activity-message").queryAs(Label.class).getText().contains("PROJECT_LOCKED"),
                "the code waits for the details");

        w.robot.clickOn("#failure-details");
        waitFor(() -> w.robot.lookup("#failure-details-text").tryQuery().isPresent());
        String details = w.robot.lookup("#failure-details-text").queryAs(TextArea.class).getText();
        assertTrue(details.contains("PROJECT_LOCKED") && details.contains("operation 7f3e still running"), details);
        w.snapshot("failure-details-light.png", null);
        w.robot.clickOn("#close-failure-details");
        assertFalse(w.backend.getBranch("alpha").isDefault());
    }

    @Test
    void theThemeTheWindowSizeAndTheDividerAreRememberedForTheNextWindow() throws Exception {
        Settings settings = new InMemorySettings();
        settings.setWindowSize(new Settings.WindowSize(1440, 820));
        ConsoleWindow first = new ConsoleWindow(settings);
        windows.add(first);
        first.open(dataDir);

        first.robot.clickOn("#theme-toggle");
        WaitForAsyncUtils.asyncFx(() -> {
            first.stage.setWidth(1280);
            first.stage.setHeight(760);
        }).get();
        Node divider = first.robot.lookup(".split-pane-divider").query();
        first.robot.drag(divider).dropBy(-150, 0);
        WaitForAsyncUtils.waitForFxEvents();
        double dividerAt = first.robot.lookup("#branches-split").queryAs(SplitPane.class).getDividerPositions()[0];
        assertTrue(Math.abs(dividerAt - dev.arbor.ui.common.Settings.DEFAULT_DETAILS_DIVIDER) > 0.05, "the drag moved the divider: " + dividerAt);
        double width = first.stage.getScene().getWidth();
        double height = first.stage.getScene().getHeight();
        assertEquals(new Settings.WindowSize(width, height), settings.windowSize());
        first.close();
        windows.remove(first);

        ConsoleWindow second = new ConsoleWindow(settings);
        windows.add(second);
        second.open(dataDir);
        assertTrue(second.console.darkThemeProperty().get());
        assertEquals(new PrimerDark().getUserAgentStylesheet(), Application.getUserAgentStylesheet());
        assertEquals(width, second.stage.getScene().getWidth(), 1.0);
        assertEquals(height, second.stage.getScene().getHeight(), 1.0);
        assertEquals(dividerAt, second.robot.lookup("#branches-split").queryAs(SplitPane.class).getDividerPositions()[0],
                0.01);
    }

    @Test
    void theCopyButtonsPutTheNameAndTheIdOnTheClipboard() throws Exception {
        seed("dev/alex");
        ConsoleWindow w = window().open(dataDir);
        w.select("dev/alex");
        waitFor(() -> w.robot.lookup("#copy-id").tryQuery().isPresent());

        w.robot.clickOn("#copy-id");
        assertEquals(w.backend.getBranch("dev/alex").id(), clipboard());
        w.robot.clickOn("#copy-name");
        assertEquals("dev/alex", clipboard());
    }

    private static String clipboard() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return WaitForAsyncUtils.asyncFx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString()).get();
    }
}
