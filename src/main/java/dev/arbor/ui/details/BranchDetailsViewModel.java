package dev.arbor.ui.details;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Database;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.Role;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import dev.arbor.ui.project.ProjectState;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The details panel for the selected branch. What the project state already knows (the branch, its parent,
 * children and computes) follows the state live; roles and databases are loaded when a branch is shown.
 */
public final class BranchDetailsViewModel {

    public enum State { EMPTY, LOADING, READY, FAILED }

    /** A link to another branch: its id to select and its name to show. */
    public record BranchLink(String id, String name) {
    }

    /** A compute as the panel lists it: {@code state} in words, {@code current} typed (for its dot). */
    public record ComputeLine(String id, String type, String state, Endpoint.State current, String size) {
    }

    private record Catalog(List<Database> databases, List<Role> roles) {
    }

    private final BranchBackend backend;
    private final UiExecutor executor;
    private final ProjectState project;

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.EMPTY);
    private final ReadOnlyObjectWrapper<Branch> branch = new ReadOnlyObjectWrapper<>(this, "branch");
    private final ReadOnlyObjectWrapper<BranchFacts> facts = new ReadOnlyObjectWrapper<>(this, "facts");
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ObservableList<BranchLink> children = FXCollections.observableArrayList();
    private final ObservableList<ComputeLine> computes = FXCollections.observableArrayList();
    private final ObservableList<String> databases = FXCollections.observableArrayList();
    private final ObservableList<String> roles = FXCollections.observableArrayList();
    private long generation;

    public BranchDetailsViewModel(BranchBackend backend, UiExecutor executor, ProjectState project) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.project = Objects.requireNonNull(project);
        project.versionProperty().addListener((o, a, b) -> follow());
    }

    // Properties

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The branch shown, or null while the panel is empty. */
    public ReadOnlyObjectProperty<Branch> branchProperty() {
        return branch.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<BranchFacts> factsProperty() {
        return facts.getReadOnlyProperty();
    }

    /** Why roles and databases could not be loaded, while {@link State#FAILED}. */
    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ObservableList<BranchLink> children() {
        return FXCollections.unmodifiableObservableList(children);
    }

    public ObservableList<ComputeLine> computes() {
        return FXCollections.unmodifiableObservableList(computes);
    }

    public ObservableList<String> databases() {
        return FXCollections.unmodifiableObservableList(databases);
    }

    public ObservableList<String> roles() {
        return FXCollections.unmodifiableObservableList(roles);
    }

    // Commands

    /** Shows the branch with this id; null empties the panel. */
    public void show(String branchId) {
        Branch b = project.branch(branchId);
        Branch current = branch.get();
        if (b != null && current != null && current.id().equals(b.id()) && state.get() != State.FAILED) {
            follow();
            return;
        }
        generation++;
        if (b == null) {
            branch.set(null);
            facts.set(null);
            children.clear();
            computes.clear();
            databases.clear();
            roles.clear();
            error.set(null);
            state.set(State.EMPTY);
            return;
        }
        branch.set(b);
        describe(b);
        load(b.id());
    }

    /** Loads roles and databases again after a failure. */
    public void retry() {
        Branch b = branch.get();
        if (b != null) {
            generation++;
            load(b.id());
        }
    }

    // Loading

    private void load(String branchId) {
        long mine = generation;
        databases.clear();
        roles.clear();
        error.set(null);
        state.set(State.LOADING);
        executor.submit(() -> new Catalog(backend.listDatabases(branchId), backend.listRoles(branchId)),
                catalog -> {
                    if (mine == generation) {
                        databases.setAll(catalog.databases().stream()
                                .map(d -> d.name() + "  (owner " + d.ownerName() + ")").toList());
                        roles.setAll(catalog.roles().stream()
                                .map(r -> r.isProtected() ? r.name() + "  (protected)" : r.name()).toList());
                        state.set(State.READY);
                    }
                },
                failure -> {
                    if (mine == generation) {
                        error.set(UserError.of(failure, "Arbor could not load the branch's roles and databases."));
                        state.set(State.FAILED);
                    }
                });
    }

    // The project changed: the branch shown may have been renamed, reset, given children or deleted.
    private void follow() {
        Branch current = branch.get();
        if (current == null) {
            return;
        }
        Branch now = project.branch(current.id());
        if (now == null) {
            show(null);
            return;
        }
        branch.set(now);
        describe(now);
    }

    private void describe(Branch b) {
        facts.set(BranchFacts.of(b, project.branch(b.parentId()), project.zone(), project.clock().instant()));
        var policy = project.policy();
        children.setAll(policy == null ? List.of() : policy.childrenOf(b.id()).stream()
                .sorted(Comparator.comparing(Branch::name))
                .map(c -> new BranchLink(c.id(), c.name())).toList());
        computes.setAll(project.endpointsOf(b.id()).stream().map(BranchDetailsViewModel::computeLine).toList());
    }

    private static ComputeLine computeLine(Endpoint e) {
        String type = switch (e.type()) {
            case READ_WRITE -> "Primary (read-write)";
            case READ_ONLY -> "Read replica";
            case UNKNOWN -> "Unknown type";
        };
        String state = switch (e.currentState()) {
            case ACTIVE -> "Active";
            case IDLE -> "Idle";
            case INIT -> "Starting";
            case UNKNOWN -> "Unknown";
        };
        String size = e.minCu() == e.maxCu() ? fmt(e.minCu()) + " CU" : fmt(e.minCu()) + "–" + fmt(e.maxCu()) + " CU";
        return new ComputeLine(e.id(), type, state, e.currentState(), size);
    }

    private static String fmt(double cu) {
        return cu == Math.rint(cu) ? String.valueOf((long) cu) : String.valueOf(cu);
    }
}
