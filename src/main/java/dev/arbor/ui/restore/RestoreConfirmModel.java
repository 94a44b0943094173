package dev.arbor.ui.restore;

import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.ui.project.ProjectState;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The wizard's last step before the restore: the backup that keeps the target's current state, the
 * rules' verdict on it, and the confirmation in plain words ({@link RestoreSummary}).
 */
public final class RestoreConfirmModel {
    private final ProjectState state;
    private final RestoreTargetModel target;
    private final RestoreSourceModel source;
    private final ChosenPoint point;

    private final StringProperty backupName = new SimpleStringProperty(this, "backupName", "");
    private final ReadOnlyStringWrapper backupProblem = new ReadOnlyStringWrapper(this, "backupProblem");
    private final ReadOnlyBooleanWrapper backupRequired = new ReadOnlyBooleanWrapper(this, "backupRequired");
    private final ObservableList<String> summary = FXCollections.observableArrayList();
    private final ObservableList<String> summaryView = FXCollections.unmodifiableObservableList(summary);

    RestoreConfirmModel(ProjectState state, RestoreTargetModel target, RestoreSourceModel source, ChosenPoint point) {
        this.state = Objects.requireNonNull(state);
        this.target = Objects.requireNonNull(target);
        this.source = Objects.requireNonNull(source);
        this.point = Objects.requireNonNull(point);
    }

    // Properties

    /** The name of the backup branch that keeps the target's current state; empty for none where allowed. */
    public StringProperty backupNameProperty() {
        return backupName;
    }

    /** Why the rules refuse this restore with this backup name, or null. */
    public ReadOnlyStringProperty backupProblemProperty() {
        return backupProblem.getReadOnlyProperty();
    }

    /** The rules need a backup for this restore (own history, or a target with children). */
    public ReadOnlyBooleanProperty backupRequiredProperty() {
        return backupRequired.getReadOnlyProperty();
    }

    /** The confirmation in plain words, one consequence a line. */
    public ObservableList<String> summary() {
        return summaryView;
    }

    // What the wizard asks of this step

    /** A new target: the backup's name is suggested from the target's name and the time of its latest data. */
    void suggestName() {
        Branch t = target.branchProperty().get();
        backupName.set(t == null ? "" : RestoreSpec.consoleBackupName(t.name(),
                t.headTimestamp() != null ? t.headTimestamp() : state.clock().instant()));
    }

    /** The backup's name as the restore takes it: null for none. */
    String backupNameOrNull() {
        String n = backupName.get();
        return n == null || n.isBlank() ? null : n.strip();
    }

    /** Checks the backup against the rules. */
    void check() {
        Branch t = target.branchProperty().get();
        BranchPolicy policy = state.policy();
        backupRequired.set(t != null && (source.kindProperty().get() == RestoreSourceModel.SourceKind.OWN_HISTORY
                || (policy != null && policy.hasChildren(t))));
        backupProblem.set(t == null ? null : verdict(t, policy));
    }

    /** Writes the confirmation for the choices as they are now. */
    void summarize() {
        summary.setAll(lines());
    }

    private String verdict(Branch t, BranchPolicy policy) {
        String name = backupNameOrNull();
        if (name != null && !BranchPolicy.nameShape(name).allowed()) {
            return BranchPolicy.nameShape(name).message();
        }
        Branch from = point.branch();
        if (policy == null || from == null) {
            return null;
        }
        BranchPolicy.Verdict v = source.isReset() ? policy.canReset(t, name)
                : policy.canRestore(t, from, point.point() == null ? PointInTime.HEAD : point.point(), name);
        if (v.allowed() && name != null) {
            v = policy.branchCapacity(t.isRoot());
        }
        return v.allowed() ? null : v.message();
    }

    private List<String> lines() {
        Branch t = target.branchProperty().get();
        Branch from = point.branch();
        if (t == null || from == null) {
            return List.of();
        }
        BranchPolicy policy = state.policy();
        List<String> children = policy == null ? List.of() : policy.childrenOf(t.id()).stream().map(Branch::name).sorted().toList();
        return new RestoreSummary(t, from, state.branch(t.parentId()), source.isHead(), point.text(), backupNameOrNull(), children,
                undoAfter(t, policy)).lines();
    }

    /**
     * Why Undo will not be possible after this restore, or null when it will. Undo restores the target from
     * the backup's head; where the backup becomes the target's parent, that is a reset from parent.
     */
    private String undoAfter(Branch t, BranchPolicy policy) {
        if (backupNameOrNull() == null || policy == null || t.isRoot() || source.isReset()) {
            return null; // the backup becomes a root, or the target keeps its parent: Undo is a plain restore
        }
        BranchPolicy.Verdict v = policy.check(BranchPolicy.Action.RESET_FROM_PARENT, t);
        return v.allowed() ? null : v.message();
    }
}
