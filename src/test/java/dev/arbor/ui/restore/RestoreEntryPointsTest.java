package dev.arbor.ui.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.BranchPolicy.Action;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.actions.MenuEntry;
import dev.arbor.ui.app.BranchesPageViewModel;
import dev.arbor.ui.app.PageOnEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the Restore wizard opens from: the Actions menu and the page, preselected on the branch. */
class RestoreEntryPointsTest {
    @TempDir
    Path dataDir;

    private PageOnEngine fixture;
    private EmbeddedBackend backend;
    private BranchesPageViewModel page;

    @BeforeEach
    void open() {
        fixture = new PageOnEngine(dataDir);
        backend = fixture.backend;
        page = fixture.page;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void theActionsMenuOffersRestoreAndOpensTheWizardOnThatBranch() {
        String dev = backend.createBranch(CreateBranchSpec.named("dev")).branch().id();
        page.select(dev);
        MenuEntry restore = page.actions().entry(Action.RESTORE);
        assertNotNull(restore, "Restore is in the Actions menu");
        assertTrue(restore.allowed());
        assertEquals(1, page.actions().menuProperty().get().indexOf(restore), "right after Reset from parent");

        page.actions().open(Action.RESTORE);
        RestoreWizardViewModel wizard = page.restoreProperty().get();
        assertNotNull(wizard);
        assertEquals("dev", wizard.target().branchProperty().get().name());
        assertNull(page.actions().dialogProperty().get(), "the wizard is not one of the action dialogs");
        page.openRestore(null);
        assertEquals(wizard, page.restoreProperty().get(), "one wizard at a time");
        wizard.cancel();
        assertNull(page.restoreProperty().get());

        // closed, the wizard no longer follows the branch list
        backend.createBranch(CreateBranchSpec.named("late"));
        assertEquals(java.util.List.of("main", "dev"), wizard.target().matches().stream().map(b -> b.name()).toList());
        page.openRestore(null);
        assertTrue(page.restoreProperty().get().target().matches().stream().anyMatch(b -> b.name().equals("late")), "a new one does");
    }

    @Test
    void thePaletteOpensTheWizardOnTheSelectedBranchOrWithoutOne() {
        page.openPalette();
        page.paletteProperty().get().queryProperty().set("restore");
        assertEquals("Restore a branch…", page.paletteProperty().get().results().get(0).label());
        page.paletteProperty().get().chooseFirst();
        assertNull(page.restoreProperty().get().target().branchProperty().get(), "no branch selected, so the wizard asks for one");
        page.restoreProperty().get().cancel();

        String main = backend.getBranch("main").id();
        page.select(main);
        page.openPalette();
        page.paletteProperty().get().queryProperty().set("restore");
        assertEquals(1, page.paletteProperty().get().results().size(), "one Restore entry, not one per menu");
        page.paletteProperty().get().chooseFirst();
        assertEquals("main", page.restoreProperty().get().target().branchProperty().get().name());
    }
}
