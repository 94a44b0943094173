package dev.arbor.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy.Action;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.remote.RemoteBackend;
import dev.arbor.ui.actions.ConfirmDialogModel;
import dev.arbor.ui.actions.MenuEntry;
import dev.arbor.ui.branches.BranchTableModel;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.SameThreadUiExecutor;
import dev.arbor.ui.project.ProjectState;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Neon tells about a branch, shown in the console: actions the server refuses ({@code restricted_actions})
 * are dimmed in the Actions menu with the server's reason, through the same {@code BranchPolicy} verdicts as
 * Arbor's rules; {@code restore_status} and {@code restored_from} appear in the details; and the delete
 * confirmation does not promise "permanently" where Neon may keep a deleted branch recoverable. The branches
 * come from a real engine, with Neon's facts added as a Neon server would send them.
 */
class NeonBranchFactsTest {
    private static final List<Branch.RestrictedAction> NEON_SAYS = List.of(
            new Branch.RestrictedAction("restore", "Restore is not available while the branch is being migrated"),
            new Branch.RestrictedAction("delete-rw-endpoint", "The read-write compute is managed by an integration."));

    @TempDir
    Path dataDir;

    private EmbeddedBackend engine;
    private BranchesPageViewModel page;

    @BeforeEach
    void open() {
        engine = EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options());
        engine.createBranch(CreateBranchSpec.named("dev"));
        engine.createBranch(CreateBranchSpec.named("feature"));
        BranchBackend restricting = InterceptedBackend.over(engine)
                .when("listBranches", (real, args) -> real.listBranches().stream().map(NeonBranchFactsTest::restrict).toList())
                .when("capabilities", (real, args) -> RemoteBackend.CAPABILITIES)
                .backend();
        SameThreadUiExecutor executor = new SameThreadUiExecutor();
        ProjectState state = new ProjectState(restricting, executor, Clock.system(ZoneOffset.UTC));
        page = new BranchesPageViewModel(restricting, executor, new Activity(executor), state, new BranchTableModel(state),
                () -> { }, () -> { });
        page.start();
    }

    @AfterEach
    void close() {
        page.close();
        engine.close();
    }

    private static Branch restrict(Branch b) {
        if (!b.name().equals("dev")) {
            return b;
        }
        return new Branch(b.id(), b.projectId(), b.name(), b.parentId(), b.parentLsn(), b.parentTimestamp(), b.isDefault(),
                b.isProtected(), b.currentState(), b.pendingState(), b.stateChangedAt(), b.logicalSize(), b.creationSource(),
                b.createdBy(), b.createdAt(), b.updatedAt(), b.expiresAt(), b.ttlIntervalSeconds(), b.lastResetAt(),
                b.initSource(), b.firstRoot(), b.backup(), b.deletionBlocked(), b.headLsn(), b.headTimestamp(), NEON_SAYS,
                "restored", "snap-3f9a1c", b.activeTimeSeconds());
    }

    @Test
    void actionsTheServerRestrictsAreDimmedWithItsReason() {
        page.select(engine.getBranch("dev").id());

        MenuEntry restore = page.actions().entry(Action.RESTORE);
        assertFalse(restore.allowed());
        assertEquals("The server does not allow restore on \"dev\" now: Restore is not available while the branch is"
                + " being migrated.", restore.whyNot());
        MenuEntry reset = page.actions().entry(Action.RESET_FROM_PARENT);
        assertFalse(reset.allowed(), "Neon resets by restoring from the parent");
        assertTrue(reset.whyNot().endsWith("being migrated."), reset.whyNot());
        MenuEntry delete = page.actions().entry(Action.DELETE);
        assertFalse(delete.allowed(), "deleting the branch would delete its read-write compute");
        assertTrue(delete.whyNot().endsWith("The read-write compute is managed by an integration."), delete.whyNot());
        assertTrue(page.actions().entry(Action.RENAME).allowed(), "what the server does not restrict stays offered");
    }

    @Test
    void theDetailsShowWhatTheBranchWasRestoredFrom() {
        page.select(engine.getBranch("dev").id());
        assertEquals("From snapshot snap-3f9a1c · restored, not finalized yet", page.details().factsProperty().get().restore());

        page.select(engine.getBranch("feature").id());
        assertNull(page.details().factsProperty().get().restore(), "nothing is shown where Neon sent nothing");
    }

    @Test
    void theDeleteConfirmationDoesNotPromisePermanentlyWhereNeonMayKeepTheBranch() {
        page.select(engine.getBranch("feature").id());
        page.actions().open(Action.DELETE);

        ConfirmDialogModel confirm = assertInstanceOf(ConfirmDialogModel.class, page.actions().dialogProperty().get());
        String said = String.join(" ", confirm.consequences());
        assertFalse(said.contains("permanently"), said);
        assertEquals(List.of("Deleting \"feature\" removes its databases, roles and computes.",
                "Where your Neon account has branch recovery, Neon keeps a deleted branch recoverable for a few days"
                        + " (7 by default; see Deleted branches in the Neon Console); otherwise the deletion cannot be"
                        + " undone."), confirm.consequences());
    }

    @Test
    void onArborsOwnEngineTheDeletionIsStillSaidToBeFinal() {
        try (PageOnEngine local = new PageOnEngine(dataDir.resolve("local"))) {
            local.backend.createBranch(CreateBranchSpec.named("feature"));
            local.page.select(local.backend.getBranch("feature").id());
            local.page.actions().open(Action.DELETE);

            ConfirmDialogModel confirm = assertInstanceOf(ConfirmDialogModel.class, local.page.actions().dialogProperty().get());
            assertEquals("This cannot be undone.", confirm.consequences().get(1));
        }
    }
}
