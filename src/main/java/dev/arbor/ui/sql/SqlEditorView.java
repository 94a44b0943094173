package dev.arbor.ui.sql;

import atlantafx.base.controls.Message;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.common.Dialogs;
import dev.arbor.ui.common.Shortcut;
import java.nio.file.Path;
import java.util.function.BiFunction;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The SQL editor's view: the toolbar (Run, Stop, Load more, Export CSV, where it is connected), safe mode's banner,
 * the script in a RichTextFX {@link CodeArea} coloured by {@link SqlHighlighting}, and below it the refusal (marked
 * in the script too), one tab per result and the branch's history. Safe mode's question is an in-window dialog.
 */
public final class SqlEditorView extends StackPane {
    private final SqlEditorModel model;
    private final SqlScriptArea area;
    private final TabPane results = new TabPane();
    private final Tab historyTab = new Tab("History");
    private final Dialogs dialogs = new Dialogs();
    /** Asks where to save a CSV file: the window and a suggested name in, a path or null out (a FileChooser). */
    private BiFunction<Window, String, Path> saveAs = SqlEditorView::chooseFile;

    public SqlEditorView(SqlEditorModel model) {
        this.model = model;
        this.area = new SqlScriptArea(model.textProperty(), model.errorProperty(), model::run);
        setId("sql-editor");
        getStyleClass().add("sql-editor");
        createView();
        initListeners();
    }

    /** The editor's text area, for the window to focus. */
    public CodeArea area() {
        return area;
    }

    /** Replaces the file chooser (tests choose the file themselves). */
    public void setSaveAs(BiFunction<Window, String, Path> chooser) {
        this.saveAs = chooser;
    }

    private void createView() {
        area.setId("sql-text");
        VirtualizedScrollPane<CodeArea> scroller = new VirtualizedScrollPane<>(area);

        Message error = new Message("Not run", "", new FontIcon(Feather.ALERT_OCTAGON));
        error.setId("sql-error");
        error.getStyleClass().add(Styles.DANGER);
        error.descriptionProperty().bind(Bindings.createStringBinding(() -> model.errorProperty().get() == null
                ? "" : model.errorProperty().get().sentence(), model.errorProperty()));
        error.visibleProperty().bind(model.errorProperty().isNotNull());
        error.managedProperty().bind(error.visibleProperty());

        Message connection = new Message("Not connected", "", new FontIcon(Feather.WIFI_OFF));
        connection.setId("sql-connection-problem");
        connection.getStyleClass().add(Styles.WARNING);
        connection.descriptionProperty().bind(Bindings.createStringBinding(() -> model.connectionErrorProperty().get() == null
                ? "" : model.connectionErrorProperty().get().sentence(), model.connectionErrorProperty()));
        connection.visibleProperty().bind(model.connectionErrorProperty().isNotNull());
        connection.managedProperty().bind(connection.visibleProperty());

        results.setId("sql-results");
        results.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        historyTab.setId("sql-history-tab");
        historyTab.setContent(historyList());
        results.getTabs().setAll(historyTab);

        VBox lower = new VBox(8, error, connection, results);
        lower.getStyleClass().add("sql-lower");
        // a refusal shown above the results must not squeeze the script out of sight: each side keeps some room
        results.setMinHeight(120);
        lower.setMinHeight(160);
        scroller.setMinHeight(120);
        VBox.setVgrow(results, javafx.scene.layout.Priority.ALWAYS);
        SplitPane split = new SplitPane(scroller, lower);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);

        BorderPane frame = new BorderPane(split);
        frame.setTop(new VBox(toolbar(), safeModeBanner()));
        frame.setBottom(statusLine());
        getChildren().setAll(frame, dialogs.pane());
    }

    private Node toolbar() {
        Button run = new Button("Run", new FontIcon(Feather.PLAY));
        run.setId("sql-run");
        run.getStyleClass().add(Styles.ACCENT);
        run.setTooltip(new Tooltip(Shortcut.RUN_SQL.after("Run the script, or the statements selected")));
        run.disableProperty().bind(busy().or(model.phaseProperty().isEqualTo(SqlEditorModel.Phase.CONFIRMING)));
        run.setOnAction(e -> runSelectionOrAll());

        Button stop = new Button("Stop", new FontIcon(Feather.SQUARE));
        stop.setId("sql-cancel");
        stop.setTooltip(new Tooltip("Stop connecting, or stop the statement running; a stopped statement changes nothing"));
        stop.disableProperty().bind(busy().not());
        stop.setOnAction(e -> model.cancel());

        Button more = new Button("Load more", new FontIcon(Feather.CHEVRONS_DOWN));
        more.setId("sql-load-more");
        more.setTooltip(new Tooltip("Load the next " + SqlSession.PAGE + " rows of the last result"));
        more.setOnAction(e -> model.loadMore());
        Button export = new Button("Export CSV", new FontIcon(Feather.DOWNLOAD));
        export.setId("sql-export");
        export.setTooltip(new Tooltip("Save the result shown as a CSV file (the rows loaded)"));
        export.setOnAction(e -> export());
        Runnable update = () -> {
            SqlResult last = model.results().isEmpty() ? null : model.results().get(model.results().size() - 1);
            more.setDisable(last == null || !last.moreProperty().get() || model.phaseProperty().get() != SqlEditorModel.Phase.READY);
            export.setDisable(shownResult() == null);
        };
        model.results().addListener((ListChangeListener<SqlResult>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(r -> r.moreProperty().addListener((o, a, b) -> update.run()));
            }
            update.run();
        });
        model.phaseProperty().addListener((o, a, b) -> update.run());
        results.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> update.run());
        update.run();

        Label where = new Label();
        where.setId("sql-database");
        where.getStyleClass().add(Styles.TEXT_MUTED);
        where.textProperty().bind(Bindings.createStringBinding(() -> model.databaseProperty().get().isEmpty()
                ? "\"" + model.branch().name() + "\" · connects on the first run"
                : "\"" + model.branch().name() + "\" · " + model.databaseProperty().get(), model.databaseProperty()));
        Button travel = new Button("Time Travel", new FontIcon(Feather.CLOCK));
        travel.setId("sql-time-travel");
        travel.textProperty().bind(Bindings.when(model.pointProperty().isNull()).then("Time Travel").otherwise("Back to now"));
        travel.setTooltip(new Tooltip("Read the branch as it was at a moment or LSN in its history, read-only"));
        travel.disableProperty().bind(busy().or(model.phaseProperty().isEqualTo(SqlEditorModel.Phase.CONFIRMING)));
        travel.setOnAction(e -> {
            if (model.pointProperty().get() == null) {
                dialogs.show(pointDialog());
            } else {
                model.backToNow();
            }
        });
        travel.setVisible(model.canTimeTravel());
        travel.setManaged(travel.isVisible());
        HBox bar = new HBox(8, run, stop, new Spacer(8), more, export, new Spacer(8), travel, new Spacer(), where);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("sql-toolbar");
        return bar;
    }

    private Node safeModeBanner() {
        Message banner = new Message("Safe mode", "", new FontIcon(Feather.SHIELD));
        banner.setId("sql-safe-mode");
        banner.getStyleClass().add(Styles.WARNING);
        banner.descriptionProperty().bind(model.safeModeTextProperty());
        banner.visibleProperty().bind(model.safeModeProperty());
        banner.managedProperty().bind(banner.visibleProperty());
        banner.visibleProperty().unbind();
        banner.visibleProperty().bind(model.safeModeProperty().and(model.pointProperty().isNull()));
        Message travel = new Message("Time Travel", "", new FontIcon(Feather.CLOCK));
        travel.setId("sql-time-travel-banner");
        travel.getStyleClass().add(Styles.ACCENT);
        travel.descriptionProperty().bind(model.timeTravelTextProperty());
        travel.visibleProperty().bind(model.pointProperty().isNotNull());
        travel.managedProperty().bind(travel.visibleProperty());
        VBox box = new VBox(banner, travel);
        box.getStyleClass().add("sql-banner");
        box.visibleProperty().bind(banner.visibleProperty().or(travel.visibleProperty()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node statusLine() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(14, 14);
        spinner.visibleProperty().bind(busy());
        spinner.managedProperty().bind(spinner.visibleProperty());
        Label status = new Label();
        status.setId("sql-status");
        status.textProperty().bind(model.statusProperty());
        HBox line = new HBox(8, spinner, status);
        line.setAlignment(Pos.CENTER_LEFT);
        line.getStyleClass().add("sql-status-line");
        return line;
    }

    private ListView<SqlHistory.Entry> historyList() {
        ListView<SqlHistory.Entry> list = new ListView<>(model.history());
        list.setId("sql-history");
        list.setPlaceholder(new Label("What runs on \"" + model.branch().name() + "\" in this session is listed here."));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(SqlHistory.Entry e, boolean empty) {
                super.updateItem(e, empty);
                if (empty || e == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Label statement = new Label(e.statement().replaceAll("\\s+", " "));
                statement.getStyleClass().add("mono");
                Label outcome = new Label(dev.arbor.ui.common.Formats.dateTimeSeconds(e.at(), model.zone()) + " · " + e.outcome());
                outcome.getStyleClass().addAll(Styles.TEXT_SMALL, e.failed() ? Styles.DANGER : Styles.TEXT_MUTED);
                setGraphic(new VBox(2, statement, outcome));
                setText(null);
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
                model.recall(list.getSelectionModel().getSelectedItem());
            }
        });
        list.setTooltip(new Tooltip("Double-click a statement to put it back in the editor"));
        return list;
    }

    private void initListeners() {
        model.results().addListener((ListChangeListener<SqlResult>) c -> showResults());
        model.confirmationProperty().addListener((o, a, b) -> {
            if (b != null) {
                dialogs.show(confirmation(b));
            } else if (dialogs.isShowing()) {
                dialogs.hide();
            }
        });
    }

    private void runSelectionOrAll() {
        area.runSelectionOrAll(model::run);
    }

    private BooleanBinding busy() {
        return model.phaseProperty().isEqualTo(SqlEditorModel.Phase.CONNECTING)
                .or(model.phaseProperty().isEqualTo(SqlEditorModel.Phase.RUNNING));
    }

    private void showResults() {
        results.getTabs().retainAll(historyTab);
        int n = 0;
        for (SqlResult r : model.results()) {
            n++;
            Tab tab = new Tab(r.hasRows() ? "Result " + n : "Statement " + n);
            tab.setId("sql-result-" + n);
            tab.setUserData(r);
            tab.setContent(new SqlResultView(r));
            tab.setTooltip(new Tooltip(r.statement()));
            results.getTabs().add(results.getTabs().size() - 1, tab);
        }
        if (n > 0) {
            // the last result with rows, as psql shows the last; else the last statement's outcome
            Tab show = results.getTabs().get(n - 1);
            for (int i = n - 1; i >= 0; i--) {
                if (((SqlResult) results.getTabs().get(i).getUserData()).hasRows()) {
                    show = results.getTabs().get(i);
                    break;
                }
            }
            results.getSelectionModel().select(show);
        }
    }

    private SqlResult shownResult() {
        Tab t = results.getSelectionModel().getSelectedItem();
        return t != null && t.getUserData() instanceof SqlResult r && r.hasRows() ? r : null;
    }

    private void export() {
        SqlResult r = shownResult();
        if (r == null) {
            return;
        }
        Path file = saveAs.apply(getScene() == null ? null : getScene().getWindow(),
                model.branch().name().replaceAll("[^A-Za-z0-9._-]+", "-") + "-result.csv");
        if (file != null) {
            model.exportCsv(r, file);
        }
    }

    private static Path chooseFile(Window owner, String suggested) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Export the result as CSV");
        chooser.setInitialFileName(suggested);
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("CSV files", "*.csv"));
        java.io.File f = chooser.showSaveDialog(owner);
        return f == null ? null : f.toPath();
    }

    /** Time Travel's point: the picker Create and Restore use, checked against the branch's history window. */
    private Node pointDialog() {
        dev.arbor.ui.restore.PointPickerModel picker = model.newPointPicker();
        Button cancel = DialogBox.button("sql-travel-cancel", "Cancel");
        cancel.setOnAction(e -> dialogs.hide());
        Button go = DialogBox.button("sql-travel-go", "Travel", Styles.ACCENT);
        go.disableProperty().bind(Bindings.createBooleanBinding(() -> !picker.ready(), picker.pointProperty(),
                picker.problemProperty(), picker.resolvingProperty()));
        go.setOnAction(e -> {
            dialogs.hide();
            model.travelTo(picker.pointProperty().get());
        });
        Label what = DialogBox.paragraph("Queries will read \"" + model.branch().name()
                + "\" as it was at this point, read-only, until you come back to now.");
        DialogBox box = new DialogBox("sql-travel", "Time Travel", Feather.CLOCK)
                .body(what, new dev.arbor.ui.restore.RestorePointPicker(picker)).buttons(cancel, go);
        box.setPrefWidth(600);
        return box;
    }

    private Node confirmation(String statement) {
        TextArea text = new TextArea(statement);
        text.setId("sql-confirm-statement");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(Math.min(10, Math.max(2, (int) statement.lines().count())));
        text.getStyleClass().add("mono");
        Label why = DialogBox.paragraph(model.confirmationReasonProperty().get());
        why.getStyleClass().add(Styles.TEXT_MUTED);
        Label what = DialogBox.paragraph(model.safeModeText() + " Nothing has been changed yet.");
        Button decline = DialogBox.button("sql-confirm-decline", "Don't run");
        decline.setOnAction(e -> model.declineWrite());
        Button confirm = DialogBox.button("sql-confirm-run", "Run it", Styles.DANGER);
        confirm.setOnAction(e -> model.confirmWrite());
        DialogBox box = new DialogBox("sql-confirm", "Run a statement that writes to \"" + model.branch().name() + "\"?",
                Feather.ALERT_TRIANGLE).body(what, text, why).buttons(decline, confirm);
        box.setPrefWidth(600);
        return box;
    }
}
