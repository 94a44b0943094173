package dev.arbor.ui.app;

import dev.arbor.ui.connect.BackendSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.engine.DataDirs;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.restore.RestoreWizardViewModel;
import dev.arbor.ui.restore.RestoreWizardViewModel.Step;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The status line belongs to the open project: switching to another one leaves nothing of the last one's work. */
class SwitchProjectStatusTest {
    private final ConsoleWindow window = new ConsoleWindow();

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeWindow() throws Exception {
        window.close();
    }

    @Test
    void afterSwitchingProjectTheStatusLineNoLongerReportsTheLastProjectsRestore() throws Exception {
        Path demo = dataDir.resolve("demo");
        Path other = dataDir.resolve("other");
        PgProjects.demo(demo);
        window.open(demo);
        restoreWithTheWizard("dev/arjun");
        ConsoleWindow.waitFor(() -> message().startsWith("Restored \"dev/arjun\""));
        assertTrue(window.robot.lookup("#activity-message").query().isVisible());

        WaitForAsyncUtils.asyncFx(() -> window.console.switchTo(source(other))).get();
        ConsoleWindow.waitFor(() -> window.console.phaseProperty().get() == ConsoleViewModel.Phase.READY
                && window.robot.lookup("#branch-table").tryQuery().isPresent()
                && window.hasRow("main") && !window.hasRow("dev/arjun"));

        assertEquals("", message(), "the other project's status line says nothing of dev/arjun's restore");
        assertEquals("1 branch", text("#status-line"), "the status line speaks of the project now open");
        assertFalse(window.console.activity().busyProperty().get());
        assertEquals(null, window.console.activity().failureProperty().get());
        assertFalse(visible("#failure-details"), "no failure of the last project offers its details");
    }

    /** Walks the Restore wizard as a person would, taking its suggested source and backup, at the source's head. */
    private void restoreWithTheWizard(String target) throws Exception {
        String id = window.backend.getBranch(target).id();
        WaitForAsyncUtils.asyncFx(() -> window.page().openRestore(id)).get();
        RestoreWizardViewModel wizard = window.page().restoreProperty().get();
        for (int i = 0; i < 10 && wizard.stepProperty().get() != Step.CONFIRM; i++) {
            ConsoleWindow.waitFor(() -> wizard.canNextProperty().get());
            WaitForAsyncUtils.asyncFx(() -> {
                if (wizard.stepProperty().get() == Step.SOURCE) {
                    wizard.source().fromHeadProperty().set(true);
                }
                wizard.next();
            }).get();
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertEquals(Step.CONFIRM, wizard.stepProperty().get(), () -> String.valueOf(wizard.stepProblemProperty().get()));
        WaitForAsyncUtils.asyncFx(wizard::primary).get();
        ConsoleWindow.waitFor(() -> wizard.stepProperty().get() == Step.RESULT);
        WaitForAsyncUtils.asyncFx(wizard::primary).get();
    }

    private static BackendSource source(Path dir) {
        return new BackendSource() {
            @Override
            public String description() {
                return DataDirs.display(dir);
            }

            @Override
            public BranchBackend open() {
                return EmbeddedBackend.open(PgProjects.prepare(dir), PgProjects.options());
            }
        };
    }

    private String message() throws Exception {
        return text("#activity-message");
    }

    private String text(String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> window.robot.lookup(query).queryAs(Label.class).getText()).get();
    }

    private boolean visible(String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> window.robot.lookup(query).query().isVisible()).get();
    }
}
