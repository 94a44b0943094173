package dev.arbor.ui.branches;

import atlantafx.base.controls.Message;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.util.Comparator;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The Branches page: a title with a Refresh button, a failure banner when loading fails, and the table. */
public final class BranchesView extends VBox {
    private final BranchListViewModel model;
    private final TableView<BranchRow> table = new TableView<>();
    private final Message failure = new Message();

    public BranchesView(BranchListViewModel model) {
        this.model = model;
        createView();
        initListeners();
    }

    private void createView() {
        getStyleClass().add("page");

        Label title = new Label("Branches");
        title.getStyleClass().add(Styles.TITLE_3);
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(model.loadingProperty());
        Button refresh = new Button("Refresh", new FontIcon(Feather.REFRESH_CW));
        refresh.setId("refresh-branches");
        refresh.setTooltip(new Tooltip("Load the branches again"));
        refresh.setOnAction(e -> model.refresh());
        refresh.disableProperty().bind(model.loadingProperty());
        HBox heading = new HBox(10, title, busy, new Spacer(), refresh);
        heading.setAlignment(Pos.CENTER_LEFT);

        failure.getStyleClass().add(Styles.DANGER);
        failure.setTitle("Could not load the branches");
        failure.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
        failure.managedProperty().bind(failure.visibleProperty());

        createTable();
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().setAll(heading, failure, table);
    }

    private void createTable() {
        table.setId("branch-table");
        table.getStyleClass().add(Styles.STRIPED);
        // Extra width goes to every column by its preferred width, so long names and parents get most.
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);

        TableColumn<BranchRow, BranchRow> branch = rowColumn("Branch", BranchRow::name,
                Comparator.comparing(BranchRow::name, String.CASE_INSENSITIVE_ORDER));
        branch.setCellFactory(c -> new BranchNameCell());
        branch.setPrefWidth(400);

        TableColumn<BranchRow, String> parent = new TableColumn<>("Parent");
        parent.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().parent()));
        parent.setCellFactory(c -> new ParentCell());
        parent.setPrefWidth(260);

        TableColumn<BranchRow, BranchRow> created = rowColumn("Created", BranchRow::created,
                Comparator.comparing(BranchRow::createdAt));
        created.setPrefWidth(150);
        created.setMaxWidth(220);

        TableColumn<BranchRow, BranchRow> size = rowColumn("Data size", BranchRow::dataSize,
                Comparator.comparingLong(BranchRow::dataSizeBytes));
        size.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        size.setPrefWidth(100);
        size.setMaxWidth(160);

        table.getColumns().setAll(java.util.List.of(branch, parent, created, size));

        Label placeholder = new Label();
        placeholder.textProperty().bind(model.statusProperty());
        table.setPlaceholder(placeholder);

        // The model keeps the backend's order; sorting by a column happens in this copy only.
        SortedList<BranchRow> sorted = new SortedList<>(model.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
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
        failure.visibleProperty().bind(model.errorProperty().isNotNull());
        model.errorProperty().subscribe(error -> failure.setDescription(error == null ? null : error.sentence()));
    }
}
