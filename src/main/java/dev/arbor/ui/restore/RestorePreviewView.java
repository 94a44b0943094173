package dev.arbor.ui.restore;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.common.ViewBindings;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Time Travel Assist: tables with row counts at the point and now, the differences, and a paged table browser; beside
 * them, where the wizard has one, the SQL tab for read-only queries at the point.
 */
final class RestorePreviewView extends VBox {
    private final ViewBindings bindings = ViewBindings.of(this);

    RestorePreviewView(RestorePreviewModel m) {
        this(m, null);
    }

    /** With the SQL tab made by {@code sqlTab} for the model's queries (null: no SQL tab). */
    RestorePreviewView(RestorePreviewModel m, Function<PreviewQueries, Node> sqlTab) {
        super(10);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        bindings.bind(spinner.visibleProperty(), m.loadingProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());
        Label note = DialogBox.paragraph("");
        note.setId("restore-preview-note");
        bindings.bind(note.textProperty(), m.noteProperty());
        HBox.setHgrow(note, Priority.ALWAYS);
        HBox top = new HBox(8, spinner, note);
        top.setAlignment(Pos.CENTER_LEFT);
        Label failure = DialogBox.paragraph("");
        failure.setId("restore-preview-failure");
        failure.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        bindings.bind(failure.textProperty(), Bindings.createStringBinding(() -> m.failureProperty().get() == null ? ""
                : m.failureProperty().get(), m.failureProperty()));
        failure.managedProperty().bind(failure.textProperty().isNotEmpty());
        failure.visibleProperty().bind(failure.managedProperty());

        TableView<PreviewTable> tables = new TableView<>(m.tables());
        tables.setId("restore-preview-tables");
        tables.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        tables.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tables.getColumns().setAll(List.of(
                column("Table", 160, PreviewTable::qualifiedName),
                column("At the point", 105, t -> count(t.rowsAtPoint())),
                column("Now", 75, t -> count(t.rowsNow())),
                column("Change", 95, PreviewTable::change)));
        tables.setPrefHeight(150);
        tables.setPlaceholder(new Label("No tables at this point."));
        tables.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> m.browse(b));
        bindings.bind(tables.visibleProperty(), m.schemaProperty().isEmpty());
        tables.managedProperty().bind(tables.visibleProperty());

        TextArea schema = new TextArea();
        schema.setId("restore-preview-schema");
        schema.setEditable(false);
        schema.getStyleClass().add("mono");
        schema.setPrefRowCount(8);
        bindings.bind(schema.textProperty(), m.schemaProperty());
        bindings.bind(schema.visibleProperty(), m.schemaProperty().isNotEmpty());
        schema.managedProperty().bind(schema.visibleProperty());

        Label diffTitle = new Label("Compared with the branch now");
        diffTitle.getStyleClass().add(Styles.TEXT_BOLD);
        VBox differences = new VBox(4);
        differences.setId("restore-differences");
        bindings.onChange(() -> fillDifferences(m, differences), m.differences());
        VBox diffBox = new VBox(6, diffTitle, differences);
        diffBox.setPrefWidth(280);
        diffBox.setMinWidth(240);
        HBox.setHgrow(tables, Priority.ALWAYS);
        HBox.setHgrow(schema, Priority.ALWAYS);
        HBox middle = new HBox(12, tables, schema, diffBox);

        Label browsing = new Label();
        browsing.setId("restore-browsing");
        browsing.getStyleClass().add(Styles.TEXT_BOLD);
        bindings.bind(browsing.textProperty(), Bindings.createStringBinding(() -> m.browsingProperty().get() == null ? ""
                : "Rows of " + m.browsingProperty().get().qualifiedName() + " at the point (read-only)", m.browsingProperty()));
        TableView<List<String>> rows = new TableView<>(m.rows());
        rows.setId("restore-preview-rows");
        rows.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        rows.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        rows.setPrefHeight(190);
        rows.setPlaceholder(new Label("No rows at this point."));
        bindings.onChange(() -> fillColumns(m, rows), m.columns());
        Button previous = new Button(null, new FontIcon(Feather.CHEVRON_LEFT));
        previous.setId("restore-page-previous");
        previous.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.SMALL);
        bindings.bind(previous.disableProperty(), m.hasPreviousProperty().not());
        previous.setOnAction(e -> m.previousPage());
        Button next = new Button(null, new FontIcon(Feather.CHEVRON_RIGHT));
        next.setId("restore-page-next");
        next.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.SMALL);
        bindings.bind(next.disableProperty(), m.hasNextProperty().not());
        next.setOnAction(e -> m.nextPage());
        Label page = new Label();
        page.setId("restore-page");
        page.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        bindings.bind(page.textProperty(), m.pageTextProperty());
        HBox spacer = new HBox();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox pager = new HBox(6, browsing, spacer, page, previous, next);
        pager.setAlignment(Pos.CENTER_LEFT);
        VBox browser = new VBox(6, pager, rows);
        bindings.bind(browser.visibleProperty(), m.browsingProperty().isNotNull());
        browser.managedProperty().bind(browser.visibleProperty());

        if (sqlTab == null || m.queries() == null) {
            getChildren().setAll(top, failure, middle, browser);
            return;
        }
        Tab tablesTab = new Tab("Tables", new VBox(10, middle, browser));
        tablesTab.setId("restore-tables-tab");
        tablesTab.setGraphic(new FontIcon(Feather.GRID));
        Tab sql = new Tab("SQL", sqlTab.apply(m.queries()));
        sql.setId("restore-sql-tab");
        sql.setGraphic(new FontIcon(Feather.TERMINAL));
        sql.setTooltip(new Tooltip("Run read-only queries on the branch as it was at the point"));
        TabPane tabs = new TabPane(tablesTab, sql);
        tabs.setId("restore-preview-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        getChildren().setAll(top, failure, tabs);
    }

    private static TableColumn<PreviewTable, String> column(String title, double width,
                                                            java.util.function.Function<PreviewTable, String> value) {
        TableColumn<PreviewTable, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setMinWidth(width * 0.8);
        c.setSortable(false);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    private static void fillColumns(RestorePreviewModel m, TableView<List<String>> rows) {
        rows.getColumns().clear();
        for (int i = 0; i < m.columns().size(); i++) {
            int index = i;
            TableColumn<List<String>, String> c = new TableColumn<>(m.columns().get(i));
            c.setSortable(false);
            c.setPrefWidth(Math.max(70, Math.min(240, 720.0 / m.columns().size())));
            c.setCellValueFactory(d -> new ReadOnlyStringWrapper(index < d.getValue().size() ? d.getValue().get(index) : ""));
            rows.getColumns().add(c);
        }
    }

    private static void fillDifferences(RestorePreviewModel m, VBox box) {
        box.getChildren().clear();
        for (String d : m.differences()) {
            Label l = DialogBox.paragraph(d);
            l.getStyleClass().add(Styles.TEXT_SMALL);
            l.setGraphic(new FontIcon(Feather.CHEVRON_RIGHT));
            box.getChildren().add(l);
        }
    }

    private static String count(Long n) {
        return n == null ? "—" : String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
