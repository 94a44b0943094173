package dev.arbor.ui.app;

import static dev.arbor.ui.app.ConsoleWindow.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.DataDirs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * Stop waiting, driven as a person would in the real window: the dialog closes at once, the worker is
 * interrupted, the status says the change may still complete, and when the backend completes it anyway the
 * list shows it, without the page jumping to it.
 */
class StopWaitingFlowTest {
    private final List<ConsoleWindow> windows = new ArrayList<>();

    @TempDir
    Path home;
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

    @Test
    void stopWaitingClosesCreateAndTheBranchTheBackendStillMadeAppearsUnselected() throws Exception {
        ConsoleWindow w = new ConsoleWindow();
        windows.add(w);
        CountDownLatch answer = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        // a backend that carries on after the console stops waiting, as a server that accepted the request does
        w.wrap = real -> InterceptedBackend.over(real).when("createBranch", (b, args) -> {
            while (true) {
                try {
                    if (answer.await(30, TimeUnit.SECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            }
            return b.createBranch((CreateBranchSpec) args[0]);
        }).backend();
        w.open(dataDir);
        w.select("main");
        String main = w.page().selectedIdProperty().get();
        w.robot.clickOn("#create-branch");
        waitFor(() -> w.robot.lookup("#create-name").tryQuery().isPresent());
        w.robot.clickOn("#create-name").write("dev/slow");
        w.robot.clickOn("#create-submit");
        waitFor(() -> w.robot.lookup("#create-stop-waiting").tryQuery().map(Node::isVisible).orElse(false));

        w.robot.clickOn("#create-stop-waiting");

        waitFor(() -> w.page().createProperty().get() == null);
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the worker thread was interrupted");
        String said = w.robot.lookup("#activity-message").queryAs(Label.class).getText();
        assertTrue(said.startsWith("Stopped waiting: Creating \"dev/slow\".") && said.contains("may still complete"), said);

        answer.countDown();
        waitFor(() -> w.hasRow("dev/slow"));
        assertEquals(main, w.page().selectedIdProperty().get(), "no result arrived to select the new branch");
        assertTrue(w.page().state().branches().stream().map(Branch::name).anyMatch("dev/slow"::equals));
    }
}
