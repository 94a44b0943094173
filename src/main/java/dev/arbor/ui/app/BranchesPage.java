package dev.arbor.ui.app;

import atlantafx.base.theme.Styles;
import dev.arbor.ui.actions.ActionDialogViews;
import dev.arbor.ui.branches.BranchRow;
import dev.arbor.ui.branches.BranchesView;
import dev.arbor.ui.common.Dialogs;
import dev.arbor.ui.common.Settings;
import dev.arbor.ui.common.Shortcut;
import dev.arbor.ui.create.CreateBranchDialog;
import dev.arbor.ui.details.BranchDetailsView;
import dev.arbor.ui.diff.SchemaDiffView;
import dev.arbor.ui.restore.RestoreWizard;
import dev.arbor.ui.tree.BranchTreeView;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Branches page: the list beside the details panel (the divider is remembered), the page's
 * keyboard shortcuts, and the dialogs its models open.
 */
final class BranchesPage extends BorderPane {
    private final BranchesPageViewModel model;
    private final Dialogs dialogs;
    private final BranchesView list;
    private final BranchDetailsView details;
    private final BranchTreeView tree;
    private boolean syncing;

    BranchesPage(BranchesPageViewModel model, Dialogs dialogs, Settings settings) {
        this.model = model;
        this.dialogs = dialogs;
        Button create = new Button("Create branch", new FontIcon(Feather.PLUS));
        create.setId("create-branch");
        create.getStyleClass().add(Styles.ACCENT);
        create.setTooltip(tip(Shortcut.CREATE));
        create.setOnAction(e -> model.openCreate());
        Button delete = new Button("Delete", new FontIcon(Feather.TRASH_2));
        delete.setId("delete-selected");
        delete.setTooltip(tip(Shortcut.DELETE));
        delete.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(model.selectedIds()));
        delete.setOnAction(e -> model.deleteSelected());
        Button palette = new Button(null, new FontIcon(Feather.COMMAND));
        palette.setId("open-palette");
        palette.getStyleClass().add(Styles.BUTTON_ICON);
        palette.setTooltip(tip(Shortcut.PALETTE));
        palette.setOnAction(e -> model.openPalette());

        list = new BranchesView(model.list(), new TreeSwitch(model, "table"), palette, delete, create);
        details = new BranchDetailsView(model.details(), model.actions(), model::select, model::compareToParent);
        Button createInTree = new Button("Create branch", new FontIcon(Feather.PLUS));
        createInTree.getStyleClass().add(Styles.ACCENT);
        createInTree.setTooltip(tip(Shortcut.CREATE));
        createInTree.setOnAction(e -> model.openCreate());
        tree = new BranchTreeView(model.tree(), model.actions(), details::focusPanel, new TreeSwitch(model, "tree"), createInTree);
        SplitPane split = new SplitPane(list, details);
        split.setId("branches-split");
        split.setDividerPositions(settings.detailsDivider());
        split.getDividers().get(0).positionProperty().addListener((o, a, b) -> settings.setDetailsDivider(b.doubleValue()));
        // the table or the tree, as last time
        model.showTree(settings.showBranchTree());
        model.treeShownProperty().subscribe(shown -> {
            javafx.scene.Node wanted = shown ? tree : list;
            // only a real switch touches the split: taking the table out and back in re-creates its skin
            if (split.getItems().get(0) != wanted) {
                double divider = settings.detailsDivider();
                split.getItems().set(0, wanted);
                split.setDividerPositions(divider);
            }
            settings.setShowBranchTree(shown);
        });
        SplitPane.setResizableWithParent(details, false);
        details.setMinWidth(340);
        getStyleClass().add("page");
        setCenter(split);
        bindSelection();
        bindDialogs();
        addEventFilter(KeyEvent.KEY_PRESSED, this::shortcut);
    }

    private void bindSelection() {
        TableView<BranchRow> table = list.table();
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<BranchRow>) c -> {
            if (syncing || model.list().updatingProperty().get()) {
                return;
            }
            List<String> ids = table.getSelectionModel().getSelectedItems().stream()
                    .filter(java.util.Objects::nonNull).map(BranchRow::id).toList();
            BranchRow focused = table.getSelectionModel().getSelectedItem();
            model.setSelection(ids, focused == null ? null : focused.id());
        });
        // The model can choose a branch too (a link, the palette, a new branch): the table follows.
        model.selectedIdProperty().subscribe(id -> {
            BranchRow current = table.getSelectionModel().getSelectedItem();
            if (id == null || (current != null && current.id().equals(id))) {
                return;
            }
            for (int i = 0; i < table.getItems().size(); i++) {
                if (table.getItems().get(i).id().equals(id)) {
                    syncing = true;
                    table.getSelectionModel().clearAndSelect(i);
                    syncing = false;
                    table.scrollTo(Math.max(0, i - 3));
                    return;
                }
            }
        });
        // Rows replaced by a live update keep their place in the selection, by id.
        model.state().versionProperty().addListener((o, a, b) -> restoreSelection(table));
    }

    private void restoreSelection(TableView<BranchRow> table) {
        java.util.Set<String> wanted = new java.util.HashSet<>(model.selectedIds());
        String focused = model.selectedIdProperty().get();
        syncing = true;
        try {
            table.getSelectionModel().clearSelection();
            int focusIndex = -1;
            for (int i = 0; i < table.getItems().size(); i++) {
                String id = table.getItems().get(i).id();
                if (wanted.contains(id)) {
                    table.getSelectionModel().select(i);
                }
                if (id.equals(focused)) {
                    focusIndex = i;
                }
            }
            if (focusIndex >= 0) {
                table.getSelectionModel().select(focusIndex);
                table.getFocusModel().focus(focusIndex);
            }
        } finally {
            syncing = false;
        }
    }

    private void bindDialogs() {
        model.actions().dialogProperty().subscribe(d -> {
            if (d != null) {
                dialogs.show(ActionDialogViews.viewFor(d));
            } else {
                dialogs.hide();
            }
        });
        model.createProperty().subscribe(c -> {
            if (c != null) {
                dialogs.show(new CreateBranchDialog(c));
            } else {
                dialogs.hide();
            }
        });
        model.restoreProperty().subscribe(r -> {
            if (r != null) {
                dialogs.show(new RestoreWizard(r));
            } else {
                dialogs.hide();
            }
        });
        model.schemaDiffProperty().subscribe(d -> {
            if (d != null) {
                dialogs.show(new SchemaDiffView(d));
            } else {
                dialogs.hide();
            }
        });
        model.paletteProperty().subscribe(p -> {
            if (p != null) {
                dialogs.show(new CommandPaletteView(p));
            } else {
                dialogs.hide();
            }
        });
    }

    private void shortcut(KeyEvent e) {
        if (dialogs.isShowing()) {
            return;
        }
        boolean inText = e.getTarget() instanceof javafx.scene.control.TextInputControl;
        if (Shortcut.FIND.matches(e)) {
            var field = model.treeShownProperty().get() ? tree.searchField() : list.searchField();
            field.requestFocus();
            field.selectAll();
        } else if (Shortcut.TREE.matches(e)) {
            model.toggleTree();
        } else if (Shortcut.CREATE.matches(e)) {
            model.openCreate();
        } else if (Shortcut.PALETTE.matches(e)) {
            model.openPalette();
        } else if (Shortcut.RESTORE.matches(e)) {
            model.openRestore(model.selectedIdProperty().get());
        } else if (Shortcut.REFRESH.matches(e)) {
            model.refresh();
        } else if (Shortcut.CONNECT.matches(e)) {
            model.connectSelected();
        } else if (Shortcut.RENAME.matches(e)) {
            model.renameSelected();
        } else if (Shortcut.DELETE.matches(e) && !inText) {
            model.deleteSelected();
        } else if (e.getCode() == KeyCode.ENTER && e.getTarget() == list.table()) {
            details.focusPanel();
        } else {
            return;
        }
        e.consume();
    }

    /** A tooltip that says what a button does and its shortcut, from the one table of shortcuts. */
    static Tooltip tip(Shortcut shortcut) {
        return new Tooltip(shortcut.after(shortcut.does()));
    }
}
