package dev.arbor.ui.app;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy.Action;
import dev.arbor.ui.actions.BranchActionsViewModel;
import dev.arbor.ui.actions.MenuEntry;
import dev.arbor.ui.branches.BranchTableModel;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.InMemorySettings;
import dev.arbor.ui.common.Settings;
import dev.arbor.ui.common.Shortcut;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.create.CreateBranchViewModel;
import dev.arbor.ui.details.BranchDetailsViewModel;
import dev.arbor.ui.diff.SchemaDiffModel;
import dev.arbor.ui.project.ProjectState;
import dev.arbor.ui.restore.RestoreWizardViewModel;
import dev.arbor.ui.tree.BranchTreeViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Branches page: the table, the details of the selected branch, its Actions menu, the Create
 * branch dialog and the command palette, sharing one selection.
 */
public final class BranchesPageViewModel implements AutoCloseable {
    private final BranchBackend backend;
    private final UiExecutor executor;
    private final Activity activity;
    private final ProjectState state;
    private final BranchTableModel list;
    private final BranchDetailsViewModel details;
    private final BranchActionsViewModel actions;
    private final BranchTreeViewModel tree;
    private final Runnable toggleTheme;
    private final Runnable openConnections;
    private final TableSelection tableSelection;

    private final ReadOnlyStringWrapper selectedId = new ReadOnlyStringWrapper(this, "selectedId");
    private final ObservableList<String> selectedIds = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<CreateBranchViewModel> create = new ReadOnlyObjectWrapper<>(this, "create");
    private final ReadOnlyObjectWrapper<CommandPaletteViewModel> palette = new ReadOnlyObjectWrapper<>(this, "palette");
    private final ReadOnlyObjectWrapper<RestoreWizardViewModel> restore = new ReadOnlyObjectWrapper<>(this, "restore");
    private final ReadOnlyObjectWrapper<SchemaDiffModel> schemaDiff = new ReadOnlyObjectWrapper<>(this, "schemaDiff");
    private final ReadOnlyBooleanWrapper treeShown = new ReadOnlyBooleanWrapper(this, "treeShown");
    private final DoubleProperty detailsDivider = new SimpleDoubleProperty(this, "detailsDivider");

    /** A page that remembers nothing between runs (its layout starts as the defaults each time). */
    public BranchesPageViewModel(BranchBackend backend, UiExecutor executor, Activity activity, ProjectState state,
                                 BranchTableModel list, Runnable toggleTheme, Runnable openConnections) {
        this(backend, executor, activity, state, list, new InMemorySettings(), toggleTheme, openConnections);
    }

    /** A page whose layout (the table or the tree, where the details panel's divider sits) is kept in {@code settings}. */
    public BranchesPageViewModel(BranchBackend backend, UiExecutor executor, Activity activity, ProjectState state,
                                 BranchTableModel list, Settings settings, Runnable toggleTheme, Runnable openConnections) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.activity = Objects.requireNonNull(activity);
        this.state = Objects.requireNonNull(state);
        this.list = Objects.requireNonNull(list);
        this.toggleTheme = Objects.requireNonNull(toggleTheme);
        this.openConnections = Objects.requireNonNull(openConnections);
        this.details = new BranchDetailsViewModel(backend, executor, state);
        this.actions = new BranchActionsViewModel(backend, executor, activity, state, this::openRestore);
        this.tree = new BranchTreeViewModel(backend, executor, activity, state, selectedId.getReadOnlyProperty(),
                selectedIds(), this::select);
        this.tableSelection = new TableSelection(this, list, state);
        treeShown.addListener((o, a, b) -> tree.setActive(b));
        // the table or the tree, and the divider, as last time
        treeShown.set(settings.showBranchTree());
        treeShown.addListener((o, a, b) -> settings.setShowBranchTree(b));
        detailsDivider.set(settings.detailsDivider());
        detailsDivider.addListener((o, a, b) -> settings.setDetailsDivider(b.doubleValue()));
        state.versionProperty().addListener((o, a, b) -> {
            if (selectedId.get() != null && state.branch(selectedId.get()) == null) {
                select(null);
            }
            selectedIds.removeIf(id -> state.branch(id) == null);
        });
    }

    // Properties

    /** The open project as last seen, which every part of the page reads. */
    public ProjectState state() {
        return state;
    }

    /** The Branches table. */
    public BranchTableModel list() {
        return list;
    }

    public BranchDetailsViewModel details() {
        return details;
    }

    public BranchActionsViewModel actions() {
        return actions;
    }

    public Activity activity() {
        return activity;
    }

    /** The branch tree, which shares this page's selection. */
    public BranchTreeViewModel tree() {
        return tree;
    }

    /** True while the page shows the branch tree instead of the table. */
    public ReadOnlyBooleanProperty treeShownProperty() {
        return treeShown.getReadOnlyProperty();
    }

    /** The branch table's selection, kept in step with the page's. */
    public TableSelection tableSelection() {
        return tableSelection;
    }

    /** Where the divider between the list (or tree) and the details panel sits, as a fraction of the width. */
    public DoubleProperty detailsDividerProperty() {
        return detailsDivider;
    }

    /** The branch the details panel and the Actions menu are about, or null. */
    public ReadOnlyStringProperty selectedIdProperty() {
        return selectedId.getReadOnlyProperty();
    }

    /** Every selected branch, for bulk delete. */
    public ObservableList<String> selectedIds() {
        return FXCollections.unmodifiableObservableList(selectedIds);
    }

    /** The open Create branch dialog, or null. */
    public ReadOnlyObjectProperty<CreateBranchViewModel> createProperty() {
        return create.getReadOnlyProperty();
    }

    /** The open Restore wizard, or null. */
    public ReadOnlyObjectProperty<RestoreWizardViewModel> restoreProperty() {
        return restore.getReadOnlyProperty();
    }

    /** The open Schema diff, or null. */
    public ReadOnlyObjectProperty<SchemaDiffModel> schemaDiffProperty() {
        return schemaDiff.getReadOnlyProperty();
    }

    /** The open command palette, or null. */
    public ReadOnlyObjectProperty<CommandPaletteViewModel> paletteProperty() {
        return palette.getReadOnlyProperty();
    }

    // Commands

    /** Starts the project's first load, where the console has not started it already. */
    public void start() {
        state.start();
    }

    /** Selects one branch (null: none) and shows it. */
    public void select(String branchId) {
        setSelection(branchId == null ? List.of() : List.of(branchId), branchId);
    }

    /** The table's selection changed: {@code focused} is the row the details show. */
    public void setSelection(List<String> ids, String focused) {
        if (!selectedIds.equals(ids)) {
            selectedIds.setAll(ids);
        }
        String shown = focused != null ? focused : ids.isEmpty() ? null : ids.get(ids.size() - 1);
        selectedId.set(shown);
        details.show(shown);
        actions.setTarget(shown);
    }

    public void refresh() {
        state.refresh();
    }

    /** Shows the branch tree (true) or the table. */
    public void showTree(boolean shown) {
        treeShown.set(shown);
    }

    /** {@link Shortcut#TREE}. */
    public void toggleTree() {
        showTree(!treeShown.get());
    }

    /** Opens Create branch, starting from the selected branch, or the default one. */
    public void openCreate() {
        if (create.get() != null) {
            return;
        }
        create.set(new CreateBranchViewModel(backend, executor, activity, state, selectedId.get(), created -> {
            create.set(null);
            select(created.id());
        }, () -> create.set(null)));
    }

    /**
     * Opens the Restore wizard on a branch (null: the person picks one). When it has restored, the page
     * shows the restored branch, as it does a new one.
     */
    public void openRestore(String targetId) {
        if (restore.get() != null) {
            return;
        }
        // the preview's SQL tab reads the source at the chosen point (Time Travel Assist)
        restore.set(new RestoreWizardViewModel(backend, executor, activity, state, targetId, this::select, this::closeRestore,
                new dev.arbor.ui.sql.PointSqlModel(backend, executor)));
    }

    /** The wizard has closed (cancelled, done, or gone to a branch): it stops following the project state. */
    private void closeRestore() {
        RestoreWizardViewModel w = restore.get();
        restore.set(null);
        if (w != null) {
            w.dispose();
        }
    }

    /**
     * Opens the Schema diff of {@code compareId} against {@code baseId}, both at their heads (either null: the person
     * picks). The details panel's Compare to parent passes the branch and its parent, as Neon's console does.
     */
    public void openSchemaDiff(String baseId, String compareId) {
        if (schemaDiff.get() == null) {
            schemaDiff.set(new SchemaDiffModel(backend, executor, state, baseId, compareId, () -> schemaDiff.set(null)));
        }
    }

    /** Compare to parent: the branch against its parent (a root, or a branch gone: the person picks). */
    public void compareToParent(String branchId) {
        Branch b = state.branch(branchId);
        openSchemaDiff(b == null ? null : b.parentId(), b == null ? null : b.id());
    }

    /** The Delete key: the bulk delete confirmation for everything selected. */
    public void deleteSelected() {
        actions.deleteBranches(List.copyOf(selectedIds));
    }

    /** {@link Shortcut#CONNECT}: the connection details of the selected branch. */
    public void connectSelected() {
        actions.connect();
    }

    /** {@link Shortcut#SQL_EDITOR}: the selected branch's SQL editor. */
    public void openSqlEditorOfSelected() {
        actions.openSqlEditor();
    }

    /** {@link Shortcut#RENAME}. */
    public void renameSelected() {
        actions.open(Action.RENAME);
    }

    public void openPalette() {
        if (palette.get() == null) {
            palette.set(new CommandPaletteViewModel(this::paletteActions, this::paletteBranches, () -> palette.set(null)));
        }
    }

    /** The page goes away: the wizard stops following the state (the console closes the state with the project). */
    @Override
    public void close() {
        closeRestore();
        actions.sqlEditors().closeAll();
        if (schemaDiff.get() != null) {
            schemaDiff.get().close();
        }
    }

    // The palette's contents

    private List<PaletteItem> paletteActions() {
        List<PaletteItem> items = new ArrayList<>();
        Branch target = state.branch(selectedId.get());
        if (target != null) {
            // first, so that typing "connect" finds it before "Switch connection"; its detail names no branch, so
            // typing a branch's name still finds that branch's own entries first
            items.add(new PaletteItem("Action", "Connect…", Shortcut.CONNECT.label(), actions::connect));
            items.add(new PaletteItem("Action", "SQL editor…", Shortcut.SQL_EDITOR.label(), actions::openSqlEditor));
        }
        items.add(new PaletteItem("Action", "Create branch", Shortcut.CREATE.label(), this::openCreate));
        items.add(new PaletteItem("Action", "Refresh", Shortcut.REFRESH.label(), this::refresh));
        items.add(new PaletteItem("Action", "Restore a branch…", Shortcut.RESTORE.label(), () -> openRestore(selectedId.get())));
        items.add(new PaletteItem("Action", treeShown.get() ? "Show the branch table" : "Show the branch tree", Shortcut.TREE.label(),
                this::toggleTree));
        items.add(new PaletteItem("Action", "Switch theme", "Light or dark", toggleTheme));
        items.add(new PaletteItem("Action", "Switch connection", "Open another project", openConnections));
        items.add(new PaletteItem("Action", "Compare schemas…", "Schema diff of any two branches or points",
                () -> compareToParent(selectedId.get())));
        if (target != null) {
            for (MenuEntry e : actions.menuProperty().get()) {
                if (e.allowed() && e.action() != Action.RESTORE) { // the palette has its own Restore entry
                    Action a = e.action() == Action.UNPROTECT ? Action.PROTECT : e.action();
                    items.add(new PaletteItem("Action", e.label(), "\"" + target.name() + "\"", () -> actions.open(a)));
                }
            }
        }
        return items;
    }

    private List<PaletteItem> paletteBranches() {
        List<PaletteItem> items = new ArrayList<>();
        for (Branch b : state.branches()) {
            items.add(new PaletteItem("Branch", b.name(), b.id(), () -> select(b.id())));
        }
        return items;
    }
}
