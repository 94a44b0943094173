package dev.arbor.ui.actions;

import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Seed 000: resetting a branch that has children is blocked, and the dialog that says so lists the
 * children and lets the person delete them and continue with the reset. Arbor also offers the other
 * way the rules allow: keep the current state as a backup branch, which the children move to.
 */
public final class ResetChildrenDialogModel implements ActionDialog {
    private final Branch branch;
    private final Branch parent;
    private final BranchPolicy policy;
    private final DeletePlan childDeletion;
    private final Runnable onDeleteChildrenAndReset;
    private final Consumer<String> onKeepBackupAndReset;
    private final Runnable onCancel;
    private final StringProperty backupName = new SimpleStringProperty(this, "backupName");
    private final ReadOnlyStringWrapper backupProblem = new ReadOnlyStringWrapper(this, "backupProblem");

    ResetChildrenDialogModel(Branch branch, Branch parent, BranchPolicy policy, DeletePlan childDeletion,
                             String suggestedBackupName, Runnable onDeleteChildrenAndReset,
                             Consumer<String> onKeepBackupAndReset, Runnable onCancel) {
        this.branch = branch;
        this.parent = parent;
        this.policy = policy;
        this.childDeletion = childDeletion;
        this.onDeleteChildrenAndReset = onDeleteChildrenAndReset;
        this.onKeepBackupAndReset = onKeepBackupAndReset;
        this.onCancel = onCancel;
        backupName.addListener((o, a, b) -> checkBackupName());
        backupName.set(suggestedBackupName);
    }

    @Override
    public String title() {
        return "\"" + branch.name() + "\" has child branches";
    }

    /** Why the reset cannot go ahead as it is: the rules' sentence. */
    public String blockedBecause() {
        return policy.canReset(branch, null).message();
    }

    /** What a reset does, in plain words. */
    public List<String> consequences() {
        return BranchActionsViewModel.resetConsequences(branch, parent);
    }

    /** Every branch below this one, in the order they would be deleted. */
    public List<Branch> children() {
        return java.util.stream.Stream.concat(childDeletion.deletions().stream(),
                childDeletion.skipped().stream().map(DeletePlan.Skip::branch)).toList();
    }

    /** How many branches are below this one, for the heading over the list: "3 branches below "staging"". */
    public String childrenHeading() {
        int n = children().size();
        return (n == 1 ? "1 branch" : n + " branches") + " below \"" + branch.name() + "\"";
    }

    /**
     * One line per branch below this one, every one of them: its name, whose child it is when that is not this
     * branch, and why it cannot be deleted when the rules refuse it.
     */
    public List<String> childLines() {
        java.util.Map<String, String> names = new java.util.HashMap<>();
        children().forEach(b -> names.put(b.id(), b.name()));
        java.util.Map<String, String> refused = new java.util.HashMap<>();
        childDeletion.skipped().forEach(s -> refused.put(s.branch().id(), s.reason()));
        return children().stream().map(b -> {
            String line = b.name();
            if (!branch.id().equals(b.parentId()) && names.containsKey(b.parentId())) {
                line += "  (child of " + names.get(b.parentId()) + ")";
            }
            String reason = refused.get(b.id());
            return reason == null ? line : line + ": " + reason;
        }).toList();
    }

    /** Null when the children can all be deleted; otherwise the rules' sentence for the first one that cannot. */
    public String deleteChildrenProblem() {
        return childDeletion.skipped().isEmpty() ? null : childDeletion.skipped().get(0).reason();
    }

    public StringProperty backupNameProperty() {
        return backupName;
    }

    public ReadOnlyStringProperty backupProblemProperty() {
        return backupProblem.getReadOnlyProperty();
    }

    public void deleteChildrenAndReset() {
        if (deleteChildrenProblem() == null) {
            onDeleteChildrenAndReset.run();
        }
    }

    public void keepBackupAndReset() {
        checkBackupName();
        if (backupProblem.get() == null) {
            onKeepBackupAndReset.accept(backupName.get());
        }
    }

    @Override
    public void cancel() {
        onCancel.run();
    }

    private void checkBackupName() {
        var verdict = policy.canReset(branch, backupName.get() == null || backupName.get().isBlank() ? "" : backupName.get());
        backupProblem.set(verdict.allowed() ? null : verdict.message());
    }
}
