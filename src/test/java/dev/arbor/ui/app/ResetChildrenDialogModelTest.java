package dev.arbor.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy.Action;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.actions.ResetChildrenDialogModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What seed 000's dialog lists about the branches below the one being reset, against a real engine. */
class ResetChildrenDialogModelTest {
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

    private Branch create(String name, String parentId) {
        return backend.createBranch(CreateBranchSpec.named(name).withParent(parentId)).branch();
    }

    private ResetChildrenDialogModel openResetOf(Branch b) {
        page.select(b.id());
        page.actions().open(Action.RESET_FROM_PARENT);
        return assertInstanceOf(ResetChildrenDialogModel.class, page.actions().dialogProperty().get());
    }

    @Test
    void everyBranchBelowGetsALineSayingWhoseChildItIs() {
        Branch staging = create("staging", null);
        Branch a = create("dev/a", staging.id());
        create("dev/b", staging.id());
        create("dev/c", staging.id());
        Branch a1 = create("dev/a-1", a.id());
        create("dev/a-1-x", a1.id());

        ResetChildrenDialogModel dialog = openResetOf(staging);

        assertEquals("5 branches below \"staging\"", dialog.childrenHeading());
        assertEquals(List.of("dev/a-1-x  (child of dev/a-1)", "dev/a-1  (child of dev/a)", "dev/a", "dev/b", "dev/c"),
                dialog.childLines());
    }

    @Test
    void aBranchBelowThatCannotBeDeletedSaysWhyOnItsLine() {
        Branch staging = create("staging", null);
        create("dev/a", staging.id());
        backend.createBranch(CreateBranchSpec.named("qa").withParent(staging.id()).protect());

        ResetChildrenDialogModel dialog = openResetOf(staging);

        assertEquals("2 branches below \"staging\"", dialog.childrenHeading());
        String qa = dialog.childLines().get(1);
        assertTrue(qa.startsWith("qa: ") && qa.contains("protected"), qa);
        assertEquals(qa.substring("qa: ".length()), dialog.deleteChildrenProblem());
    }

    @Test
    void oneChildIsCountedInTheSingular() {
        Branch staging = create("staging", null);
        create("dev/a", staging.id());

        assertEquals("1 branch below \"staging\"", openResetOf(staging).childrenHeading());
    }
}
