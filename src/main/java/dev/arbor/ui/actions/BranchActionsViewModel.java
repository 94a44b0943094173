package dev.arbor.ui.actions;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.BranchResult;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.domain.BranchPolicy.Action;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import dev.arbor.ui.project.ProjectState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The Actions menu of the selected branch and the dialogs its items open. What is enabled, and why
 * not, comes from {@link BranchPolicy}; each action confirms its consequences before it runs, and runs
 * through the status area's {@link Activity}.
 */
public final class BranchActionsViewModel {
    private static final List<Action> MENU = List.of(Action.RESET_FROM_PARENT, Action.RESTORE, Action.RENAME,
            Action.SET_DEFAULT, Action.PROTECT, Action.SET_EXPIRATION, Action.DELETE);

    private final BranchBackend backend;
    private final UiExecutor executor;
    private final Activity activity;
    private final ProjectState state;
    private final java.util.function.Consumer<String> openRestore;

    private final ReadOnlyObjectWrapper<Branch> target = new ReadOnlyObjectWrapper<>(this, "target");
    private final ReadOnlyObjectWrapper<List<MenuEntry>> menu = new ReadOnlyObjectWrapper<>(this, "menu", List.of());
    private final ReadOnlyObjectWrapper<ActionDialog> dialog = new ReadOnlyObjectWrapper<>(this, "dialog");
    private final dev.arbor.ui.sql.SqlEditors sqlEditors;

    /** {@code openRestore} opens the Restore wizard on a branch (by id); Restore has its own wizard, not a dialog here. */
    public BranchActionsViewModel(BranchBackend backend, UiExecutor executor, Activity activity, ProjectState state,
                                  java.util.function.Consumer<String> openRestore) {
        this.openRestore = Objects.requireNonNull(openRestore);
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.activity = Objects.requireNonNull(activity);
        this.state = Objects.requireNonNull(state);
        this.sqlEditors = new dev.arbor.ui.sql.SqlEditors(backend, executor, state.clock().withZone(state.zone()));
        state.versionProperty().addListener((o, a, b) -> follow());
    }

    // Properties

    /** The branch the menu acts on, or null. */
    public ReadOnlyObjectProperty<Branch> targetProperty() {
        return target.getReadOnlyProperty();
    }

    /** The menu's items in order, each allowed or with the rules' reason. Empty without a target. */
    public ReadOnlyObjectProperty<List<MenuEntry>> menuProperty() {
        return menu.getReadOnlyProperty();
    }

    /** The dialog an action has open, or null. */
    public ReadOnlyObjectProperty<ActionDialog> dialogProperty() {
        return dialog.getReadOnlyProperty();
    }

    /** The entry for one action of the target; null without a target. */
    public MenuEntry entry(Action action) {
        return menu.get().stream().filter(e -> e.action() == action
                || (action == Action.UNPROTECT && e.action() == Action.PROTECT && e.label().equals(Action.UNPROTECT.label())))
                .findFirst().orElse(null);
    }

    /** The SQL editors open on this project's branches. */
    public dev.arbor.ui.sql.SqlEditors sqlEditors() {
        return sqlEditors;
    }

    // Commands

    /** Opens the target's SQL editor (or brings it forward); reading and writing a branch is not a rule's matter. */
    public void openSqlEditor() {
        Branch b = target.get();
        if (b != null) {
            sqlEditors.open(b);
        }
    }

    public void setTarget(String branchId) {
        target.set(state.branch(branchId));
        updateMenu();
    }

    /**
     * Opens the dialog of a menu item. When the rules do not allow it (the branch changed since the menu opened),
     * the status area says why and nothing opens.
     */
    public void open(Action action) {
        Branch b = target.get();
        BranchPolicy policy = state.policy();
        if (b == null || policy == null || dialog.get() != null) {
            return;
        }
        Action effective = action == Action.PROTECT && b.isProtected() ? Action.UNPROTECT : action;
        BranchPolicy.Verdict verdict = policy.check(effective, b);
        if (!verdict.allowed()) {
            activity.refused(new UserError(verdict.message(), "ACTION_REFUSED", null));
            return;
        }
        switch (effective) {
            case RESET_FROM_PARENT -> openReset(b, policy);
            case RESTORE -> openRestore.accept(b.id());
            case RENAME -> dialog.set(new RenameDialogModel(b, policy, name -> {
                close();
                perform("Renaming \"" + b.name() + "\" to \"" + name + "\"",
                        () -> backend.updateBranch(b.id(), BranchPatch.rename(name)),
                        r -> "Renamed \"" + b.name() + "\" to \"" + r.branch().name() + "\".");
            }, this::close));
            case SET_DEFAULT -> dialog.set(confirm("Set \"" + b.name() + "\" as default?", List.of(
                    "\"" + b.name() + "\" becomes the project's default branch"
                            + defaultNow(policy).map(d -> ", and \"" + d + "\" stops being the default.").orElse("."),
                    "The default branch's compute is always available, and tools that do not name a branch use it."),
                    "Set as default", false,
                    () -> perform("Setting \"" + b.name() + "\" as the default branch", () -> backend.setDefault(b.id()),
                            r -> "\"" + r.branch().name() + "\" is now the default branch.")));
            case PROTECT -> dialog.set(confirm("Set \"" + b.name() + "\" as protected?", List.of(
                    "A protected branch cannot be deleted or reset, and it cannot be given an expiration date.",
                    "Branches created from it get new passwords for their roles."),
                    "Set as protected", false,
                    () -> perform("Protecting \"" + b.name() + "\"", () -> backend.updateBranch(b.id(), BranchPatch.protect(true)),
                            r -> "\"" + r.branch().name() + "\" is now protected.")));
            case UNPROTECT -> dialog.set(confirm("Remove protection from \"" + b.name() + "\"?", List.of(
                    "Anyone with access to the project can then reset or delete \"" + b.name() + "\"."),
                    "Remove protection", true,
                    () -> perform("Removing protection from \"" + b.name() + "\"",
                            () -> backend.updateBranch(b.id(), BranchPatch.protect(false)),
                            r -> "\"" + r.branch().name() + "\" is no longer protected.")));
            case SET_EXPIRATION -> dialog.set(new ExpirationDialogModel(b, policy, state.clock(), at -> {
                close();
                perform(at == null ? "Removing the expiration of \"" + b.name() + "\"" : "Setting the expiration of \"" + b.name() + "\"",
                        () -> backend.updateBranch(b.id(), at == null ? BranchPatch.clearExpiration() : BranchPatch.expireAt(at)),
                        r -> r.branch().expires() ? "\"" + r.branch().name() + "\" now expires at "
                                + dev.arbor.ui.common.Formats.dateTime(r.branch().expiresAt(), state.zone()) + "."
                                : "\"" + r.branch().name() + "\" no longer expires.");
            }, this::close));
            case DELETE -> dialog.set(confirm("Delete \"" + b.name() + "\"?",
                    DeletionWords.forOne(b.name(), backend.capabilities().deleteIsFinal()),
                    "Delete", true,
                    () -> perform("Deleting \"" + b.name() + "\"", () -> backend.deleteBranch(b.id()),
                            r -> "Deleted \"" + b.name() + "\".")));
            default -> { }
        }
    }

    /**
     * Opens Connect for the target: its connection string, psql command and password. Any branch can be connected
     * to, so the rules have no say; the backend says when it gives no connections.
     */
    public void connect() {
        Branch b = target.get();
        if (b == null || dialog.get() != null) {
            return;
        }
        dialog.set(new ConnectDialogModel(backend, executor, b, this::close));
    }

    /** Opens the bulk delete confirmation for these branches (ids), whatever their number. */
    public void deleteBranches(Collection<String> branchIds) {
        BranchPolicy policy = state.policy();
        if (policy == null || dialog.get() != null || branchIds.isEmpty()) {
            return;
        }
        List<Branch> selected = branchIds.stream().map(state::branch).filter(Objects::nonNull).toList();
        DeletePlan plan = DeletePlan.of(state.project(), state.branches(), selected);
        dialog.set(new BulkDeleteDialogModel(plan, backend, executor, activity, this::close));
    }

    // Reset

    private void openReset(Branch b, BranchPolicy policy) {
        Branch parent = state.branch(b.parentId());
        if (policy.hasChildren(b)) {
            List<Branch> below = DeletePlan.descendantsOf(policy, b);
            DeletePlan plan = DeletePlan.of(state.project(), state.branches(), below);
            Instant head = b.headTimestamp() != null ? b.headTimestamp() : state.clock().instant();
            dialog.set(new ResetChildrenDialogModel(b, parent, policy, plan, RestoreSpec.consoleBackupName(b.name(), head),
                    () -> {
                        close();
                        perform("Deleting the children of \"" + b.name() + "\" and resetting it", () -> {
                            for (Branch child : plan.deletions()) {
                                backend.deleteBranch(child.id());
                            }
                            return backend.resetFromParent(b.id(), null);
                        }, r -> "Deleted " + plan.deletions().size() + " child "
                                + (plan.deletions().size() == 1 ? "branch" : "branches") + " and reset \""
                                + r.branch().name() + "\" to the latest data of its parent.");
                    },
                    backup -> {
                        close();
                        perform("Resetting \"" + b.name() + "\" and keeping its current state as \"" + backup + "\"",
                                () -> backend.resetFromParent(b.id(), backup),
                                r -> "Reset \"" + r.branch().name() + "\"; its previous state and its children are in \""
                                        + backup + "\".");
                    },
                    this::close));
            return;
        }
        dialog.set(confirm("Reset \"" + b.name() + "\" from its parent?", resetConsequences(b, parent),
                "Reset from parent", true,
                () -> perform("Resetting \"" + b.name() + "\" from its parent", () -> backend.resetFromParent(b.id(), null),
                        r -> "Reset \"" + r.branch().name() + "\" to the latest data of its parent.")));
    }

    /** Seed 000's key points about a reset, for this branch. */
    static List<String> resetConsequences(Branch b, Branch parent) {
        String from = parent == null ? "its parent" : "its parent \"" + parent.name() + "\"";
        return List.of(
                "All databases on \"" + b.name() + "\" are replaced with the latest schema and data from " + from
                        + ". This is a complete overwrite, not a merge: changes made on \"" + b.name() + "\" are lost.",
                "Connections to \"" + b.name() + "\" are interrupted for a moment; the connection details stay the same.",
                "No backup is kept: the current state cannot be recovered after the reset. Use Restore if you need a backup.");
    }

    // Helpers

    private ConfirmDialogModel confirm(String title, List<String> consequences, String label, boolean danger, Runnable action) {
        return new ConfirmDialogModel(title, consequences, label, danger, () -> {
            close();
            action.run();
        }, this::close);
    }

    private void perform(String doing, Callable<BranchResult> work, Function<BranchResult, String> outcome) {
        activity.runStoppable(doing, work, outcome, error -> { });
    }

    private java.util.Optional<String> defaultNow(BranchPolicy policy) {
        return state.branches().stream().filter(Branch::isDefault).map(Branch::name).findFirst();
    }

    private void close() {
        dialog.set(null);
    }

    private void follow() {
        Branch b = target.get();
        if (b != null) {
            target.set(state.branch(b.id()));
        }
        sqlEditors.follow(state::branch);
        updateMenu();
    }

    private void updateMenu() {
        Branch b = target.get();
        BranchPolicy policy = state.policy();
        if (b == null || policy == null) {
            menu.set(List.of());
            return;
        }
        List<MenuEntry> entries = new ArrayList<>();
        for (Action a : MENU) {
            Action effective = a == Action.PROTECT && b.isProtected() ? Action.UNPROTECT : a;
            BranchPolicy.Verdict v = policy.check(effective, b);
            entries.add(new MenuEntry(effective, effective.label(), v.allowed(), v.allowed() ? null : v.message()));
        }
        menu.set(List.copyOf(entries));
    }
}
