package dev.arbor.ui.restore;

import atlantafx.base.theme.Styles;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.common.ViewBindings;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The wizard's result page: how the restore ended, links to the branches, and Undo with its question. */
final class RestoreOutcomeView extends VBox {
    private final ViewBindings bindings = ViewBindings.of(this);

    RestoreOutcomeView(RestoreOutcomeModel m) {
        super(10);
        Label outcome = DialogBox.paragraph("");
        outcome.setId("restore-outcome");
        outcome.setGraphic(new FontIcon(Feather.CHECK_CIRCLE));
        outcome.getStyleClass().add(Styles.SUCCESS);
        bindings.bind(outcome.textProperty(), m.messageProperty());
        Hyperlink restored = new Hyperlink();
        restored.setId("restore-link-restored");
        bindings.bind(restored.textProperty(), Bindings.createStringBinding(() -> m.restoredProperty().get() == null ? ""
                : "Show \"" + m.restoredProperty().get().name() + "\"", m.restoredProperty()));
        restored.setOnAction(e -> m.showRestored());
        Hyperlink backup = new Hyperlink();
        backup.setId("restore-link-backup");
        bindings.bind(backup.textProperty(), Bindings.createStringBinding(() -> m.backupProperty().get() == null ? ""
                : "Show the backup \"" + m.backupProperty().get().name() + "\"", m.backupProperty()));
        bindings.bind(backup.visibleProperty(), m.backupProperty().isNotNull());
        backup.managedProperty().bind(backup.visibleProperty());
        backup.setOnAction(e -> m.showBackup());

        Button undo = DialogBox.button("restore-undo", "Undo restore");
        undo.setGraphic(new FontIcon(Feather.CORNER_UP_LEFT));
        bindings.bind(undo.disableProperty(), m.undoProblemProperty().isNotNull().or(m.runningProperty())
                .or(m.undoConfirmationProperty().isNotNull()));
        undo.setOnAction(e -> m.undo());
        // Undo overwrites the branch again: it asks first, in the page
        Label question = DialogBox.paragraph("");
        question.setId("restore-undo-question");
        question.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
        bindings.bind(question.textProperty(), WizardText.orEmpty(m.undoConfirmationProperty()));
        Button confirm = DialogBox.button("restore-undo-confirm", "Undo restore");
        confirm.getStyleClass().add(Styles.DANGER);
        confirm.setOnAction(e -> m.confirmUndo());
        Button keep = DialogBox.button("restore-undo-keep", "Keep the restore");
        keep.setOnAction(e -> m.keepRestore());
        VBox ask = new VBox(6, question, new HBox(10, confirm, keep));
        bindings.bind(ask.managedProperty(), m.undoConfirmationProperty().isNotNull());
        ask.visibleProperty().bind(ask.managedProperty());
        Label undoHint = DialogBox.paragraph("");
        undoHint.setId("restore-undo-hint");
        undoHint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        bindings.bind(undoHint.textProperty(), Bindings.createStringBinding(() -> m.undoProblemProperty().get() != null
                ? m.undoProblemProperty().get()
                : "Undo restores the branch from its backup's latest data, which is its state from before this restore.",
                m.undoProblemProperty()));
        Label failure = DialogBox.paragraph("");
        failure.setId("restore-undo-failure");
        failure.getStyleClass().add(Styles.DANGER);
        bindings.bind(failure.textProperty(), Bindings.createStringBinding(() -> m.failureProperty().get() == null ? ""
                : m.failureProperty().get().sentence(), m.failureProperty()));
        // a refused restore's sentence belongs to the confirmation; here only Undo's, once there is a restored branch
        failure.managedProperty().bind(failure.textProperty().isNotEmpty().and(m.restoredProperty().isNotNull()));
        failure.visibleProperty().bind(failure.managedProperty());
        getChildren().setAll(outcome, new VBox(2, restored, backup), new HBox(10, undo), undoHint, ask, failure);
    }
}
