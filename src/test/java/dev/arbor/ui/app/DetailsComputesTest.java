package dev.arbor.ui.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Endpoint;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The details panel lists a branch's computes under their heading, beside the SQL editor's button, and an open Actions
 * menu stays open while the project changes in ways the panel does not show.
 */
class DetailsComputesTest {
    @TempDir
    Path dataDir;
    private ConsoleWindow window;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void open() throws Exception {
        window = new ConsoleWindow().open(dataDir);
    }

    @AfterEach
    void close() throws Exception {
        window.close();
    }

    @Test
    void everyComputeOfTheBranchIsListedUnderTheHeadingWithTheSqlEditorBeside() throws Exception {
        String mainId = window.backend.getBranch("main").id();
        List<String> computes = window.backend.listEndpoints(mainId).stream().map(Endpoint::id).toList();
        assertTrue(!computes.isEmpty(), "main has its read-write compute");
        window.select("main");
        List<String> shown = WaitForAsyncUtils.asyncFx(() -> window.robot.lookup("#branch-details .label")
                .queryAll().stream().map(n -> ((Label) n).getText()).toList()).get();
        for (String id : computes) {
            assertTrue(shown.contains(id), "the details show compute " + id + ": " + shown);
        }
        Node sql = window.robot.lookup("#details-sql").query();
        assertTrue(sql.isVisible(), "the SQL editor's button is on the Computes heading");
    }

    @Test
    void theActionsMenuStaysOpenWhileTheProjectRefreshesWithoutChangingTheBranch() throws Exception {
        window.select("main");
        ConsoleWindow.openActionsMenu(window.robot);
        javafx.scene.control.MenuButton menu = window.robot.lookup("#actions-menu").queryAs(javafx.scene.control.MenuButton.class);
        assertTrue(menu.isShowing());
        long before = window.page().state().versionProperty().get();
        WaitForAsyncUtils.asyncFx(() -> window.page().refresh()).get();
        ConsoleWindow.waitFor(() -> window.page().state().versionProperty().get() > before);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(menu.isShowing(), "a refresh that changes nothing shown leaves the menu open under the pointer");
        WaitForAsyncUtils.asyncFx(menu::hide).get();
    }
}
