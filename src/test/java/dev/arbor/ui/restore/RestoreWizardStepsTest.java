package dev.arbor.ui.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.ui.app.PageOnEngine;
import java.nio.file.Path;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.Scene;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The wizard's step bar shows the steps by their look, and says in words which one the person is on. */
class RestoreWizardStepsTest {
    @TempDir
    Path dataDir;
    private PageOnEngine fixture;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> fixture.close()).get();
    }

    @Test
    void theStepBarSaysWhichStepOfHowManyToAScreenReader() throws Exception {
        Node bar = WaitForAsyncUtils.asyncFx(() -> {
            fixture = new PageOnEngine(dataDir);
            fixture.backend.createBranch(CreateBranchSpec.named("dev"));
            fixture.page.openRestore(null);
            RestoreWizard wizard = new RestoreWizard(fixture.page.restoreProperty().get());
            new Scene(wizard);
            return wizard.lookup("#restore-steps");
        }).get();
        assertEquals(AccessibleRole.TEXT, bar.getAccessibleRole());
        assertEquals("Step 1 of 6: Branch to restore", bar.getAccessibleText());

        String second = WaitForAsyncUtils.asyncFx(() -> {
            RestoreWizardViewModel w = fixture.page.restoreProperty().get();
            w.target().branchProperty().set(fixture.page.state().branch(fixture.backend.getBranch("dev").id()));
            w.next();
            return bar.getAccessibleText();
        }).get();
        assertEquals("Step 2 of 6: Source", second);
    }
}
