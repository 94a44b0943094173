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
import dev.arbor.engine.DemoProject;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.branches.BranchRow;
import dev.arbor.ui.common.FxUiExecutor;
import dev.arbor.ui.common.InMemorySettings;
import dev.arbor.ui.tree.BranchTreeCanvas;
import dev.arbor.ui.tree.BranchTreeView;
import dev.arbor.ui.tree.BranchTreeViewModel;
import dev.arbor.ui.tree.TreeExport;
import dev.arbor.ui.tree.TreeViewport;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
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
    private final FxRobot robot = new FxRobot();
    private final FxUiExecutor executor = new FxUiExecutor();
    private final InMemorySettings settings = new InMemorySettings();
    private ConsoleViewModel console;
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
        if (console != null) {
            WaitForAsyncUtils.asyncFx(console::close).get();
        }
        if (console != null && console.darkThemeProperty().get()) {
            WaitForAsyncUtils.asyncFx(console::toggleTheme).get();
        }
        FxToolkit.cleanupStages();
        executor.close();
    }

    /** Opens the demo project in the data home, so the header (and the screenshots) show a stable path. */
    private void openDemo() throws Exception {
        System.setProperty("arbor.home", dataDir.toString());
        Path demo = DataDirs.demoDataDir();
        DemoProject.seedIfEmpty(demo);
        BackendSource source = new BackendSource() {
            @Override
            public String description() {
                return DataDirs.display(demo);
            }

            @Override
            public BranchBackend open() {
                opened = EmbeddedBackend.open(demo);
                return opened;
            }
        };
        settings.setWindowSize(new dev.arbor.ui.common.Settings.WindowSize(1500, 860));
        settings.setDetailsDivider(0.74);
        stage = FxToolkit.setupStage(s -> {
            console = new ConsoleViewModel(source, executor, settings, ZoneId.of("UTC"), new dev.arbor.cli.ConsoleProfiles());
            ArborApp.show(s, console);
            console.open();
        });
        waitFor(() -> robot.lookup("#branch-table").tryQuery().isPresent() && !table().getItems().isEmpty());
    }

    private void showTree() throws Exception {
        robot.clickOn("#branch-table");
        robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL);
        waitFor(() -> robot.lookup("#branch-tree").tryQuery().map(Node::getScene).isPresent()
                && tree().layout().rowCount() > 0 && tree().layout().lane(id("dev/maria")) != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private TableView<BranchRow> table() {
        return robot.lookup("#branch-table").queryAs(TableView.class);
    }

    private BranchesPageViewModel page() {
        return console.pageProperty().get();
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
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
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
        assertTrue(robot.lookup("#tree-card-data-size").queryAs(Label.class).getText().endsWith(" KB"));
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

    private void snapshot(String fileName) throws Exception {
        String dir = System.getProperty("arbor.screenshots");
        if (dir == null) {
            return;
        }
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get();
        BufferedImage png = SwingFXUtils.fromFXImage(image, null);
        Files.createDirectories(Path.of(dir));
        ImageIO.write(png, "png", Path.of(dir, fileName).toFile());
    }
}
