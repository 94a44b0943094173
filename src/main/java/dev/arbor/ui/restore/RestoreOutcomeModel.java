package dev.arbor.ui.restore;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.BranchResult;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The restore itself and its result: how it ended, links to the restored branch and its backup, and Undo,
 * which asks first and is offered only where the rules allow it.
 */
public final class RestoreOutcomeModel {

    private record FollowUp(Branch backup, String undoProblem) {
    }

    private record Undone(BranchResult result, BranchPolicy policy, Branch backup) {
    }

    private final BranchBackend backend;
    private final UiExecutor executor;
    private final Activity activity;
    private final Consumer<String> onShowBranch;
    private final Consumer<Branch> leaveFor;

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private UiExecutor.Task work = UiExecutor.Task.DONE;
    private UiExecutor.Task followUp = UiExecutor.Task.DONE;
    private final ReadOnlyObjectWrapper<UserError> failure = new ReadOnlyObjectWrapper<>(this, "failure");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<Branch> restored = new ReadOnlyObjectWrapper<>(this, "restored");
    private final ReadOnlyObjectWrapper<Branch> backup = new ReadOnlyObjectWrapper<>(this, "backup");
    private final ReadOnlyStringWrapper undoProblem = new ReadOnlyStringWrapper(this, "undoProblem");
    private final ReadOnlyBooleanWrapper undone = new ReadOnlyBooleanWrapper(this, "undone");
    private final ReadOnlyStringWrapper undoConfirmation = new ReadOnlyStringWrapper(this, "undoConfirmation");

    /**
     * @param onShowBranch shows a branch on the Branches page, the wizard staying open
     * @param leaveFor     closes the wizard and shows the branch
     */
    RestoreOutcomeModel(BranchBackend backend, UiExecutor executor, Activity activity, Consumer<String> onShowBranch,
                        Consumer<Branch> leaveFor) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.activity = Objects.requireNonNull(activity);
        this.onShowBranch = Objects.requireNonNull(onShowBranch);
        this.leaveFor = Objects.requireNonNull(leaveFor);
    }

    // Properties

    /** The restore or its undo is running. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Why the restore or the undo failed, as the backend said it. */
    public ReadOnlyObjectProperty<UserError> failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** How the restore (or its undo) ended, in words. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The restored branch, after the restore. */
    public ReadOnlyObjectProperty<Branch> restoredProperty() {
        return restored.getReadOnlyProperty();
    }

    /** The backup the restore created, or null. */
    public ReadOnlyObjectProperty<Branch> backupProperty() {
        return backup.getReadOnlyProperty();
    }

    /** Why Undo is not possible, or null when it is. */
    public ReadOnlyStringProperty undoProblemProperty() {
        return undoProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty undoneProperty() {
        return undone.getReadOnlyProperty();
    }

    /** The question asked before Undo runs, while it waits for an answer; null otherwise. */
    public ReadOnlyStringProperty undoConfirmationProperty() {
        return undoConfirmation.getReadOnlyProperty();
    }

    // Commands

    /**
     * Runs the restore. {@code recheck} is called once it is marked running and again when the backend
     * refuses (the wizard stays on the confirmation); {@code onRestored} once the restore has happened.
     */
    void restore(Branch t, Branch from, String pointText, RestoreSpec spec, Runnable recheck, Runnable onRestored) {
        String name = spec.preserveUnderName();
        String doing = "Restoring \"" + t.name() + "\"";
        String done = "Restored \"" + t.name() + "\" " + (from.id().equals(t.id()) ? "to its own history" : "from \""
                + from.name() + "\"") + " at " + pointText + "." + (name == null ? " No backup was kept."
                : " Its previous state is kept in \"" + name + "\".");
        running.set(true);
        failure.set(null);
        try {
            recheck.run();
            // only the restore itself runs here: once it returns, the restore has happened, whatever follows
            work = activity.run(doing, () -> backend.restore(t.id(), spec), (BranchResult r) -> {
                running.set(false);
                restored.set(r.branch());
                undoProblem.set(name == null ? "No backup was kept, so there is no earlier state to go back to."
                        : "Checking whether the restore can be undone…");
                message.set(done);
                onRestored.run();
                onShowBranch.accept(t.id());
                if (name != null) {
                    followUp(r.branch(), name);
                }
                return message.get();
            }, error -> {
                running.set(false);
                failure.set(error);
                recheck.run();
            });
        } catch (RuntimeException e) {
            running.set(false);
            failure.set(UserError.of(e, "Arbor could not start the restore of \"" + t.name() + "\"."));
            recheck.run();
        }
    }

    /** After the restore: reads the backup and whether Undo is allowed; a failure here only rules out Undo. */
    private void followUp(Branch t, String name) {
        followUp = executor.submit(() -> {
            Branch kept = backend.getBranch(name);
            return new FollowUp(kept, undoVerdict(t, kept));
        }, f -> {
            if (undone.get()) {
                return;
            }
            backup.set(f.backup());
            undoProblem.set(f.undoProblem());
        }, thrown -> undoProblem.set("The restore succeeded, but Arbor could not check afterwards whether it can be "
                + "undone, so Undo is not offered: " + UserError.of(thrown, "the backend did not answer.").sentence()
                + " The backup \"" + name + "\" keeps the state from before the restore."));
    }

    private String undoVerdict(Branch t, Branch kept) {
        if (kept == null) {
            return "No backup was kept, so there is no earlier state to go back to.";
        }
        BranchPolicy policy = BranchPolicy.of(backend.project(), backend.listBranches());
        // from the parent's head the backend resets, with the reset's rules
        BranchPolicy.Verdict v = kept.id().equals(t.parentId()) ? policy.canReset(t, null)
                : policy.canRestore(t, kept, PointInTime.HEAD, null);
        return v.allowed() ? null : v.message();
    }

    /**
     * Undo: first asks (see {@link #undoConfirmationProperty()}), since it overwrites the branch again and
     * drops what was written after the restore; {@link #confirmUndo()} runs it, {@link #keepRestore()} does not.
     */
    public void undo() {
        if (!undoPossible()) {
            return;
        }
        Branch t = restored.get();
        undoConfirmation.set("Undo restores \"" + t.name() + "\" from \"" + backup.get().name() + "\", its state from "
                + "before the restore; changes made on \"" + t.name() + "\" since the restore are lost.");
    }

    /** The answer to Undo's question: no. */
    public void keepRestore() {
        undoConfirmation.set(null);
    }

    /** The answer to Undo's question: yes. Restores the target from its backup's latest data. */
    public void confirmUndo() {
        if (undoConfirmation.get() == null || !undoPossible()) {
            return;
        }
        undoConfirmation.set(null);
        Branch t = restored.get();
        Branch kept = backup.get();
        running.set(true);
        failure.set(null);
        work = activity.run("Undoing the restore of \"" + t.name() + "\"", () -> {
            BranchResult r = backend.restore(t.id(), new RestoreSpec(kept.id(), PointInTime.HEAD, null));
            try {
                List<Branch> all = backend.listBranches();
                return new Undone(r, BranchPolicy.of(backend.project(), all),
                        all.stream().filter(b -> b.id().equals(kept.id())).findFirst().orElse(null));
            } catch (RuntimeException e) {
                // the undo has happened; only what the outcome says about the backup is less precise
                return new Undone(r, null, null);
            }
        }, (Undone u) -> {
            running.set(false);
            undone.set(true);
            restored.set(u.result().branch());
            undoProblem.set("The restore has been undone.");
            message.set("Undone: \"" + t.name() + "\" has its data from before the restore again, read from \"" + kept.name()
                    + "\". " + backupAfterUndo(u.result().branch(), kept, u.policy(), u.backup()));
            onShowBranch.accept(t.id());
            return message.get();
        }, error -> {
            running.set(false);
            failure.set(error);
        });
    }

    /**
     * The wizard closed: stops waiting for the restore or undo under way (the status then says it may still
     * complete, and the list shows it if it does) and for the reads that follow a restore.
     */
    void stop() {
        work.cancel();
        followUp.cancel();
        running.set(false);
    }

    /** The result's link to the restored branch: shows it on the Branches page. */
    public void showRestored() {
        show(restored.get());
    }

    /** The result's link to the backup. */
    public void showBackup() {
        show(backup.get());
    }

    private void show(Branch b) {
        if (b != null) {
            leaveFor.accept(b);
        }
    }

    // a restored branch is set only once the restore has happened, when the wizard is on its result for good
    private boolean undoPossible() {
        return restored.get() != null && backup.get() != null && undoProblem.get() == null && !undone.get() && !running.get();
    }

    /** What becomes of the backup after Undo, by the rules for deleting it. */
    private static String backupAfterUndo(Branch t, Branch kept, BranchPolicy policy, Branch now) {
        String b = "\"" + kept.name() + "\"";
        if (kept.id().equals(t.parentId())) {
            return "The backup " + b + " stays as the parent of \"" + t.name() + "\" and keeps it as its child, so it "
                    + "cannot be deleted while it has children.";
        }
        if (policy == null || now == null) {
            return "The backup " + b + " stays.";
        }
        List<String> kids = policy.childrenOf(now.id()).stream().map(Branch::name).sorted().toList();
        if (!kids.isEmpty()) {
            return "The backup " + b + " stays and keeps the child " + (kids.size() == 1 ? "branch " : "branches ")
                    + String.join(", ", kids.stream().map(k -> "\"" + k + "\"").toList())
                    + " that moved to it, so it cannot be deleted while it has children.";
        }
        BranchPolicy.Verdict v = policy.canDelete(now);
        return v.allowed() ? "The backup " + b + " stays; delete it when you no longer need it."
                : "The backup " + b + " stays. " + v.message();
    }
}
