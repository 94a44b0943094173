package dev.arbor.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.DataDirs;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.branches.BranchRow;
import dev.arbor.ui.common.InMemorySettings;
import dev.arbor.ui.tree.BranchTreeCanvas;
import dev.arbor.ui.tree.BranchTreeView;
import dev.arbor.ui.tree.BranchTreeViewModel;
import dev.arbor.ui.tree.TreeExport;
import dev.arbor.ui.tree.TreeViewport;
import dev.arbor.testing.PgProjects;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The branch tree on the Branches page, driven as a person would, headless, against the real demo project. */
class BranchTreeFlowTest {
    private final InMemorySettings settings = new InMemorySettings();
    private final ConsoleWindow window = new ConsoleWindow(settings);
    private final FxRobot robot = window.robot;
    private Stage stage;
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

    /** Opens the demo project in the data home, so the header (and the screenshots) show a stable path. */
    private void openDemo() throws Exception {
        System.setProperty("arbor.home", dataDir.toString());
        Path demo = DataDirs.demoDataDir();
        PgProjects.demo(demo);
        settings.setWindowSize(new dev.arbor.ui.common.Settings.WindowSize(1500, 860));
        settings.setDetailsDivider(0.74);
        window.open(demo);
        stage = window.stage;
        opened = window.backend;
    }

    private void showTree() throws Exception {
        robot.clickOn("#branch-table");
        robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL);
        waitFor(() -> robot.lookup("#branch-tree").tryQuery().map(Node::getScene).isPresent()
                && tree().layout().rowCount() > 0 && tree().layout().lane(id("dev/maria")) != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private TableView<BranchRow> table() {
        return window.table();
    }

    private BranchesPageViewModel page() {
        return window.page();
    }

    private BranchTreeViewModel tree() {
        return page().tree();
    }

    private BranchTreeCanvas canvas() {
        return robot.lookup("#branch-tree").queryAs(BranchTreeCanvas.class);
    }

    private String id(String name) {
        return opened.getBranch(name).id();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Where a branch's lane is on the screen: a little right of its creation node, on the lane. */
    private Point2D onLane(String name) throws Exception {
        String branchId = id(name);
        return WaitForAsyncUtils.asyncFx(() -> {
            Point2D node = canvas().nodePosition(branchId);
            return canvas().localToScreen(node.getX() + 40, node.getY());
        }).get();
    }

    /** The colour drawn at the left end of a branch's row, where only its row's band is. */
    private int bandColour(String name) throws Exception {
        String branchId = id(name);
        return WaitForAsyncUtils.asyncFx(() -> {
            Point2D node = canvas().nodePosition(branchId);
            WritableImage image = canvas().snapshot(null, null);
            double y = node.getY() - TreeViewport.ROW_HEIGHT * 0.62;
            return image.getPixelReader().getArgb(3, (int) y);
        }).get();
    }

    @Test
    void theDemoProjectsTreeInBothThemes() throws Exception {
        openDemo();
        showTree();
        assertTrue(settings.showBranchTree(), "the choice is remembered");
        assertTrue(page().treeShownProperty().get());
        // every branch of the demo has a lane, and the schema-only root is a tree of its own
        assertEquals(page().list().rows().size(), tree().layout().lanes().size());
        assertEquals(-1, tree().layout().lane(id("analytics-sandbox")).parentRow());
        // the restore of dev/maria left a marker on its lane
        waitFor(() -> !tree().sceneProperty().get().markersOf(id("dev/maria")).isEmpty());

        // the hover card: name, id, parent point, size, last active
        robot.moveTo(onLane("dev/maria"));
        waitFor(() -> robot.lookup("#tree-hover-card").query().isVisible()
                && "dev/maria".equals(robot.lookup("#tree-card-title").queryAs(Label.class).getText()));
        assertEquals(id("dev/maria"), robot.lookup("#tree-card-id").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#tree-card-parent").queryAs(Label.class).getText().startsWith("dev/maria_old_"));
        assertTrue(robot.lookup("#tree-card-parent").queryAs(Label.class).getText().contains(" at LSN "));
        // a Postgres database, as pg_database_size counts it: megabytes
        assertTrue(robot.lookup("#tree-card-data-size").queryAs(Label.class).getText().endsWith(" MB"),
                robot.lookup("#tree-card-data-size").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#tree-card-last-active").queryAs(Label.class).getText().endsWith(" ago)"));
        assertTrue(robot.lookup("#tree-card-data-replaced").queryAs(Label.class).getText().startsWith("Restored "));

        WaitForAsyncUtils.asyncFx(() -> page().select(id("staging"))).get();
        robot.moveTo(onLane("analytics-sandbox"));
        waitFor(() -> "analytics-sandbox".equals(robot.lookup("#tree-card-title").queryAs(Label.class).getText()));
        snapshot("tree-light.png");

        robot.clickOn("#theme-toggle");
        robot.moveTo("#status-line");
        waitFor(() -> !robot.lookup("#tree-hover-card").query().isVisible());
        snapshot("tree-dark.png");
    }

    @Test
    void thePaletteAndTheShortcutSwitchBetweenTableAndTree() throws Exception {
        openDemo();
        robot.clickOn("#branch-table");
        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        waitFor(() -> robot.lookup("#palette-query").tryQuery().isPresent());
        robot.write("branch tree");
        WaitForAsyncUtils.waitForFxEvents();
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(() -> robot.lookup("#branch-tree").tryQuery().map(Node::getScene).isPresent());
        assertTrue(settings.showBranchTree());
        assertTrue(robot.lookup("#show-tree-tree").queryAs(javafx.scene.control.ToggleButton.class).isSelected());
        robot.clickOn("#branch-tree");
        robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL);
        waitFor(() -> robot.lookup("#branch-table").tryQuery().map(Node::getScene).isPresent());
        assertFalse(settings.showBranchTree());
        assertTrue(robot.lookup("#show-table-table").queryAs(javafx.scene.control.ToggleButton.class).isSelected());
    }

    /** Selection is one for the tree, the table and the details panel, whichever is used. */
    @Test
    void selectingInTheTreeMovesTheTableAndTheDetailsAndBack() throws Exception {
        openDemo();
        showTree();
        int plain = bandColour("production");

        robot.clickOn(onLane("dev/arjun"));
        waitFor(() -> id("dev/arjun").equals(page().selectedIdProperty().get()));
        assertEquals("dev/arjun", robot.lookup("#details-name").queryAs(Label.class).getText());
        robot.moveTo("#status-line");
        WaitForAsyncUtils.waitForFxEvents();
        int selected = bandColour("dev/arjun");
        assertTrue(selected != plain, "the selected branch's row is highlighted");

        robot.clickOn("#show-table-tree");
        waitFor(() -> robot.lookup("#branch-table").tryQuery().isPresent());
        assertEquals("dev/arjun", table().getSelectionModel().getSelectedItem().name());
        assertFalse(settings.showBranchTree());

        // and back: a row chosen in the table is the branch the tree highlights
        WaitForAsyncUtils.asyncFx(() -> {
            for (int i = 0; i < table().getItems().size(); i++) {
                if (table().getItems().get(i).name().equals("production")) {
                    table().getSelectionModel().clearAndSelect(i);
                }
            }
        }).get();
        waitFor(() -> "production".equals(robot.lookup("#details-name").queryAs(Label.class).getText()));
        robot.clickOn("#show-tree-table");
        waitFor(() -> robot.lookup("#branch-tree").tryQuery().map(Node::getScene).isPresent());
        robot.moveTo("#status-line");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(id("production"), tree().sceneProperty().get().focused());
        assertEquals(selected, bandColour("production"));
        assertEquals(plain, bandColour("dev/arjun"));

        // a double-click opens the details: the panel takes the keyboard
        robot.doubleClickOn(onLane("staging"));
        waitFor(() -> id("staging").equals(page().selectedIdProperty().get()) && focusIsIn("#branch-details"));
        assertEquals("staging", robot.lookup("#details-name").queryAs(Label.class).getText());

        // a branch made elsewhere appears in the tree while it is shown
        Branch made = opened.createBranch(CreateBranchSpec.named("dev/live").withParent(id("staging"))).branch();
        waitFor(() -> tree().layout().lane(made.id()) != null);
        assertEquals(tree().layout().lane(id("staging")).row(), tree().layout().lane(made.id()).parentRow());
    }

    /** Right-click offers the same Actions menu as the details panel: refused items dimmed with the reason. */
    @Test
    void rightClickOpensTheActionsMenuOfTheBranch() throws Exception {
        openDemo();
        showTree();
        robot.clickOn(onLane("production"), MouseButton.SECONDARY);
        waitFor(() -> contextMenu().isShowing() && id("production").equals(page().selectedIdProperty().get()));
        MenuItem delete = item("action-delete");
        assertTrue(delete.isDisable(), "deleting a protected branch is refused");
        assertFalse(item("action-connect").isDisable(), "any branch can be connected to, protected or not");
        String reason = robot.lookup("#action-delete-reason").queryAs(Label.class).getText();
        assertTrue(reason.contains("protected") && reason.contains("cannot be deleted"), reason);
        assertTrue(robot.lookup("#action-delete-reason").query().getStyleClass().contains("reason"));
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(() -> !contextMenu().isShowing());

        robot.clickOn(onLane("dev/arjun"), MouseButton.SECONDARY);
        waitFor(() -> contextMenu().isShowing() && id("dev/arjun").equals(page().selectedIdProperty().get()));
        assertFalse(item("action-protect").isDisable());
        robot.clickOn("Set as protected");
        waitFor(() -> robot.lookup("#dialog-confirm").tryQuery().isPresent());
        robot.clickOn("#dialog-confirm");
        waitFor(() -> opened.getBranch("dev/arjun").isProtected()
                && tree().layout().lane(id("dev/arjun")).branch().isProtected());
    }

    @Test
    void searchHighlightsAndCentresTheMatches() throws Exception {
        System.setProperty("arbor.home", dataDir.toString());
        Path demo = DataDirs.demoDataDir();
        PgProjects.demo(demo);
        try (EmbeddedBackend more = EmbeddedBackend.open(PgProjects.prepare(demo), PgProjects.options())) {
            for (int i = 1; i <= 40; i++) {
                more.createBranch(CreateBranchSpec.named(String.format("dev/feature-%02d", i)));
            }
        }
        openDemo();
        showTree();
        int plain = bandColour("main");
        String sandbox = id("analytics-sandbox");
        assertNull(visibleNode(sandbox), "the second tree starts below the view");
        String selectedBefore = page().selectedIdProperty().get();

        robot.clickOn("#tree-search").write("sandbox");
        waitFor(() -> visibleNode(sandbox) != null);
        assertEquals("1 of 1 match", robot.lookup("#tree-search-status").queryAs(Label.class).getText());
        TreeViewport view = canvas().viewport();
        double middle = (view.lanesTop() + view.lanesBottom()) / 2;
        assertTrue(Math.abs(visibleNode(sandbox).getY() - middle) < TreeViewport.ROW_HEIGHT, "centred");
        assertTrue(bandColour("analytics-sandbox") != plain, "highlighted");
        assertEquals(selectedBefore, page().selectedIdProperty().get(), "searching does not change the selection");

        // several matches: Enter goes to the next, and each is brought into view
        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#tree-search").queryAs(javafx.scene.control.TextField.class).clear()).get();
        robot.clickOn("#tree-search").write("maria");
        waitFor(() -> "1 of 2 matches".equals(robot.lookup("#tree-search-status").queryAs(Label.class).getText()));
        assertEquals(2, tree().sceneProperty().get().matches().size());
        String first = tree().sceneProperty().get().currentMatch();
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(() -> "2 of 2 matches".equals(robot.lookup("#tree-search-status").queryAs(Label.class).getText()));
        String second = tree().sceneProperty().get().currentMatch();
        assertTrue(!second.equals(first) && visibleNode(second) != null);

        // a match inside a folded subtree unfolds it
        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#tree-search").queryAs(javafx.scene.control.TextField.class).clear()).get();
        WaitForAsyncUtils.asyncFx(() -> tree().toggleCollapsed(id("staging"))).get();
        assertNull(tree().layout().lane(id("feature/checkout-v2")));
        robot.clickOn("#tree-search").write("checkout");
        waitFor(() -> visibleNode(id("feature/checkout-v2")) != null);

        // nothing matches: a sentence, and the picture stays as it was
        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#tree-search").queryAs(javafx.scene.control.TextField.class).clear()).get();
        double scrolled = view.scrollY();
        // pasted in one go: typed, its first letters could match some branch's id and move the view first
        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#tree-search").queryAs(javafx.scene.control.TextField.class)
                .setText("zzz-nothing")).get();
        waitFor(() -> robot.lookup("#tree-search-status").queryAs(Label.class).getText()
                .equals("No branch name or ID contains \"zzz-nothing\"."));
        assertTrue(tree().sceneProperty().get().matches().isEmpty());
        assertEquals(scrolled, view.scrollY());
        assertEquals(selectedBefore, page().selectedIdProperty().get());
    }

    @Test
    void zoomPanFoldAndExport() throws Exception {
        openDemo();
        showTree();
        TreeViewport view = canvas().viewport();
        double scale = view.pxPerMs();

        // keys: + zooms in, 0 fits, arrows pan
        robot.clickOn(onLane("main"));
        robot.press(KeyCode.EQUALS).release(KeyCode.EQUALS);
        waitFor(() -> view.pxPerMs() > scale * 1.2);
        double left = view.time(0);
        robot.press(KeyCode.RIGHT).release(KeyCode.RIGHT);
        waitFor(() -> view.time(0) > left);
        robot.press(KeyCode.DIGIT0).release(KeyCode.DIGIT0);
        // fitted: the whole time range spans the width, less a margin at both ends
        waitFor(() -> Math.abs(view.x(tree().layout().start()) - 28) < 1
                && Math.abs(view.x(tree().layout().end()) - (view.width() - 28)) < 1);
        double fitted = view.pxPerMs();
        // the wheel zooms around the pointer; dragging pans
        Point2D at = onLane("production");
        double timeAtPointer = WaitForAsyncUtils.asyncFx(() -> view.time(canvas().screenToLocal(at).getX())).get();
        robot.moveTo(at).scroll(3, javafx.geometry.VerticalDirection.UP);
        waitFor(() -> view.pxPerMs() != fitted);
        // the time under the pointer stays under it
        assertEquals(timeAtPointer, WaitForAsyncUtils.asyncFx(() -> view.time(canvas().screenToLocal(at).getX())).get(), 60_000);
        double zoomed = view.pxPerMs();
        double before = view.time(0);
        robot.drag(at, MouseButton.PRIMARY).moveBy(120, 0).release(MouseButton.PRIMARY);
        waitFor(() -> view.time(0) < before);
        assertEquals(zoomed, view.pxPerMs());
        robot.press(KeyCode.DIGIT0).release(KeyCode.DIGIT0);

        // a click on a branch's node folds its subtree, another unfolds it
        Point2D staging = WaitForAsyncUtils.asyncFx(() -> {
            Point2D node = canvas().nodePosition(id("staging"));
            return canvas().localToScreen(node);
        }).get();
        robot.clickOn(staging);
        waitFor(() -> tree().layout().lane(id("dev/arjun")) == null);
        assertEquals(4, tree().layout().lane(id("staging")).hiddenDescendants());
        robot.clickOn(staging);
        waitFor(() -> tree().layout().lane(id("dev/arjun")) != null);

        // export: SVG text and a PNG of the whole picture; a missing folder is refused with a sentence
        Path out = Files.createDirectories(dataDir.resolve("exports"));
        BranchTreeView view2 = robot.lookup(".branch-tree").queryAs(BranchTreeView.class);
        WaitForAsyncUtils.asyncFx(() -> view2.exportTo(out.resolve("tree.svg"), TreeExport.Format.SVG)).get();
        waitFor(() -> Files.exists(out.resolve("tree.svg")));
        String svg = Files.readString(out.resolve("tree.svg"));
        assertTrue(svg.startsWith("<?xml") && svg.contains("<svg") && svg.contains(">dev/maria</text>")
                && svg.contains(">analytics-sandbox</text>") && svg.contains(">PROTECTED</text>"));
        waitFor(() -> robot.lookup("#activity-message").queryAs(Label.class).getText().equals("Saved the branch tree as tree.svg."));

        WaitForAsyncUtils.asyncFx(() -> view2.exportTo(out.resolve("tree"), TreeExport.Format.PNG)).get();
        waitFor(() -> robot.lookup("#activity-message").queryAs(Label.class).getText().equals("Saved the branch tree as tree.png."));
        BufferedImage png = ImageIO.read(out.resolve("tree.png").toFile());
        assertNotNull(png);
        int rows = tree().layout().rowCount();
        assertTrue(png.getWidth() >= TreeExport.MIN_WIDTH);
        assertEquals(Math.ceil(TreeViewport.AXIS_HEIGHT + rows * TreeViewport.ROW_HEIGHT + TreeViewport.ROW_HEIGHT / 2
                + TreeViewport.LEGEND_LINE + 4), png.getHeight());

        WaitForAsyncUtils.asyncFx(() -> view2.exportTo(out.resolve("missing").resolve("tree.svg"), TreeExport.Format.SVG)).get();
        waitFor(() -> robot.lookup("#activity-message").queryAs(Label.class).getText()
                .equals("The folder for \"tree.svg\" does not exist. Choose a folder that exists."));
        assertFalse(Files.exists(out.resolve("missing")));
    }

    private ContextMenu contextMenu() {
        return canvas().contextMenu();
    }

    private MenuItem item(String itemId) {
        return contextMenu().getItems().stream().filter(i -> itemId.equals(i.getId())).findFirst().orElseThrow();
    }

    /** The node of a branch when it is inside the lanes' area of the view, else null. */
    private Point2D visibleNode(String branchId) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Point2D p = canvas().nodePosition(branchId);
            TreeViewport v = canvas().viewport();
            return p != null && p.getY() >= v.lanesTop() && p.getY() <= v.lanesBottom() ? p : null;
        }).get();
    }

    private boolean focusIsIn(String query) {
        Node target = robot.lookup(query).query();
        for (Node n = stage.getScene().getFocusOwner(); n != null; n = n.getParent()) {
            if (n == target) {
                return true;
            }
        }
        return false;
    }

    private void snapshot(String fileName) throws Exception {
        window.snapshot(fileName, null);
    }
}
