package dev.arbor.ui.diff;

import atlantafx.base.theme.Styles;
import dev.arbor.ui.common.DialogBox;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Schema diff dialog: the two sides and the database on top, then the unified diff with its additions and
 * removals coloured, or a sentence when the schemas are the same. It binds to {@link SchemaDiffModel} and nothing
 * else; Close (and Escape) go through the model, which stops what it was reading.
 */
public final class SchemaDiffView extends VBox {
    private static final String STYLESHEET = Objects.requireNonNull(SchemaDiffView.class.getResource("/css/schema-diff.css"),
            "css/schema-diff.css is missing from the resources").toExternalForm();

    public SchemaDiffView(SchemaDiffModel m) {
        getStylesheets().add(STYLESHEET);
        DiffSideView base = new DiffSideView("diff-base", "Base (lines only here are removals)", m.base(), m.branches());
        DiffSideView compared = new DiffSideView("diff-compared", "Compared (lines only here are additions)",
                m.compared(), m.branches());
        HBox.setHgrow(base, Priority.ALWAYS);
        HBox.setHgrow(compared, Priority.ALWAYS);
        base.setPrefWidth(420);
        compared.setPrefWidth(420);
        Button swap = new Button(null, new FontIcon(Feather.REPEAT));
        swap.setId("diff-swap");
        swap.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        swap.setTooltip(new Tooltip("Compare the other way round"));
        swap.setOnAction(e -> m.swap());
        VBox middle = new VBox(swap);
        middle.setAlignment(Pos.TOP_CENTER);
        middle.setPadding(new javafx.geometry.Insets(26, 0, 0, 0));
        HBox sides = new HBox(12, base, middle, compared);

        ComboBox<String> database = new ComboBox<>(m.databases());
        database.setId("diff-database");
        database.setPrefWidth(200);
        database.valueProperty().bindBidirectional(m.databaseProperty());
        Label databaseLabel = new Label("Database");
        databaseLabel.getStyleClass().add(Styles.TEXT_BOLD);
        Button compare = DialogBox.button("diff-compare", "Compare", Styles.ACCENT);
        compare.setGraphic(new FontIcon(Feather.COLUMNS));
        compare.disableProperty().bind(m.canCompareProperty().not().or(m.loadingProperty()));
        compare.setOnAction(e -> m.compare());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        Label progress = new Label();
        progress.setId("diff-progress");
        progress.textProperty().bind(m.progressProperty());
        progress.getStyleClass().add(Styles.TEXT_MUTED);
        Button stop = DialogBox.button("diff-stop", "Stop");
        stop.setOnAction(e -> m.stop());
        HBox loading = new HBox(8, spinner, progress, stop);
        loading.setAlignment(Pos.CENTER_LEFT);
        loading.visibleProperty().bind(m.loadingProperty());
        loading.managedProperty().bind(loading.visibleProperty());
        Label databases = small("diff-databases", Styles.TEXT_MUTED);
        databases.textProperty().bind(m.databasesTextProperty());
        HBox controls = new HBox(10, databaseLabel, database, compare, loading, databases);
        controls.setAlignment(Pos.CENTER_LEFT);

        Label problem = small("diff-problem", Styles.TEXT_MUTED);
        problem.textProperty().bind(Bindings.createStringBinding(() -> m.problemProperty().get() == null
                || m.base().problemProperty().get() != null || m.compared().problemProperty().get() != null
                ? "" : m.problemProperty().get(), m.problemProperty()));
        Label failure = small("diff-failure", Styles.DANGER);
        m.failureProperty().subscribe(f -> failure.setText(f == null ? "" : f.sentence()));

        Label summary = new Label();
        summary.setId("diff-summary");
        summary.setWrapText(true);
        summary.setMinHeight(Label.USE_PREF_SIZE);
        summary.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(summary, Priority.ALWAYS);
        Button copy = DialogBox.button("diff-copy", "Copy diff");
        copy.setGraphic(new FontIcon(Feather.COPY));
        copy.setTooltip(new Tooltip("Copy the unified diff, as compare_schema returns it"));
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(m.diffText());
            Clipboard.getSystemClipboard().setContent(c);
        });
        HBox resultHead = new HBox(10, summary, copy);
        resultHead.setAlignment(Pos.CENTER_LEFT);

        ListView<DiffLine> lines = new ListView<>();
        lines.setId("diff-lines");
        lines.getStyleClass().add("diff-lines");
        lines.setCellFactory(v -> new DiffLineCell());
        lines.setFixedCellSize(22);
        Label same = new Label();
        same.setId("diff-same");
        same.setGraphic(new FontIcon(Feather.CHECK_CIRCLE));
        same.getStyleClass().add(Styles.SUCCESS);
        same.setWrapText(true);
        Label empty = new Label("The diff appears here once both sides and a database are chosen.");
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        StackPane resultBody = new StackPane();
        resultBody.getStyleClass().add("diff-result");
        resultBody.setPrefHeight(400);
        VBox.setVgrow(resultBody, Priority.ALWAYS);
        m.resultProperty().subscribe(r -> {
            copy.setDisable(r == null || r.same());
            summary.setText(r == null ? "" : r.summary());
            if (r == null) {
                resultBody.getChildren().setAll(empty);
            } else if (r.same()) {
                same.setText("The schemas of \"" + r.database() + "\" are the same on both sides: no line differs.");
                resultBody.getChildren().setAll(same);
            } else {
                lines.getItems().setAll(r.lines());
                lines.scrollTo(0);
                resultBody.getChildren().setAll(lines);
            }
        });

        Button close = DialogBox.button("diff-close", "Close");
        close.setOnAction(e -> m.close());
        DialogBox box = new DialogBox("schema-diff", "Schema diff", Feather.GIT_PULL_REQUEST)
                .body(sides, controls, problem, failure, resultHead, resultBody)
                .buttons(close);
        box.setPrefWidth(1040);
        box.setPrefHeight(720);
        getChildren().setAll(box);
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
    }

    private static Label small(String id, String style) {
        Label l = DialogBox.paragraph("");
        l.setId(id);
        l.getStyleClass().addAll(Styles.TEXT_SMALL, style);
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.managedProperty());
        return l;
    }
}
