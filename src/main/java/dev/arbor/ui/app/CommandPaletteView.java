package dev.arbor.ui.app;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import dev.arbor.ui.common.ViewBindings;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The command palette: a search field over a list of actions and branches. */
final class CommandPaletteView extends VBox {
    private final ViewBindings bindings = ViewBindings.of(this);

    CommandPaletteView(CommandPaletteViewModel m) {
        setId("command-palette");
        getStyleClass().add("dialog-box");
        CustomTextField query = new CustomTextField();
        query.setId("palette-query");
        query.setPromptText("Find a branch or an action");
        query.setLeft(new FontIcon(Feather.SEARCH));
        bindings.bindBidirectional(query.textProperty(), m.queryProperty());
        ListView<PaletteItem> results = new ListView<>(m.results());
        results.setId("palette-results");
        results.setPrefHeight(320);
        results.setCellFactory(v -> new ItemCell());
        results.setOnMouseClicked(e -> m.choose(results.getSelectionModel().getSelectedItem()));
        query.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                PaletteItem selected = results.getSelectionModel().getSelectedItem();
                if (selected != null) {
                    m.choose(selected);
                } else {
                    m.chooseFirst();
                }
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN) {
                results.getSelectionModel().selectNext();
                e.consume();
            } else if (e.getCode() == KeyCode.UP) {
                results.getSelectionModel().selectPrevious();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                m.cancel();
                e.consume();
            }
        });
        bindings.listen(m.results(), (javafx.collections.ListChangeListener<PaletteItem>) c -> {
            if (!m.results().isEmpty()) {
                results.getSelectionModel().select(0);
            }
        });
        if (!m.results().isEmpty()) {
            results.getSelectionModel().select(0);
        }
        getChildren().setAll(query, results);
        setSpacing(8);
        setPrefWidth(560);
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
        sceneProperty().addListener((o, a, s) -> {
            if (s != null) {
                query.requestFocus();
            }
        });
    }

    private static final class ItemCell extends ListCell<PaletteItem> {
        @Override
        protected void updateItem(PaletteItem item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            FontIcon icon = new FontIcon("Branch".equals(item.kind()) ? Feather.GIT_BRANCH : Feather.ZAP);
            Label label = new Label(item.label());
            label.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(label, Priority.ALWAYS);
            Label detail = new Label(item.detail());
            detail.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            HBox box = new HBox(8, icon, label, detail);
            box.setAlignment(Pos.CENTER_LEFT);
            setGraphic(box);
        }
    }
}
