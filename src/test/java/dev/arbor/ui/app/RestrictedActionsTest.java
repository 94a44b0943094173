package dev.arbor.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy.Action;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.actions.MenuEntry;
import dev.arbor.ui.branches.BranchListViewModel;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.SameThreadUiExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Actions the server refuses for a branch ({@code restricted_actions}, as Neon sends them on a branch) are dimmed
 * in the Actions menu with the server's reason, through the same {@code BranchPolicy} verdicts as Arbor's rules.
 */
class RestrictedActionsTest {
    private static final List<Branch.RestrictedAction> NEON_SAYS = List.of(
            new Branch.RestrictedAction("restore", "Restore is not available while the branch is being migrated"),
            new Branch.RestrictedAction("delete-rw-endpoint", "The read-write compute is managed by an integration."));

    @TempDir
    Path dataDir;

    private EmbeddedBackend engine;
    private BranchesPageViewModel page;

    @BeforeEach
    void open() {
        engine = EmbeddedBackend.open(dataDir);
        engine.createBranch(CreateBranchSpec.named("dev"));
        BranchBackend restricting = InterceptedBackend.over(engine)
                .when("listBranches", (real, args) -> real.listBranches().stream().map(RestrictedActionsTest::restrict).toList())
                .backend();
        SameThreadUiExecutor executor = new SameThreadUiExecutor();
        BranchListViewModel list = new BranchListViewModel(restricting, executor, Clock.system(ZoneOffset.UTC));
        page = new BranchesPageViewModel(restricting, executor, new Activity(executor), list, () -> { }, () -> { });
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
                null, null);
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
}
