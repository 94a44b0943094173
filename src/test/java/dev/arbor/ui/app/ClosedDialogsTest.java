package dev.arbor.ui.app;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.ui.create.CreateBranchViewModel;
import dev.arbor.ui.restore.RestoreWizardViewModel;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dialog that follows the project state while it is open (another client may take the name, delete the
 * branch) lets go of it when it closes: the state outlives every dialog, and must not keep closed ones alive.
 */
class ClosedDialogsTest {
    @TempDir
    Path dataDir;

    private PageOnEngine fixture;
    private BranchesPageViewModel page;

    @BeforeEach
    void open() {
        fixture = new PageOnEngine(dataDir);
        page = fixture.page;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aCancelledCreateDialogIsNotKeptByTheProjectState() throws InterruptedException {
        page.openCreate();
        WeakReference<CreateBranchViewModel> dialog = new WeakReference<>(page.createProperty().get());

        dialog.get().cancel();

        assertNull(page.createProperty().get());
        assertTrue(collected(dialog), "the project state still holds the closed Create dialog");
    }

    @Test
    void aCreateDialogThatCreatedItsBranchIsNotKeptByTheProjectState() throws InterruptedException {
        page.openCreate();
        CreateBranchViewModel open = page.createProperty().get();
        open.nameProperty().set("dev");
        open.create();
        WeakReference<CreateBranchViewModel> dialog = new WeakReference<>(open);
        open = null;

        assertNull(page.createProperty().get());
        assertTrue(fixture.page.state().branches().stream().anyMatch(b -> b.name().equals("dev")));
        assertTrue(collected(dialog), "the project state still holds the closed Create dialog");
    }

    @Test
    void aCancelledRestoreWizardIsNotKeptByTheProjectState() throws InterruptedException {
        fixture.backend.createBranch(CreateBranchSpec.named("dev"));
        page.openRestore(fixture.backend.getBranch("dev").id());
        WeakReference<RestoreWizardViewModel> wizard = new WeakReference<>(page.restoreProperty().get());

        wizard.get().cancel();

        assertNull(page.restoreProperty().get());
        assertTrue(collected(wizard), "the project state still holds the closed Restore wizard");
    }

    /** Asks for collections until {@code ref} is cleared, for a few seconds at most. */
    private static boolean collected(WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ref.get() == null;
    }
}
