package dev.arbor.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.ui.actions.BulkDeleteDialogModel;
import dev.arbor.ui.actions.ConfirmDialogModel;
import dev.arbor.domain.BranchPolicy.Action;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.branches.BranchTableModel;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.SteppedUiExecutor;
import dev.arbor.ui.create.CreateBranchViewModel;
import dev.arbor.ui.project.ProjectState;
import dev.arbor.ui.restore.RestoreSourceModel.SourceKind;
import dev.arbor.ui.restore.RestoreWizardViewModel;
import dev.arbor.ui.restore.RestoreWizardViewModel.Step;
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
 * Closing a dialog while its work runs stops waiting for it: no result arrives afterwards, the status says a
 * change already sent may still complete, and the list shows what the backend really did.
 */
class CancelledWorkTest {
    @TempDir
    Path dataDir;

    private final SteppedUiExecutor executor = new SteppedUiExecutor();
    private EmbeddedBackend backend;
    private InterceptedBackend intercepted;
    private Activity activity;
    private BranchesPageViewModel page;

    @BeforeEach
    void open() {
        backend = EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options());
        intercepted = InterceptedBackend.over(backend);
        BranchBackend api = intercepted.backend();
        activity = new Activity(executor);
        ProjectState state = new ProjectState(api, executor, Clock.system(ZoneOffset.UTC));
        page = new BranchesPageViewModel(api, executor, activity, state, new BranchTableModel(state), () -> { }, () -> { });
        page.start();
        executor.runAll();
    }

    @AfterEach
    void close() {
        page.close();
        page.state().close();
        backend.close();
    }

    private CreateBranchViewModel createNamed(String name) {
        page.openCreate();
        CreateBranchViewModel create = page.createProperty().get();
        executor.runAll(); // the parent's history window
        create.nameProperty().set(name);
        create.create();
        assertTrue(create.creatingProperty().get());
        return create;
    }

    @Test
    void cancellingCreateBeforeItRunsClosesTheDialogAndCreatesNothing() {
        String before = page.selectedIdProperty().get();
        CreateBranchViewModel create = createNamed("feature");

        create.cancel();

        assertNull(page.createProperty().get(), "the dialog closed");
        assertEquals(1, executor.cancelledCount());
        assertFalse(activity.busyProperty().get());
        assertTrue(activity.messageProperty().get().contains("may still complete"), activity.messageProperty().get());
        executor.runAll();
        assertNull(page.state().branches().stream().filter(b -> b.name().equals("feature")).findFirst().orElse(null));
        assertEquals(before, page.selectedIdProperty().get());
    }

    @Test
    void cancellingCreateOnceSentDropsItsResultAndTheListStillShowsTheNewBranch() {
        String before = page.selectedIdProperty().get();
        CreateBranchViewModel create = createNamed("feature");
        Runnable result = executor.runNextWorkHoldingResult(); // the backend has made the branch

        create.cancel();
        result.run();
        executor.runAll();

        assertNull(page.createProperty().get());
        Branch made = page.state().branches().stream().filter(b -> b.name().equals("feature")).findFirst().orElse(null);
        assertNotNull(made, "the live update shows the branch the backend made");
        assertEquals(before, page.selectedIdProperty().get(), "no result arrived to select it");
        assertNotEquals(null, activity.messageProperty().get());
        assertTrue(activity.messageProperty().get().startsWith("Stopped waiting: Creating \"feature\""),
                activity.messageProperty().get());
        assertFalse(activity.busyProperty().get());
    }

    @Test
    void aCreateThatFinishesBeforeCancelIsSelectedAndCancelHasNothingToStop() {
        CreateBranchViewModel create = createNamed("feature");
        executor.runAll();

        assertNull(page.createProperty().get(), "a finished create closes its dialog");
        create.cancel();

        assertEquals(0, executor.cancelledCount());
        Branch made = page.state().branches().stream().filter(b -> b.name().equals("feature")).findFirst().orElseThrow();
        assertEquals(made.id(), page.selectedIdProperty().get());
        assertTrue(activity.messageProperty().get().startsWith("Created \"feature\""), activity.messageProperty().get());
    }

    @Test
    void stoppingABulkDeleteAsksForNoFurtherDeletionAndTheListShowsWhatWasDeleted() {
        Branch a = backend.createBranch(CreateBranchSpec.named("a")).branch();
        Branch b = backend.createBranch(CreateBranchSpec.named("b")).branch();
        Branch c = backend.createBranch(CreateBranchSpec.named("c")).branch();
        executor.runAll();
        page.setSelection(List.of(a.id(), b.id(), c.id()), a.id());
        page.deleteSelected();
        BulkDeleteDialogModel bulk = (BulkDeleteDialogModel) page.actions().dialogProperty().get();
        List<String> asked = new java.util.ArrayList<>();
        // the person presses Stop while the first deletion is under way
        intercepted.when("deleteBranch", (real, args) -> {
            asked.add((String) args[0]);
            Object done = real.deleteBranch((String) args[0]);
            bulk.cancel();
            return done;
        });

        bulk.confirm();
        executor.runAll();

        assertEquals(1, asked.size(), "no deletion is asked for after Stop");
        assertNull(page.actions().dialogProperty().get(), "the dialog closed");
        assertFalse(activity.busyProperty().get());
        assertTrue(activity.messageProperty().get().startsWith("Stopped waiting: Deleting 3 branches."),
                activity.messageProperty().get());
        assertEquals(2, page.state().branches().stream().filter(x -> List.of("a", "b", "c").contains(x.name())).count(),
                "the list shows the one deletion that was made");
    }

    /** Opens the Restore wizard on "dev" from "other"'s head and walks it to the confirmation, running all work. */
    private RestoreWizardViewModel restoreDevFromOther(boolean waitForPreview) {
        Branch dev = backend.createBranch(CreateBranchSpec.named("dev")).branch();
        Branch other = backend.createBranch(CreateBranchSpec.named("other")).branch();
        executor.runAll();
        page.openRestore(dev.id());
        RestoreWizardViewModel w = page.restoreProperty().get();
        executor.runAll();
        w.next();
        w.source().kindProperty().set(SourceKind.OTHER_BRANCH);
        w.source().branchProperty().set(other);
        executor.runAll();
        w.next();
        assertEquals(Step.PREVIEW, w.stepProperty().get());
        if (waitForPreview) {
            executor.runAll();
            w.next();
            assertEquals(Step.CONFIRM, w.stepProperty().get());
        }
        return w;
    }

    @Test
    void closingTheRestoreWizardWhileThePreviewLoadsStopsTheLoad() {
        RestoreWizardViewModel w = restoreDevFromOther(false);
        assertTrue(w.preview().loadingProperty().get());

        w.cancel();
        executor.runAll();

        assertNull(page.restoreProperty().get());
        assertEquals(2, executor.cancelledCount(), "the preview's reads, and the SQL tab's listing of the source's"
                + " databases, are interrupted");
        assertFalse(w.preview().loadingProperty().get());
        assertTrue(w.preview().tables().isEmpty(), "nothing arrived after the wizard closed");
    }

    @Test
    void closingTheRestoreWizardWhileItRestoresStopsWaitingAndSaysTheRestoreMayStillComplete() {
        RestoreWizardViewModel w = restoreDevFromOther(true);
        String selected = page.selectedIdProperty().get();
        w.restore();
        assertTrue(w.outcome().runningProperty().get());
        Runnable result = executor.runNextWorkHoldingResult(); // the backend has restored

        w.cancel();
        result.run();
        executor.runAll();

        assertNull(page.restoreProperty().get(), "Cancel closes the wizard during the restore");
        assertEquals(1, executor.cancelledCount());
        assertFalse(w.outcome().runningProperty().get());
        assertNull(w.outcome().restoredProperty().get(), "no result arrived after the wizard closed");
        assertEquals(selected, page.selectedIdProperty().get(), "the page did not jump to the restored branch");
        assertTrue(activity.messageProperty().get().startsWith("Stopped waiting: Restoring \"dev\"."),
                activity.messageProperty().get());
        assertFalse(activity.busyProperty().get());
    }

    @Test
    void aConfirmedDeletionCanBeStoppedFromTheStatusLineAndTheListShowsWhatTheBackendDid() {
        Branch dev = backend.createBranch(CreateBranchSpec.named("dev")).branch();
        executor.runAll();
        page.select(dev.id());
        executor.runAll(); // what selecting loads
        page.actions().open(Action.DELETE);
        ((ConfirmDialogModel) page.actions().dialogProperty().get()).confirm();
        assertTrue(activity.stoppableProperty().get(), "the dialog has closed: the status line offers to stop");
        Runnable result = executor.runNextWorkHoldingResult(); // the backend has deleted it

        activity.stopWaiting();
        result.run();
        executor.runAll();

        assertFalse(activity.stoppableProperty().get());
        assertFalse(activity.busyProperty().get());
        assertEquals(1, executor.cancelledCount());
        assertTrue(activity.messageProperty().get().startsWith("Stopped waiting: Deleting \"dev\"."),
                activity.messageProperty().get());
        assertTrue(page.state().branches().stream().noneMatch(b -> b.name().equals("dev")),
                "the live update shows the deletion the backend made");
    }

    @Test
    void workThatEndedIsNoLongerOfferedToStop() {
        Branch dev = backend.createBranch(CreateBranchSpec.named("dev")).branch();
        executor.runAll();
        page.select(dev.id());
        executor.runAll(); // what selecting loads
        page.actions().open(Action.DELETE);
        ((ConfirmDialogModel) page.actions().dialogProperty().get()).confirm();
        executor.runAll();

        assertFalse(activity.stoppableProperty().get());
        activity.stopWaiting();
        assertEquals(0, executor.cancelledCount());
        assertEquals("Deleted \"dev\".", activity.messageProperty().get());
    }
}
