package dev.arbor.ui.actions;

import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** Rename: the new name, checked against the rules as it is typed. */
public final class RenameDialogModel implements ActionDialog {
    private final Branch branch;
    private final BranchPolicy policy;
    private final Consumer<String> onRename;
    private final Runnable onCancel;
    private final StringProperty name = new SimpleStringProperty(this, "name");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");

    RenameDialogModel(Branch branch, BranchPolicy policy, Consumer<String> onRename, Runnable onCancel) {
        this.branch = branch;
        this.policy = policy;
        this.onRename = onRename;
        this.onCancel = onCancel;
        name.addListener((o, a, b) -> check());
        name.set(branch.name());
    }

    @Override
    public String title() {
        return "Rename \"" + branch.name() + "\"";
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** Why the name cannot be used, or null when it can (or is unchanged). */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public boolean canSave() {
        return problem.get() == null && !branch.name().equals(name.get());
    }

    public void save() {
        if (canSave()) {
            onRename.accept(name.get());
        }
    }

    @Override
    public void cancel() {
        onCancel.run();
    }

    private void check() {
        var verdict = policy.nameAvailable(name.get(), branch.id());
        problem.set(verdict.allowed() ? null : verdict.message());
    }
}
