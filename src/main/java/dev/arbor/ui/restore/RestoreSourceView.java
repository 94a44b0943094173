package dev.arbor.ui.restore;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.arbor.domain.Branch;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.restore.RestoreSourceModel.SourceKind;
import dev.arbor.ui.common.ViewBindings;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The wizard's second page: own history or another branch, and for another branch which one and whether at its head. */
final class RestoreSourceView extends VBox {
    private final ViewBindings bindings = ViewBindings.of(this);

    RestoreSourceView(RestoreSourceModel m) {
        super(12);
        ToggleGroup kinds = new ToggleGroup();
        ToggleButton own = kind("restore-source-own", SourceKind.OWN_HISTORY, kinds, m, Styles.LEFT_PILL);
        ToggleButton other = kind("restore-source-other", SourceKind.OTHER_BRANCH, kinds, m, Styles.RIGHT_PILL);
        bindings.subscribe(m.kindProperty(), k -> (k == SourceKind.OWN_HISTORY ? own : other).setSelected(true));
        Label explain = DialogBox.paragraph("");
        explain.setId("restore-source-explain");
        bindings.bind(explain.textProperty(), m.explanationProperty());

        ComboBox<Branch> source = new ComboBox<>(m.branches());
        source.setId("restore-source-branch");
        source.setPromptText("Choose the branch to restore from");
        source.setPrefWidth(360);
        bindings.bindBidirectional(source.valueProperty(), m.branchProperty());
        source.setCellFactory(v -> new BranchCell());
        source.setButtonCell(new BranchCell());
        ToggleSwitch head = new ToggleSwitch("Restore from latest data (head)");
        head.setId("restore-from-head");
        bindings.bindBidirectional(head.selectedProperty(), m.fromHeadProperty());
        Label headHint = DialogBox.paragraph("Turn this off to pick an earlier point in the source's history on the next step.");
        headHint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        VBox otherBox = new VBox(10, WizardText.heading("Source branch"), source, head, headHint);
        bindings.bind(otherBox.visibleProperty(), m.kindProperty().isEqualTo(SourceKind.OTHER_BRANCH));
        otherBox.managedProperty().bind(otherBox.visibleProperty());
        getChildren().setAll(new HBox(own, other), explain, otherBox);
    }

    private static ToggleButton kind(String id, SourceKind kind, ToggleGroup group, RestoreSourceModel m, String pill) {
        ToggleButton b = new ToggleButton(kind.toString());
        b.setId(id);
        b.getStyleClass().add(pill);
        b.setToggleGroup(group);
        b.setOnAction(e -> {
            m.kindProperty().set(kind);
            b.setSelected(true);
        });
        return b;
    }
}
