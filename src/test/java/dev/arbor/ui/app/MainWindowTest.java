package dev.arbor.ui.app;

import dev.arbor.ui.connect.BackendSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.controls.Message;
import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.DataDirs;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.branches.BranchBadge;
import dev.arbor.ui.branches.BranchRow;
import dev.arbor.ui.common.FxUiExecutor;
import dev.arbor.ui.common.InMemorySettings;
import dev.arbor.testing.PgProjects;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The console window, headless, against real projects in temporary directories. */
class MainWindowTest {
    private final FxRobot robot = new FxRobot();
    private final FxUiExecutor executor = new FxUiExecutor();
    private ConsoleViewModel console;
    private Stage stage;
    private volatile BranchBackend opened;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startToolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeWindow() throws TimeoutException {
        System.clearProperty("arbor.home");
        if (console != null) {
            WaitForAsyncUtils.asyncFx(console::close);
            WaitForAsyncUtils.waitForFxEvents();
        }
        FxToolkit.cleanupStages();
        executor.close();
    }

    private void openWindow(BackendSource source) throws TimeoutException {
        stage = FxToolkit.setupStage(s -> {
            console = new ConsoleViewModel(source, executor, new InMemorySettings(), ZoneId.systemDefault(), new dev.arbor.cli.ConsoleProfiles());
            ArborApp.show(s, console);
            console.open();
        });
    }

    private BackendSource embedded(Path dir) {
        return new BackendSource() {
            @Override
            public String description() {
                return dir.toString();
            }

            @Override
            public BranchBackend open() {
                opened = EmbeddedBackend.open(PgProjects.prepare(dir), PgProjects.options());
                return opened;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private TableView<BranchRow> branchTable() {
        return robot.lookup("#branch-table").queryAs(TableView.class);
    }

    @Test
    void showsTheDemoProjectsBranchesAndRendersBothThemes() throws Exception {
        // the demo lives in the data home, so the header (and the screenshots) show "projects/demo"
        System.setProperty("arbor.home", dataDir.toString());
        Path demo = DataDirs.demoDataDir();
        PgProjects.demo(demo);
        openWindow(embedded(demo));

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#branch-table").tryQuery().isPresent() && !branchTable().getItems().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        List<BranchRow> rows = List.copyOf(branchTable().getItems());
        List<String> names = rows.stream().map(BranchRow::name).toList();
        assertTrue(names.contains("main"), () -> "the table lists main: " + names);
        assertTrue(rows.size() > 1, () -> "the demo project has more than one branch: " + names);
        BranchRow main = rows.stream().filter(r -> r.name().equals("main")).findFirst().orElseThrow();
        assertTrue(main.hasBadge(BranchBadge.Kind.DEFAULT));
        assertEquals("—", main.parent());
        assertTrue(robot.lookup(".badge-default").tryQuery().isPresent(), "the DEFAULT badge is on screen");
        assertEquals(rows.size() + " branches", robot.lookup("#status-line").queryAs(Label.class).getText());
        assertTrue(stage.getTitle().endsWith("— Arbor"));

        snapshot("first-window-light.png");
        robot.clickOn("#theme-toggle");
        robot.moveTo("#status-line");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(console.darkThemeProperty().get());
        snapshot("first-window-dark.png");
        robot.clickOn("#theme-toggle");
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aBranchCreatedWhileTheWindowIsOpenAppearsInTheTable() throws Exception {
        openWindow(embedded(dataDir));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#branch-table").tryQuery().isPresent() && branchTable().getItems().size() == 1);

        opened.createBranch(CreateBranchSpec.named("dev/alex"));

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> branchTable().getItems().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("main", "dev/alex"), branchTable().getItems().stream().map(BranchRow::name).toList());
        assertEquals("2 branches", robot.lookup("#status-line").queryAs(Label.class).getText());
    }

    @Test
    void saysWhyTheProjectCouldNotBeOpenedAndTriesAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String sentence = "The data directory " + dataDir + " is in use by another Arbor process. "
                + "Close that window, or open another directory with --data-dir.";
        openWindow(new BackendSource() {
            @Override
            public String description() {
                return dataDir.toString();
            }

            @Override
            public BranchBackend open() {
                attempts.incrementAndGet();
                throw ArborException.locked(sentence);
            }
        });

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#open-error").tryQuery().isPresent());
        Message message = robot.lookup("#open-error").queryAs(Message.class);
        assertEquals(sentence, message.getDescription());
        assertEquals("The project is not open.", robot.lookup("#status-line").queryAs(Label.class).getText());

        robot.clickOn("#retry-open");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> attempts.get() == 2
                && robot.lookup("#open-error").tryQuery().isPresent());
    }

    private void snapshot(String fileName) throws IOException, ExecutionException, InterruptedException {
        String dir = System.getProperty("arbor.screenshots");
        if (dir == null) {
            return;
        }
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get();
        BufferedImage png = SwingFXUtils.fromFXImage(image, null);
        Files.createDirectories(Path.of(dir));
        ImageIO.write(png, "png", Path.of(dir, fileName).toFile());
    }
}
