package dev.arbor.ui.details;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.arbor.domain.BranchPolicy.Action;
import dev.arbor.ui.actions.ActionsMenuButton;
import dev.arbor.ui.actions.BranchActionsViewModel;
import dev.arbor.ui.actions.MenuEntry;
import dev.arbor.ui.common.ComputeDots;
import dev.arbor.ui.common.Shortcut;
import dev.arbor.ui.common.ViewBindings;
import java.util.List;
import java.util.function.Consumer;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The details panel: the selected branch's name and id with copy buttons, its facts, the Last data
 * reset panel, computes, roles and databases, child branches as links, and the Actions menu. Empty,
 * loading and failed states each say what is going on.
 */
public final class BranchDetailsView extends StackPane {
    private final BranchDetailsViewModel model;
    private final BranchActionsViewModel actions;
    private final Consumer<String> openBranch;
    private final Consumer<String> compareToParent;
    private final VBox content = new VBox(14);
    private final ScrollPane scroll = new ScrollPane(content);
    private final ActionsMenuButton actionsMenu;
    /**
     * The name and ID over the panel, with Connect and the Actions menu beside them. It is made once and only its
     * texts are redrawn: the buttons never leave the window, for a button taken out and put back closes its open
     * menu, and the project changes often while computes run (sizes, heads, states).
     */
    private final HeaderRow headerRow;
    private final VBox header;
    /** Everything under the header, redrawn whole when what it shows changes. */
    private final VBox body = new VBox(14);
    private final ViewBindings bindings = ViewBindings.of(this);
    /** What the panel shows now, to tell a redraw that changes something from one that would not. */
    private List<Object> shown;

    public BranchDetailsView(BranchDetailsViewModel model, BranchActionsViewModel actions, Consumer<String> openBranch) {
        this(model, actions, openBranch, null);
    }

    /** {@code compareToParent} opens the Schema diff of a child branch (by id) against its parent; null: not offered. */
    public BranchDetailsView(BranchDetailsViewModel model, BranchActionsViewModel actions, Consumer<String> openBranch,
                             Consumer<String> compareToParent) {
        this.model = model;
        this.actions = actions;
        this.openBranch = openBranch;
        this.compareToParent = compareToParent;
        this.actionsMenu = new ActionsMenuButton(actions);
        actionsMenu.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        // the buttons share the name's row while the whole name fits beside them, and get a row of their own under
        // it otherwise, so a name is never broken inside a word for them
        HBox buttons = new HBox(8, connectButton(), actionsMenu);
        buttons.setAlignment(Pos.TOP_RIGHT);
        this.headerRow = new HeaderRow(new VBox(), buttons);
        this.header = new VBox(6, headerRow, new HBox());
        content.getChildren().setAll(header, body);
        setId("branch-details");
        getStyleClass().add("details-panel");
        content.getStyleClass().add("details-content");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        bindings.onChange(this::rebuild, model.stateProperty(), model.factsProperty(), model.children(),
                model.computes(), model.databases(), model.roles(), actions.menuProperty());
    }

    /** Moves the keyboard into the panel, for Enter on a table row. */
    public void focusPanel() {
        scroll.setVvalue(0);
        scroll.requestFocus();
    }

    private void rebuild() {
        BranchFacts f = model.factsProperty().get();
        if (model.stateProperty().get() == BranchDetailsViewModel.State.EMPTY || f == null) {
            shown = null;
            getChildren().setAll(emptyState());
            return;
        }
        // The project changes often while computes run (sizes, heads): a redraw that would show the same takes the
        // Actions menu out of the window and back, which closes it under the user's pointer. Only a change redraws.
        List<Object> now = List.of(model.stateProperty().get(), f, List.copyOf(model.children()),
                List.copyOf(model.computes()), List.copyOf(model.databases()), List.copyOf(model.roles()),
                java.util.Objects.requireNonNullElse(actions.menuProperty().get(), List.of()),
                java.util.Objects.requireNonNullElse(model.errorProperty().get(), ""));
        if (now.equals(shown) && getChildren().size() == 1 && getChildren().get(0) == scroll) {
            return;
        }
        shown = now;
        showHeader(f);
        body.getChildren().setAll(facts(f), resetPanel(f), computes(), catalog(), children());
        if (getChildren().size() != 1 || getChildren().get(0) != scroll) {
            // only when it is not there yet: taking the panel out and back would drop the keyboard focus it holds
            getChildren().setAll(scroll);
        }
    }

    private Node emptyState() {
        FontIcon icon = new FontIcon(Feather.GIT_BRANCH);
        icon.getStyleClass().add("empty-icon");
        Label title = new Label("No branch selected");
        title.getStyleClass().add(Styles.TITLE_4);
        Label text = new Label("Select a branch in the table to see its details and actions. "
                + Shortcut.PALETTE.label() + " finds a branch by name.");
        text.setWrapText(true);
        text.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(10, icon, title, text);
        box.setId("details-empty");
        box.setAlignment(Pos.CENTER);
        box.setMaxWidth(300);
        return box;
    }

    /** Names longer than this get the smaller title. */
    private static final int LONG_NAME = 22;

    private void showHeader(BranchFacts f) {
        // A long name (a backup's, with its timestamp) is read whole: it gets the smaller title and wraps after
        // its underscores (an invisible break opportunity; copying uses the real name). Only a single part wider
        // than the panel ends in an ellipsis, with the whole name in the tooltip.
        Label name = new Label(f.name().replace("_", "_\u200B"));
        name.setId("details-name");
        name.getStyleClass().add(f.name().length() > LONG_NAME ? Styles.TITLE_4 : Styles.TITLE_3);
        name.setWrapText(true);
        name.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        name.setMinWidth(0);
        name.setTooltip(new javafx.scene.control.Tooltip(f.name()));
        Label kind = new Label(f.kind());
        kind.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox titles = new VBox(2, new HBox(4, name, copyButton("copy-name", f.name(), "Copy the name")), kind);
        titles.setMinWidth(0);
        headerRow.setTitle(titles);
        Label id = new Label(f.id());
        id.setId("details-id");
        id.getStyleClass().add("mono");
        HBox idLine = new HBox(4, new Label("ID"), id, copyButton("copy-id", f.id(), "Copy the ID"));
        idLine.setAlignment(Pos.CENTER_LEFT);
        idLine.getChildren().get(0).getStyleClass().add(Styles.TEXT_MUTED);
        header.getChildren().set(1, idLine);
    }

    /** Connect, beside the Actions menu as in Neon's console: what a client needs to reach the branch. */
    private Button connectButton() {
        Button button = new Button("Connect", new FontIcon(Feather.LINK));
        button.setId("details-connect");
        button.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        button.setTooltip(new Tooltip("The connection string and psql command for this branch ("
                + Shortcut.CONNECT.label() + ")"));
        button.setOnAction(e -> actions.connect());
        return button;
    }

    /** The branch's SQL editor, in a window of its own; beside the computes it queries, leaving the title its room. */
    private Button sqlButton() {
        Button button = new Button("Open SQL editor", new FontIcon(Feather.TERMINAL));
        button.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        button.setId("details-sql");
        button.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        button.setTooltip(new Tooltip(Shortcut.SQL_EDITOR.after("Query this branch in the SQL editor")));
        button.setOnAction(e -> actions.openSqlEditor());
        return button;
    }

    private Node facts(BranchFacts f) {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("facts");
        grid.setHgap(12);
        grid.setVgap(6);
        int row = 0;
        addFact(grid, row++, "Created", text(f.created() + " by " + f.createdBy()));
        if (f.parentId() != null) {
            Hyperlink parent = new Hyperlink(f.parentName());
            parent.setId("details-parent");
            parent.setOnAction(e -> openBranch.accept(f.parentId()));
            addFact(grid, row++, "Parent", parent);
            if (compareToParent != null) {
                Hyperlink diff = new Hyperlink("Open schema diff");
                diff.setId("details-compare-to-parent");
                diff.setTooltip(new Tooltip("The schema of \"" + f.parentName() + "\" at its head against this branch's"));
                diff.setOnAction(e -> compareToParent.accept(f.id()));
                addFact(grid, row++, "Compare to parent", diff);
            }
        } else {
            addFact(grid, row++, "Parent", text("None (root branch)"));
        }
        Label branchingPoint = text(f.branchingPoint());
        branchingPoint.setId("details-branching-point");
        addFact(grid, row++, "Branching point", branchingPoint);
        addFact(grid, row++, "Data size", text(f.dataSize()));
        Label hours = text(f.computeHours());
        hours.setId("details-compute-hours");
        addFact(grid, row++, "Compute hours", hours);
        if (f.restore() != null) {
            Label restore = text(f.restore());
            restore.setId("details-restore");
            addFact(grid, row++, "Restore", restore);
        }
        Label expiration = text(f.expiration());
        expiration.setId("details-expiration");
        addFact(grid, row++, "Expiration", expiration);
        Label protection = text(f.protection());
        protection.setId("details-protection");
        addFact(grid, row, "Protection", protection);
        return grid;
    }

    private Node resetPanel(BranchFacts f) {
        Label title = new Label("Last data reset");
        title.getStyleClass().add(Styles.TITLE_4);
        Label when = text(f.lastReset());
        when.setId("details-last-reset");
        MenuEntry reset = actions.entry(Action.RESET_FROM_PARENT);
        Button button = new Button("Reset from parent", new FontIcon(Feather.ROTATE_CCW));
        button.setId("details-reset");
        button.setOnAction(e -> actions.open(Action.RESET_FROM_PARENT));
        VBox panel = new VBox(6, title, when, button);
        if (reset == null || !reset.allowed()) {
            button.setDisable(true);
            Label why = text(reset == null ? "" : reset.whyNot());
            why.setId("details-reset-reason");
            why.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            panel.getChildren().add(why);
        }
        panel.getStyleClass().add("details-card");
        return panel;
    }

    private Node computes() {
        VBox box = section("Computes");
        // the SQL editor on the heading's line, so the sections below keep their place
        Node heading = box.getChildren().remove(0);
        HBox headingLine = new HBox(8, heading, new atlantafx.base.controls.Spacer(), sqlButton());
        headingLine.setAlignment(Pos.CENTER_LEFT);
        box.getChildren().add(0, headingLine);
        if (model.computes().isEmpty()) {
            box.getChildren().add(muted("No compute. Add one to connect to this branch."));
        }
        for (BranchDetailsViewModel.ComputeLine c : model.computes()) {
            FontIcon dot = new FontIcon(Feather.CIRCLE);
            ComputeDots.show(dot, c.current());
            Label line = text(c.type() + " · " + c.state() + " · " + c.size());
            line.setGraphic(dot);
            Label id = new Label(c.id());
            id.getStyleClass().addAll("mono", Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            box.getChildren().add(new VBox(1, line, id));
        }
        return box;
    }

    private Node catalog() {
        VBox box = section("Roles & databases");
        switch (model.stateProperty().get()) {
            case LOADING -> {
                ProgressIndicator spinner = new ProgressIndicator();
                spinner.setPrefSize(16, 16);
                Label loading = muted("Loading roles and databases…");
                loading.setGraphic(spinner);
                box.getChildren().add(loading);
            }
            case FAILED -> {
                Message m = new Message("Could not load roles and databases",
                        model.errorProperty().get() == null ? "" : model.errorProperty().get().sentence(),
                        new FontIcon(Feather.ALERT_TRIANGLE));
                m.getStyleClass().add(Styles.DANGER);
                Button retry = new Button("Try again");
                retry.setOnAction(e -> model.retry());
                box.getChildren().addAll(m, retry);
            }
            default -> {
                box.getChildren().add(list("Databases", model.databases()));
                box.getChildren().add(list("Roles", model.roles()));
            }
        }
        return box;
    }

    private Node children() {
        VBox box = section("Child branches");
        if (model.children().isEmpty()) {
            box.getChildren().add(muted("No child branches."));
        }
        for (BranchDetailsViewModel.BranchLink c : model.children()) {
            Hyperlink link = new Hyperlink(c.name());
            link.getStyleClass().add("child-link");
            link.setOnAction(e -> openBranch.accept(c.id()));
            box.getChildren().add(link);
        }
        box.setId("details-children");
        return box;
    }

    // Building blocks

    private static Node list(String title, ObservableList<String> items) {
        Label heading = new Label(title);
        heading.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_BOLD);
        VBox box = new VBox(2, heading);
        if (items.isEmpty()) {
            box.getChildren().add(muted("None"));
        }
        for (String s : List.copyOf(items)) {
            box.getChildren().add(text(s));
        }
        return box;
    }

    private static VBox section(String title) {
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TITLE_4);
        VBox box = new VBox(6, heading);
        box.getStyleClass().add("details-section");
        return box;
    }

    private static void addFact(GridPane grid, int row, String name, Node value) {
        Label label = new Label(name);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        label.setMinWidth(Label.USE_PREF_SIZE);
        grid.add(label, 0, row);
        grid.add(value, 1, row);
        GridPane.setHgrow(value, Priority.ALWAYS);
    }

    private static Label text(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        l.setMinHeight(Label.USE_PREF_SIZE);
        return l;
    }

    private static Label muted(String s) {
        Label l = text(s);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        return l;
    }

    private static Button copyButton(String id, String value, String tip) {
        Button b = new Button(null, new FontIcon(Feather.COPY));
        b.setId(id);
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(value);
            Clipboard.getSystemClipboard().setContent(c);
        });
        return b;
    }
}
