package dev.arbor.ui.branches;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.controls.Message;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.arbor.ui.common.Shortcut;
import dev.arbor.ui.common.ViewBindings;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The branch list: a title with the page's buttons, the search field and quick filters with the count,
 * a failure banner when loading fails, and the virtualized table.
 */
public final class BranchesView extends VBox {
    private final BranchTableModel model;
    private final TableView<BranchRow> table = new TableView<>();
    private final CustomTextField search = new CustomTextField();
    private final Message failure = new Message();

    private final ViewBindings bindings = ViewBindings.of(this);

    public BranchesView(BranchTableModel model, Node... pageButtons) {
        this.model = model;
        createView(pageButtons);
        initListeners();
    }

    public TableView<BranchRow> table() {
        return table;
    }

    public CustomTextField searchField() {
        return search;
    }

    private void createView(Node... pageButtons) {
        getStyleClass().add("branch-list");

        Label title = new Label("Branches");
        title.getStyleClass().add(Styles.TITLE_3);
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        bindings.bind(busy.visibleProperty(), model.loadingProperty());
        Button refresh = new Button(null, new FontIcon(Feather.REFRESH_CW));
        refresh.setId("refresh-branches");
        refresh.getStyleClass().add(Styles.BUTTON_ICON);
        refresh.setTooltip(new Tooltip(Shortcut.REFRESH.after(Shortcut.REFRESH.does())));
        refresh.setOnAction(e -> model.refresh());
        bindings.bind(refresh.disableProperty(), model.loadingProperty());
        HBox heading = new HBox(8, title, busy, new Spacer());
        heading.getChildren().addAll(pageButtons);
        heading.getChildren().add(refresh);
        heading.setAlignment(Pos.CENTER_LEFT);

        search.setId("branch-search");
        search.setPromptText(Shortcut.FIND.after("Search by name or ID"));
        search.setLeft(new FontIcon(Feather.SEARCH));
        bindings.bindBidirectional(search.textProperty(), model.searchProperty());
        search.setPrefWidth(280);
        HBox.setHgrow(search, Priority.SOMETIMES);

        ComboBox<QuickFilter> filter = new ComboBox<>();
        filter.setId("quick-filter");
        filter.getItems().setAll(QuickFilter.values());
        bindings.bindBidirectional(filter.valueProperty(), model.filterProperty());
        filter.setTooltip(new Tooltip("Show only some branches"));

        Spinner<Integer> days = new Spinner<>(1, 365, model.inactiveDaysProperty().get());
        days.setId("inactive-days");
        days.setEditable(true);
        days.setPrefWidth(90);
        days.getValueFactory().valueProperty().addListener((o, a, b) -> model.inactiveDaysProperty().set(b));
        Label daysLabel = new Label("days");
        HBox inactive = new HBox(6, days, daysLabel);
        inactive.setAlignment(Pos.CENTER_LEFT);
        bindings.bind(inactive.visibleProperty(), model.filterProperty().isEqualTo(QuickFilter.INACTIVE));
        inactive.managedProperty().bind(inactive.visibleProperty());

        Label count = new Label();
        count.setId("branch-count");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        bindings.bind(count.textProperty(), model.countProperty());
        count.setMinWidth(USE_PREF_SIZE);

        HBox filters = new HBox(8, search, filter, inactive, new Spacer(), count);
        filters.setAlignment(Pos.CENTER_LEFT);

        failure.getStyleClass().add(Styles.DANGER);
        failure.setTitle("Could not load the branches");
        failure.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
        failure.managedProperty().bind(failure.visibleProperty());

        createTable();
        VBox.setVgrow(table, Priority.ALWAYS);
        setSpacing(10);
        getChildren().setAll(heading, filters, failure, table);
    }

    private void createTable() {
        table.setId("branch-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TableColumn<BranchRow, BranchRow> branch = rowColumn("Branch", BranchRow::name,
                Comparator.comparing(BranchRow::name, String.CASE_INSENSITIVE_ORDER));
        branch.setCellFactory(c -> new BranchNameCell());
        // the name is what a person reads the table by: it keeps room for "feature/checkout-v2" or a badge beside a
        // shorter name, and the other columns give way first
        branch.setPrefWidth(240);
        branch.setMinWidth(190);

        TableColumn<BranchRow, BranchRow> parent = rowColumn("Parent", BranchRow::parent,
                Comparator.comparing(BranchRow::parent, String.CASE_INSENSITIVE_ORDER));
        parent.setCellFactory(c -> new ParentCell());
        // wide enough for a backup parent's branch and time, "dev/maria  old 10:59" (ParentLabel)
        parent.setPrefWidth(158);
        parent.setMinWidth(158);

        TableColumn<BranchRow, BranchRow> compute = rowColumn("Compute", BranchRow::compute,
                Comparator.comparing(BranchRow::compute));
        compute.setCellFactory(c -> new ComputeCell());
        compute.setPrefWidth(90);
        compute.setMinWidth(90);

        TableColumn<BranchRow, BranchRow> size = rowColumn("Data size", BranchRow::dataSize,
                Comparator.comparingLong(BranchRow::dataSizeBytes));
        size.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        size.setPrefWidth(88);
        size.setMinWidth(88);

        // seed 002: "Number of hours the branch's compute was active so far in the current billing period"
        TableColumn<BranchRow, BranchRow> hours = rowColumn("Compute hours", BranchRow::computeHours,
                Comparator.comparingLong(BranchRow::activeTimeSeconds));
        hours.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        hours.setPrefWidth(138); // the whole heading, "Compute hours"
        hours.setMinWidth(138);

        TableColumn<BranchRow, BranchRow> createdBy = rowColumn("Created by", BranchRow::createdBy,
                Comparator.comparing(BranchRow::createdBy, String.CASE_INSENSITIVE_ORDER));
        createdBy.setPrefWidth(104);
        createdBy.setMinWidth(104);

        TableColumn<BranchRow, BranchRow> created = rowColumn("Created", BranchRow::created,
                Comparator.comparing(BranchRow::createdAt));
        created.setPrefWidth(142);
        created.setMinWidth(142);

        TableColumn<BranchRow, BranchRow> lastActive = rowColumn("Last active", BranchRow::lastActiveText,
                Comparator.comparing(BranchRow::lastActive, Comparator.nullsFirst(Comparator.naturalOrder())));
        lastActive.setPrefWidth(106);
        lastActive.setMinWidth(106);

        table.getColumns().setAll(List.of(branch, parent, hours, compute, size, createdBy, created, lastActive));

        Label emptyState = new Label();
        emptyState.setId("table-empty-state");
        bindings.bind(emptyState.textProperty(), javafx.beans.binding.Bindings.createStringBinding(
                () -> model.rows().isEmpty() ? model.statusProperty().get()
                        : "No branch matches the search and filter.",
                model.statusProperty(), model.countProperty()));
        table.setPlaceholder(emptyState);

        // The model sorts (once per new order) and then filters, so the table only shows its list; the
        // table's own sort, which would re-sort a copy on every search keystroke, has nothing to do.
        bindings.bind(model.sortOrderProperty(), table.comparatorProperty());
        table.setSortPolicy(t -> true);
        table.setItems(model.visibleRows());
    }

    /** A column whose value is the whole row, shown as {@code text} and sorted by {@code order}. */
    private static TableColumn<BranchRow, BranchRow> rowColumn(String title, Function<BranchRow, String> text,
                                                              Comparator<BranchRow> order) {
        TableColumn<BranchRow, BranchRow> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        column.setComparator(order);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(BranchRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : text.apply(row));
            }
        });
        return column;
    }

    private void initListeners() {
        bindings.bind(failure.visibleProperty(), model.errorProperty().isNotNull());
        bindings.subscribe(model.errorProperty(), error -> failure.setDescription(error == null ? null : error.sentence()));
    }
}
