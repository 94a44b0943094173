package dev.arbor.ui.app;

import static dev.arbor.ui.app.ConsoleWindow.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.DataDirs;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.testing.PgProjects;
import dev.arbor.ui.common.Dialogs;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Branches page in a real window follows its models only while it is shown: taken out of the window it neither
 * shows a newly selected branch nor opens the dialogs its models open, and back in, it shows where they are now. A
 * page that went away is not kept alive by the models it followed.
 */
class PageLifecycleTest {
    @TempDir
    Path home;
    private ConsoleWindow window;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void openAWindow() throws Exception {
        System.setProperty("arbor.home", home.toString());
        Path dataDir = DataDirs.defaultDataDir();
        try (EmbeddedBackend seed = EmbeddedBackend.open(PgProjects.prepare(dataDir))) {
            seed.createBranch(CreateBranchSpec.named("alpha"));
        }
        window = new ConsoleWindow().open(dataDir);
    }

    @AfterEach
    void closeTheWindow() throws Exception {
        window.close();
        System.clearProperty("arbor.home");
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get();
    }

    private Node page() {
        return window.robot.lookup("#branches-split").query().getParent();
    }

    private Dialogs dialogs() {
        return ((MainWindow) window.stage.getScene().getRoot()).dialogs();
    }

    private static String shownName(Node page) {
        Node name = page.lookup("#details-name");
        return name == null ? null : ((Label) name).getText();
    }

    @Test
    void aPageTakenOutOfTheWindowIgnoresItsModelsUntilItIsBack() throws Exception {
        Node page = page();
        Pane content = (Pane) page.getParent();
        window.select("main");
        assertEquals("main", shownName(page));

        fx(() -> content.getChildren().remove(page));
        window.select("alpha");
        fx(() -> {
            window.page().openCreate();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals("main", shownName(page), "a page out of the window does not follow the selection");
        assertFalse(dialogs().isShowing(), "a page out of the window opens no dialog");

        fx(() -> content.getChildren().add(page));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("alpha", shownName(page), "back in the window, it shows the branch selected meanwhile");
        assertTrue(dialogs().isShowing(), "and the dialog its model opened");
        assertNotNull(window.robot.lookup("#create-dialog").tryQuery().orElse(null));
    }

    @Test
    void aPageThatWentAwayIsNotKeptAliveByItsModels() throws Exception {
        BranchesPageViewModel model = window.page();
        WeakReference<Node> gone = fx(() -> {
            Node page = page();
            ((Pane) page.getParent()).getChildren().remove(page);
            return new WeakReference<>(page);
        });
        // the models live on: the table's selection, the details, the tree and the actions still follow the project
        window.backend.createBranch(CreateBranchSpec.named("beta"));
        waitFor(() -> model.state().branch(window.backend.getBranch("beta").id()) != null);

        for (int i = 0; i < 50 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertEquals(null, gone.get(), "the page's models still hold the page");
        assertNotNull(model.list());
    }
}
