package dev.arbor.ui.diff;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.domain.PointInTime;
import dev.arbor.ui.common.Formats;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.restore.PointPickerModel;
import java.time.Clock;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * One side of a Schema diff: a branch, and where in its history to read the schema — its head, or a time or an LSN
 * picked with the same picker and history-window checks as the Restore wizard's.
 */
public final class DiffSide {

    /** Where in the branch's history the schema is read. */
    public enum At {
        HEAD("Head"),
        TIME("Date and time"),
        LSN("LSN");

        private final String label;

        At(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final String role;
    private final PointPickerModel picker;
    private final ObjectProperty<Branch> branch = new SimpleObjectProperty<>(this, "branch");
    private final ObjectProperty<At> at = new SimpleObjectProperty<>(this, "at", At.HEAD);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private String goneName;

    DiffSide(String role, BranchBackend backend, UiExecutor executor, Clock clock) {
        this.role = Objects.requireNonNull(role);
        this.picker = new PointPickerModel(backend, executor, clock);
        branch.addListener((o, a, b) -> {
            goneName = null;
            loadWindow();
        });
        at.addListener((o, a, b) -> {
            if (b != null && b != At.HEAD) {
                picker.modeProperty().set(b == At.LSN ? PointPickerModel.Mode.LSN : PointPickerModel.Mode.TIMESTAMP);
            }
            loadWindow();
        });
        picker.problemProperty().addListener((o, a, b) -> check());
        picker.pointProperty().addListener((o, a, b) -> check());
        picker.resolvingProperty().addListener((o, a, b) -> check());
        check();
    }

    // Properties: inputs

    public ObjectProperty<Branch> branchProperty() {
        return branch;
    }

    public ObjectProperty<At> atProperty() {
        return at;
    }

    /** The time or LSN, when {@link #atProperty()} is not {@link At#HEAD}. */
    public PointPickerModel picker() {
        return picker;
    }

    // Properties: what the inputs lead to

    /** Why this side cannot be read yet, or null when it can. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The point to read at, or null while there is none acceptable. */
    public PointInTime point() {
        if (branch.get() == null || goneName != null) {
            return null;
        }
        if (at.get() == At.HEAD) {
            return PointInTime.HEAD;
        }
        return picker.ready() ? picker.pointProperty().get() : null;
    }

    /** The branch and point in words, for example {@code "dev" at its head} or {@code "dev" at LSN 0/1DE2850}. */
    String describe(PointInTime p) {
        String name = "\"" + branch.get().name() + "\"";
        return switch (p) {
            case PointInTime.Head h -> name + " at its head";
            case PointInTime.AtLsn l -> name + " at LSN " + l.lsn();
            case PointInTime.AtTimestamp t -> name + " at " + Formats.dateTimeMillis(t.timestamp(), picker.zone())
                    + (picker.utcProperty().get() ? " UTC" : "");
        };
    }

    // Commands

    /** Another client deleted the branch: this side says so until another branch is chosen. */
    void branchGone() {
        if (branch.get() != null && goneName == null) {
            goneName = branch.get().name();
            check();
        }
    }

    /** Stops loading the history window and resolving the point. */
    void stop() {
        picker.stop();
    }

    private void loadWindow() {
        if (at.get() != At.HEAD && branch.get() != null) {
            picker.load(branch.get());
        }
        check();
    }

    private void check() {
        if (branch.get() == null) {
            problem.set("Choose the " + role + " branch.");
        } else if (goneName != null) {
            problem.set("\"" + goneName + "\" no longer exists: another client deleted it. Choose another branch.");
        } else if (at.get() == At.HEAD) {
            problem.set(null);
        } else if (picker.problemProperty().get() != null) {
            problem.set(picker.problemProperty().get());
        } else if (picker.resolvingProperty().get()) {
            problem.set("Checking the point in the history of \"" + branch.get().name() + "\"…");
        } else {
            problem.set(picker.pointProperty().get() == null ? "Choose a point in the history of \""
                    + branch.get().name() + "\"." : null);
        }
    }
}
