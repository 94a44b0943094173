package dev.arbor.ui.restore;

import dev.arbor.domain.Branch;
import dev.arbor.ui.project.ProjectState;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The wizard's second step: where the data comes from, the target's own history or another branch (at
 * its latest data, or at a point the next step picks).
 */
public final class RestoreSourceModel {

    public enum SourceKind {
        OWN_HISTORY("From history"),
        OTHER_BRANCH("From another branch");

        private final String label;

        SourceKind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final ProjectState state;
    private final RestoreTargetModel target;
    /** The name of the chosen source when another client deleted it while the wizard was open, or null. */
    private String deletedName;

    private final ObjectProperty<SourceKind> kind = new SimpleObjectProperty<>(this, "kind", SourceKind.OWN_HISTORY);
    private final ObjectProperty<Branch> branch = new SimpleObjectProperty<>(this, "branch");
    private final BooleanProperty fromHead = new SimpleBooleanProperty(this, "fromHead", true);
    private final ObservableList<Branch> branches = FXCollections.observableArrayList();
    private final ObservableList<Branch> branchesView = FXCollections.unmodifiableObservableList(branches);
    private final ReadOnlyStringWrapper explanation = new ReadOnlyStringWrapper(this, "explanation");

    RestoreSourceModel(ProjectState state, RestoreTargetModel target) {
        this.state = Objects.requireNonNull(state);
        this.target = Objects.requireNonNull(target);
        target.branchProperty().addListener((o, a, b) -> targetChanged());
        branch.addListener((o, a, b) -> {
            if (b != null) {
                deletedName = null;
            }
        });
        kind.addListener((o, a, b) -> explain());
        targetChanged();
    }

    // Properties

    public ObjectProperty<SourceKind> kindProperty() {
        return kind;
    }

    /** For {@link SourceKind#OTHER_BRANCH}: the branch the data comes from. */
    public ObjectProperty<Branch> branchProperty() {
        return branch;
    }

    /** For {@link SourceKind#OTHER_BRANCH}: restore from the source's latest data (head); on by default. */
    public BooleanProperty fromHeadProperty() {
        return fromHead;
    }

    /** Every branch but the target. */
    public ObservableList<Branch> branches() {
        return branchesView;
    }

    /** What the chosen kind of source does to the target, in a sentence. */
    public ReadOnlyStringProperty explanationProperty() {
        return explanation.getReadOnlyProperty();
    }

    // What the choice means

    /** The branch whose history the point is in: the target itself, or the source. */
    Branch pointBranch() {
        return kind.get() == SourceKind.OWN_HISTORY ? target.branchProperty().get() : branch.get();
    }

    /** From another branch's latest data: there is no point to pick. */
    boolean isHead() {
        return kind.get() == SourceKind.OTHER_BRANCH && fromHead.get();
    }

    /** From the target's parent's latest data, which the rules treat as a reset from parent. */
    boolean isReset() {
        Branch t = target.branchProperty().get();
        Branch s = branch.get();
        return isHead() && t != null && s != null && s.id().equals(t.parentId());
    }

    /** Why the source is missing where one is needed (never chosen, or deleted by another client), or null. */
    String missing() {
        if (kind.get() != SourceKind.OTHER_BRANCH || branch.get() != null) {
            return null;
        }
        return deletedName != null ? RestoreTargetModel.deletedWhileOpen(deletedName) + " choose another branch to restore from."
                : "Choose the branch to restore from.";
    }

    // Following the project

    /**
     * After the target has followed the project: the list of sources again, and the chosen source in its
     * current version, or dropped when another client deleted it. Returns whether it was deleted.
     */
    boolean follow() {
        Branch chosen = branch.get();
        Branch now = chosen == null ? null : state.branch(chosen.id());
        boolean gone = chosen != null && now == null && kind.get() == SourceKind.OTHER_BRANCH;
        if (gone) {
            deletedName = chosen.name();
        }
        List<Branch> others = others();
        if (!others.equals(branches)) {
            branches.setAll(others);
        }
        if (now != branch.get()) {
            branch.set(now);
        }
        return gone;
    }

    private void targetChanged() {
        Branch t = target.branchProperty().get();
        branches.setAll(others());
        if (t != null && branch.get() != null && branch.get().id().equals(t.id())) {
            branch.set(null);
        }
        explain();
    }

    private List<Branch> others() {
        Branch t = target.branchProperty().get();
        return target.all().stream().filter(b -> t == null || !b.id().equals(t.id())).toList();
    }

    private void explain() {
        Branch t = target.branchProperty().get();
        String name = t == null ? "the branch" : "\"" + t.name() + "\"";
        explanation.set(kind.get() == SourceKind.OWN_HISTORY
                ? "Rewind " + name + " to an earlier point in its own history, for example to just before data was lost."
                : "Replace the data of " + name + " with another branch's, from its latest data or an earlier point.");
    }
}
