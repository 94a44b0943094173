package dev.arbor.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.ui.diff.SchemaDiffModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the Schema diff opens from: the details panel's Compare to parent and the palette's Compare schemas. */
class SchemaDiffEntryPointsTest {
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
    void compareToParentComparesTheParentsHeadWithTheBranchsHeadAtOnce() {
        Branch main = fixture.backend.getBranch("main");
        Branch dev = fixture.backend.createBranch(CreateBranchSpec.named("dev")).branch();

        page.compareToParent(dev.id());

        SchemaDiffModel diff = page.schemaDiffProperty().get();
        assertEquals(main.id(), diff.base().branchProperty().get().id());
        assertEquals(dev.id(), diff.compared().branchProperty().get().id());
        assertTrue(diff.resultProperty().get().same(), "a new branch has its parent's schema");
        diff.close();
        assertNull(page.schemaDiffProperty().get());
    }

    @Test
    void thePalettesCompareSchemasOpensItOnTheSelectedBranch() {
        Branch dev = fixture.backend.createBranch(CreateBranchSpec.named("dev")).branch();
        page.select(dev.id());
        page.openPalette();
        page.paletteProperty().get().queryProperty().set("compare schemas");

        page.paletteProperty().get().chooseFirst();

        SchemaDiffModel diff = page.schemaDiffProperty().get();
        assertEquals("dev", diff.compared().branchProperty().get().name());
        assertEquals("main", diff.base().branchProperty().get().name());
    }

    @Test
    void closingThePageStopsTheSchemaDiff() {
        page.compareToParent(fixture.backend.getBranch("main").id());
        assertEquals("Choose the base branch.", page.schemaDiffProperty().get().problemProperty().get(),
                "a root has no parent: the person picks the base");

        page.close();

        assertNull(page.schemaDiffProperty().get());
    }
}
