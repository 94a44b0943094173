package dev.arbor.ui.app;

import atlantafx.base.theme.Styles;
import dev.arbor.ui.actions.ActionDialogViews;
import dev.arbor.ui.branches.BranchRow;
import dev.arbor.ui.branches.BranchesView;
import dev.arbor.ui.common.Dialogs;
import dev.arbor.ui.common.Shortcut;
import dev.arbor.ui.common.ViewBindings;
import dev.arbor.ui.create.CreateBranchDialog;
import dev.arbor.ui.details.BranchDetailsView;
import dev.arbor.ui.diff.SchemaDiffView;
import dev.arbor.ui.restore.RestoreWizard;
import dev.arbor.ui.tree.BranchTreeView;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
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
 * keyboard shortcuts, and the dialogs its models open. It follows its models only while it is shown.
 */
final class BranchesPage extends BorderPane {
    private final BranchesPageViewModel model;
    private final Dialogs dialogs;
    private final BranchesView list;
    private final BranchDetailsView details;
    private final BranchTreeView tree;
    private final ViewBindings bindings = ViewBindings.of(this);
    /** The model of the dialog this page shows, and its view; null when none. */
    private Object shownFor;
    private Node shownView;

    BranchesPage(BranchesPageViewModel model, Dialogs dialogs) {
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
        bindings.bind(delete.disableProperty(), javafx.beans.binding.Bindings.isEmpty(model.selectedIds()));
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
        dev.arbor.ui.sql.SqlEditorWindows.follow(model.actions().sqlEditors(), this);
        SplitPane split = new SplitPane(list, details);
        split.setId("branches-split");
        split.setDividerPositions(model.detailsDividerProperty().get());
        bindings.listen(split.getDividers().get(0).positionProperty(),
                (o, a, b) -> model.detailsDividerProperty().set(b.doubleValue()));
        bindings.subscribe(model.treeShownProperty(), shown -> {
            javafx.scene.Node wanted = shown ? tree : list;
            // only a real switch touches the split: taking the table out and back in re-creates its skin
            if (split.getItems().get(0) != wanted) {
                double divider = model.detailsDividerProperty().get();
                split.getItems().set(0, wanted);
                split.setDividerPositions(divider);
            }
        });
        SplitPane.setResizableWithParent(details, false);
        details.setMinWidth(340);
        getStyleClass().add("page");
        setCenter(split);
        bindSelection();
        bindDialogs();
        addEventFilter(KeyEvent.KEY_PRESSED, this::shortcut);
    }

    /** The table's selection and the page's follow each other (the model decides how, and when not to). */
    private void bindSelection() {
        TableView<BranchRow> table = list.table();
        TableSelection selection = model.tableSelection();
        bindings.listen(table.getSelectionModel().getSelectedItems(), (ListChangeListener<BranchRow>) c -> {
            BranchRow focused = table.getSelectionModel().getSelectedItem();
            selection.tableChanged(table.getSelectionModel().getSelectedItems().stream()
                    .filter(Objects::nonNull).map(BranchRow::id).toList(), focused == null ? null : focused.id());
        });
        bindings.add(() -> selection.follow(shown -> show(table, shown)));
    }

    private static void show(TableView<BranchRow> table, TableSelection.Shown shown) {
        var selection = table.getSelectionModel();
        selection.clearSelection();
        shown.selected().forEach(selection::select);
        if (shown.focused() >= 0) {
            selection.select(shown.focused());
            table.getFocusModel().focus(shown.focused());
        }
        if (shown.scrollTo() >= 0) {
            table.scrollTo(shown.scrollTo());
        }
    }

    /**
     * Each model's open dialog is shown in the window's dialogs. One closing hides only its own dialog (another
     * may have opened first); a page that goes away takes its dialog with it, and one back shows the open one.
     */
    private void bindDialogs() {
        dialogFor(model.actions().dialogProperty(), ActionDialogViews::viewFor);
        dialogFor(model.createProperty(), CreateBranchDialog::new);
        dialogFor(model.restoreProperty(), w -> new RestoreWizard(w, dev.arbor.ui.sql.PointSqlView::of));
        dialogFor(model.schemaDiffProperty(), SchemaDiffView::new);
        dialogFor(model.paletteProperty(), CommandPaletteView::new);
        bindings.add(() -> () -> {
            if (shownView != null && dialogs.pane().getContent() == shownView) {
                dialogs.hide();
            }
            shownFor = null;
            shownView = null;
        });
    }

    private <T> void dialogFor(ObservableValue<T> open, Function<T, Node> view) {
        bindings.subscribe(open, dialog -> {
            if (dialog != null) {
                shownFor = dialog;
                shownView = view.apply(dialog);
                dialogs.show(shownView);
            } else if (shownFor != null && !isOpen(shownFor)) {
                shownFor = null;
                shownView = null;
                dialogs.hide();
            }
        });
    }

    private boolean isOpen(Object dialog) {
        return dialog == model.actions().dialogProperty().get() || dialog == model.createProperty().get()
                || dialog == model.restoreProperty().get() || dialog == model.schemaDiffProperty().get()
                || dialog == model.paletteProperty().get();
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
        } else if (Shortcut.SQL_EDITOR.matches(e)) {
            model.openSqlEditorOfSelected();
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
