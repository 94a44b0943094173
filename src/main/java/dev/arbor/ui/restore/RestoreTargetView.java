package dev.arbor.ui.restore;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import dev.arbor.domain.Branch;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.common.ViewBindings;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The wizard's first page: a search, the matching branches, and what the chosen one is. */
final class RestoreTargetView extends HBox {
    private final ViewBindings bindings = ViewBindings.of(this);
    private final RestoreTargetModel model;
    private final VBox facts = new VBox(6);

    RestoreTargetView(RestoreTargetModel m) {
        super(16);
        this.model = m;
        CustomTextField search = new CustomTextField();
        search.setId("restore-search");
        search.setPromptText("Find a branch by name or id");
        search.setLeft(new FontIcon(Feather.SEARCH));
        bindings.bindBidirectional(search.textProperty(), m.searchProperty());
        ListView<Branch> branches = new ListView<>(m.matches());
        branches.setId("restore-targets");
        branches.setPrefHeight(230);
        branches.setPrefWidth(360);
        branches.setCellFactory(v -> new BranchCell());
        bindings.subscribe(m.branchProperty(), t -> {
            if (t != null && branches.getSelectionModel().getSelectedItem() != t) {
                branches.getSelectionModel().select(t);
                branches.scrollTo(Math.max(0, branches.getItems().indexOf(t) - 2));
            }
        });
        // searching replaces the list's items; the chosen branch stays chosen where it is still listed
        bindings.listen(m.matches(), (ListChangeListener<Branch>) c -> {
            Branch t = m.branchProperty().get();
            if (t != null && m.matches().contains(t)) {
                branches.getSelectionModel().select(t);
            }
        });
        branches.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                m.branchProperty().set(b);
            }
        });
        facts.setId("restore-facts");
        facts.getStyleClass().add("details-card");
        bindings.onChange(this::fillFacts, m.facts());
        HBox.setHgrow(facts, Priority.ALWAYS);
        facts.setMaxWidth(Double.MAX_VALUE);
        getChildren().setAll(new VBox(8, search, branches), facts);
    }

    private void fillFacts() {
        facts.getChildren().clear();
        Branch t = model.branchProperty().get();
        Label title = new Label(t == null ? "No branch chosen" : t.name());
        title.setId("restore-target-name");
        title.getStyleClass().add(Styles.TITLE_4);
        title.setWrapText(true);
        facts.getChildren().add(title);
        for (String f : model.facts()) {
            Label l = DialogBox.paragraph(f);
            l.getStyleClass().add(Styles.TEXT_SMALL);
            facts.getChildren().add(l);
        }
    }
}
