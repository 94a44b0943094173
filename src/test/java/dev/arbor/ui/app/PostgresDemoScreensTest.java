package dev.arbor.ui.app;

import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.arbor.engine.DataDirs;
import dev.arbor.engine.PostgresDemoFixture;
import dev.arbor.ui.restore.QuickChoice;
import dev.arbor.ui.restore.RestoreWizardViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console on the demo as the app makes it, on real Postgres: a history of seconds rather than hours. The
 * Branches page, the tree and the Restore wizard's point step are drawn for it and written as screenshots.
 */
class PostgresDemoScreensTest {
    private final ConsoleWindow window = new ConsoleWindow().onPostgres();
    private final FxRobot robot = window.robot;
    private Path home;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void openDemo() throws Exception {
        home = PostgresDemoFixture.reachable(Files.createTempDirectory("arbor-pg-screens"));
        System.setProperty("arbor.home", home.toString());
        Path demo = DataDirs.demoDataDir();
        Files.createDirectories(demo.getParent());
        PostgresDemoFixture.copyInto(demo);
        window.open(demo);
    }

    @AfterEach
    void closeWindow() throws Exception {
        System.clearProperty("arbor.home");
        window.close();
        try (var all = Files.walk(home)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theShortHistoryOfThePostgresDemoIsDrawnToFit() throws Exception {
        window.select("dev/maria");
        window.snapshot("pg-demo-branches-light.png", null);

        robot.clickOn("#branch-table");
        robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL);
        waitFor(() -> robot.lookup("#branch-tree").tryQuery().map(Node::getScene).isPresent()
                && window.page().tree().layout().rowCount() > 0);
        window.snapshot("pg-demo-tree-light.png", null);
        robot.clickOn("#show-table-tree");

        window.select("dev/maria");
        ConsoleWindow.chooseAction(robot, "#action-restore");
        waitFor(() -> window.page().restoreProperty().get() != null && robot.lookup("#restore-wizard").tryQuery().isPresent());
        RestoreWizardViewModel wizard = window.page().restoreProperty().get();
        robot.clickOn("#restore-next");
        waitFor(() -> wizard.stepProperty().get() == RestoreWizardViewModel.Step.SOURCE);
        robot.clickOn("#restore-next");
        waitFor(() -> wizard.stepProperty().get() == RestoreWizardViewModel.Step.POINT
                && wizard.picker().windowProperty().get() != null);
        window.snapshot("pg-demo-restore-point-light.png", null);
        assertTrue(wizard.picker().quickChoices().stream()
                .filter(c -> !c.id().equals("before-reset") && !c.id().equals("creation"))
                .anyMatch(QuickChoice::allowed), "a moment back from now that the short history holds is offered");
    }
}
