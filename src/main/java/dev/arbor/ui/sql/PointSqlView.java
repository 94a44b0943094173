package dev.arbor.ui.sql;

import atlantafx.base.controls.Message;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import dev.arbor.ui.common.Shortcut;
import dev.arbor.ui.common.ViewBindings;
import dev.arbor.ui.restore.PreviewQueries;
import dev.arbor.ui.sql.PointSqlModel.Phase;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Restore wizard's SQL tab: what it reads (the branch as it was at the point, read-only), Run and Stop, the
 * database when the branch has several, the script in the SQL editor's {@link SqlScriptArea}, a refusal, and the last
 * result in the editor's {@link SqlResultView}.
 */
public final class PointSqlView extends VBox {
    private final ViewBindings bindings = ViewBindings.of(this);
    private final PointSqlModel model;
    private final SqlScriptArea area;
    private final StackPane result = new StackPane();

    public PointSqlView(PointSqlModel model) {
        super(8);
        this.model = Objects.requireNonNull(model);
        this.area = new SqlScriptArea(model.textProperty(), model.errorProperty(), model::run);
        setId("restore-sql");
        getStyleClass().add("point-sql");
        getStylesheets().add(Objects.requireNonNull(PointSqlView.class.getResource("/css/sql-editor.css")).toExternalForm());
        createView();
    }

    /** The view of the wizard's queries, which this package makes ({@link PointSqlModel}). */
    public static Node of(PreviewQueries queries) {
        if (queries instanceof PointSqlModel m) {
            return new PointSqlView(m);
        }
        throw new IllegalArgumentException("not queries this package made: " + queries);
    }

    /** The script's area, for a test or the wizard to focus. */
    public SqlScriptArea area() {
        return area;
    }

    private void createView() {
        Message banner = new Message("Time Travel Assist", "", new FontIcon(Feather.CLOCK));
        banner.setId("restore-sql-banner");
        banner.getStyleClass().add(Styles.ACCENT);
        bindings.bind(banner.descriptionProperty(), model.bannerProperty());

        area.setId("restore-sql-text");
        // framed by a pane around it: the scroll pane lays the area over its own insets
        StackPane scroller = new StackPane(new VirtualizedScrollPane<>(area));
        scroller.setPrefHeight(84);
        scroller.setMinHeight(72);
        scroller.getStyleClass().add("point-sql-script");

        Message error = new Message("Not run", "", new FontIcon(Feather.ALERT_OCTAGON));
        error.setId("restore-sql-error");
        error.getStyleClass().add(Styles.DANGER);
        bindings.bind(error.descriptionProperty(), Bindings.createStringBinding(() -> model.errorProperty().get() == null
                ? "" : model.errorProperty().get().sentence(), model.errorProperty()));
        bindings.bind(error.visibleProperty(), model.errorProperty().isNotNull());
        error.managedProperty().bind(error.visibleProperty());

        result.setId("restore-sql-result");
        result.setPrefHeight(150);
        result.setMinHeight(120);
        VBox.setVgrow(result, Priority.ALWAYS);
        bindings.onChange(this::showResult, model.results());

        getChildren().setAll(banner, toolbar(), scroller, error, result, statusLine());
    }

    private Node toolbar() {
        Button run = new Button("Run", new FontIcon(Feather.PLAY));
        run.setId("restore-sql-run");
        run.getStyleClass().addAll(Styles.ACCENT, Styles.SMALL);
        run.setTooltip(new Tooltip(Shortcut.RUN_SQL.after("Run the query, or the statements selected, at the point")));
        bindings.bind(run.disableProperty(), model.phaseProperty().isNotEqualTo(Phase.READY));
        run.setOnAction(e -> area.runSelectionOrAll(model::run));

        Button stop = new Button("Stop", new FontIcon(Feather.SQUARE));
        stop.setId("restore-sql-cancel");
        stop.getStyleClass().add(Styles.SMALL);
        stop.setTooltip(new Tooltip("Stop the query running (Esc); a stopped query changes nothing"));
        bindings.bind(stop.disableProperty(), busy().not());
        stop.setOnAction(e -> model.cancel());

        Button more = new Button("Load more", new FontIcon(Feather.CHEVRONS_DOWN));
        more.setId("restore-sql-load-more");
        more.getStyleClass().add(Styles.SMALL);
        more.setTooltip(new Tooltip("Load the next " + SqlSession.PAGE + " rows of the result"));
        more.setOnAction(e -> model.loadMore());
        bindings.onChange(() -> {
            SqlResult last = model.results().isEmpty() ? null : model.results().get(model.results().size() - 1);
            boolean some = last != null && last.moreProperty().get() && model.phaseProperty().get() == Phase.READY;
            more.setVisible(some);
        }, model.results(), model.phaseProperty());
        more.managedProperty().bind(more.visibleProperty());

        Label dbLabel = new Label("Database");
        dbLabel.getStyleClass().add(Styles.TEXT_MUTED);
        ComboBox<String> database = new ComboBox<>(model.databases());
        database.setId("restore-sql-database");
        database.getStyleClass().add(Styles.SMALL);
        bindings.bindBidirectional(database.valueProperty(), model.databaseProperty());
        bindings.bind(database.disableProperty(), busy());
        dbLabel.setLabelFor(database);
        // one database needs no choosing; the label still says where the queries run
        Label only = new Label();
        only.setId("restore-sql-database-name");
        bindings.bind(only.textProperty(), Bindings.createStringBinding(() -> model.databaseProperty().get() == null
                ? "" : model.databaseProperty().get(), model.databaseProperty()));
        BooleanBinding several = Bindings.size(model.databases()).greaterThan(1);
        bindings.bind(database.visibleProperty(), several);
        database.managedProperty().bind(database.visibleProperty());
        only.visibleProperty().bind(database.visibleProperty().not());
        only.managedProperty().bind(only.visibleProperty());

        HBox bar = new HBox(8, run, stop, more, new Spacer(), dbLabel, database, only);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private Node statusLine() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(14, 14);
        bindings.bind(spinner.visibleProperty(), busy());
        spinner.managedProperty().bind(spinner.visibleProperty());
        Label status = new Label();
        status.setId("restore-sql-status");
        status.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        status.setWrapText(true);
        bindings.bind(status.textProperty(), model.statusProperty());
        HBox line = new HBox(8, spinner, status);
        line.setAlignment(Pos.CENTER_LEFT);
        bindings.bind(line.visibleProperty(), status.textProperty().isNotEmpty().or(busy()));
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    private void showResult() {
        SqlResult r = model.shownResult();
        if (r == null) {
            Label none = new Label("The rows a query returns appear here.");
            none.getStyleClass().add(Styles.TEXT_MUTED);
            result.getChildren().setAll(none);
            return;
        }
        result.getChildren().setAll(new SqlResultView(r));
    }

    private BooleanBinding busy() {
        return model.phaseProperty().isEqualTo(Phase.CONNECTING).or(model.phaseProperty().isEqualTo(Phase.RUNNING));
    }
}
