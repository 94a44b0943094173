package dev.arbor.ui.restore;

import atlantafx.base.theme.Styles;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.common.ViewBindings;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The wizard's confirmation page: the backup's name and the rules' verdict on it, what happens, and why a restore failed. */
final class RestoreConfirmView extends VBox {
    private final ViewBindings bindings = ViewBindings.of(this);
    private final RestoreConfirmModel model;
    private final VBox summary = new VBox(8);

    RestoreConfirmView(RestoreConfirmModel m, RestoreOutcomeModel outcome) {
        super(10);
        this.model = m;
        TextField backup = new TextField();
        backup.setId("restore-backup-name");
        bindings.bindBidirectional(backup.textProperty(), m.backupNameProperty());
        Label hint = DialogBox.paragraph("");
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        bindings.bind(hint.textProperty(), Bindings.when(m.backupRequiredProperty())
                .then("Required: the rules need a backup branch that keeps the current state.")
                .otherwise("Optional: clear the name to keep no backup of the current state."));
        Label problem = DialogBox.paragraph("");
        problem.setId("restore-backup-problem");
        problem.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        bindings.bind(problem.textProperty(), WizardText.orEmpty(m.backupProblemProperty()));
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());

        summary.setId("restore-summary");
        bindings.onChange(this::fillSummary, m.summary());
        Label failure = DialogBox.paragraph("");
        failure.setId("restore-failure");
        failure.getStyleClass().add(Styles.DANGER);
        bindings.bind(failure.textProperty(), Bindings.createStringBinding(() -> outcome.failureProperty().get() == null ? ""
                : outcome.failureProperty().get().sentence(), outcome.failureProperty()));
        failure.managedProperty().bind(failure.textProperty().isNotEmpty());
        failure.visibleProperty().bind(failure.managedProperty());
        getChildren().setAll(WizardText.heading("Backup branch"), backup, hint, problem, WizardText.heading("What happens"),
                summary, failure);
    }

    private void fillSummary() {
        summary.getChildren().clear();
        for (String line : model.summary()) {
            Label l = DialogBox.paragraph(line);
            l.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
            l.getStyleClass().add("consequence");
            summary.getChildren().add(l);
        }
    }
}
