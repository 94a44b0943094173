package dev.arbor.ui.restore;

import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.domain.Endpoint;
import dev.arbor.ui.common.Formats;
import dev.arbor.ui.project.ProjectState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The wizard's first step: the branch to restore, found by any part of its name or id, with what it is
 * (root or child, children, protection, computes) and whether the rules let it be restored.
 */
public final class RestoreTargetModel {
    private final ProjectState state;
    /** The name of the chosen branch when another client deleted it while the wizard was open, or null. */
    private String deletedName;

    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObjectProperty<Branch> branch = new SimpleObjectProperty<>(this, "branch");
    private final ObservableList<Branch> all = FXCollections.observableArrayList();
    private final FilteredList<Branch> matches = new FilteredList<>(all);
    // one read-only view, kept: a view made per call would be collected with the listeners added to it
    private final ObservableList<Branch> matchesView = FXCollections.unmodifiableObservableList(matches);
    private final ObservableList<String> facts = FXCollections.observableArrayList();
    private final ObservableList<String> factsView = FXCollections.unmodifiableObservableList(facts);

    RestoreTargetModel(ProjectState state) {
        this.state = Objects.requireNonNull(state);
        load();
        search.addListener((o, a, b) -> filter());
        branch.addListener((o, a, b) -> {
            if (b != null) {
                deletedName = null;
            }
            describe();
        });
    }

    // Properties

    /** Narrows the branch picker by any part of a branch's name or id. */
    public StringProperty searchProperty() {
        return search;
    }

    /** The branch to restore. */
    public ObjectProperty<Branch> branchProperty() {
        return branch;
    }

    /** The branches matching the search, the default first. */
    public ObservableList<Branch> matches() {
        return matchesView;
    }

    /** What the chosen branch is: root or child, children, protection, computes. */
    public ObservableList<String> facts() {
        return factsView;
    }

    // What the step says

    /** Why no branch is chosen (it was never chosen, or another client deleted it), or null. */
    String missing() {
        if (branch.get() != null) {
            return null;
        }
        return deletedName != null ? deletedWhileOpen(deletedName) + " choose another branch to restore."
                : "Choose the branch to restore.";
    }

    /** Why this step cannot go on: no branch, or the rules refuse to restore it; null when it can. */
    String problem() {
        String missing = missing();
        BranchPolicy policy = state.policy();
        if (missing != null || policy == null) {
            return missing;
        }
        BranchPolicy.Verdict v = policy.check(BranchPolicy.Action.RESTORE, branch.get());
        return v.allowed() ? null : v.message();
    }

    /** The start of a sentence for a target or source that another client deleted while the wizard was open. */
    static String deletedWhileOpen(String name) {
        return "\"" + name + "\" was deleted while the wizard was open;";
    }

    /** Every branch of the project, the default first, as of the last load. */
    List<Branch> all() {
        return all;
    }

    // Following the project

    /**
     * Reads the branches again after another client changed them; the chosen branch is replaced by its
     * current version, or dropped when it was deleted. Returns whether it was deleted.
     */
    boolean follow() {
        load();
        Branch chosen = branch.get();
        Branch now = chosen == null ? null : state.branch(chosen.id());
        boolean gone = chosen != null && now == null;
        if (gone) {
            deletedName = chosen.name();
        }
        if (now != chosen) {
            branch.set(now);
        }
        describe();
        return gone;
    }

    private void load() {
        all.setAll(state.branches().stream()
                .sorted(Comparator.comparing((Branch b) -> !b.isDefault()).thenComparing(Branch::name)).toList());
        filter();
    }

    private void filter() {
        String q = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        matches.setPredicate(b -> q.isEmpty() || b.name().toLowerCase(Locale.ROOT).contains(q)
                || b.id().toLowerCase(Locale.ROOT).contains(q));
    }

    private void describe() {
        Branch t = branch.get();
        BranchPolicy policy = state.policy();
        if (t == null) {
            facts.clear();
            return;
        }
        List<String> lines = new ArrayList<>();
        Branch parent = state.branch(t.parentId());
        lines.add(t.isRoot() ? (t.isSchemaOnly() ? "A schema-only root branch (no parent)." : "A root branch (no parent).")
                : "A child of \"" + (parent == null ? t.parentId() : parent.name()) + "\".");
        if (t.isDefault()) {
            lines.add("The project's default branch.");
        }
        lines.add(t.isProtected() ? "Protected." : "Not protected.");
        if (t.backup()) {
            lines.add("A backup left by an earlier restore.");
        }
        List<String> kids = policy == null ? List.of() : policy.childrenOf(t.id()).stream().map(Branch::name).sorted().toList();
        lines.add(kids.isEmpty() ? "No child branches." : kids.size() + (kids.size() == 1 ? " child branch: " : " child branches: ")
                + String.join(", ", kids) + ".");
        List<Endpoint> computes = state.endpointsOf(t.id());
        lines.add(computes.isEmpty() ? "No computes." : "Computes: " + String.join(", ", computes.stream()
                .map(e -> e.id() + " (" + e.type().wireName().replace('_', '-') + ", " + e.currentState().wireName() + ")").toList()) + ".");
        if (t.headTimestamp() != null) {
            lines.add("Latest data: LSN " + t.headLsn() + " at " + Formats.dateTimeMillis(t.headTimestamp(), state.zone()) + ".");
        }
        facts.setAll(lines);
    }
}
