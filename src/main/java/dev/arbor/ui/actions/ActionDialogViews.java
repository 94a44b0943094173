package dev.arbor.ui.actions;

import atlantafx.base.theme.Styles;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.common.ExpirationPicker;
import dev.arbor.ui.common.ViewBindings;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The views of the action dialogs; each binds to its model and closes through it. */
public final class ActionDialogViews {

    private ActionDialogViews() {
    }

    public static Node viewFor(ActionDialog dialog) {
        return switch (dialog) {
            case ConfirmDialogModel m -> confirm(m);
            case RenameDialogModel m -> rename(m);
            case ExpirationDialogModel m -> expiration(m);
            case ResetChildrenDialogModel m -> resetChildren(m);
            case BulkDeleteDialogModel m -> new BulkDeleteView(m);
            case ConnectDialogModel m -> new ConnectDialog(m);
        };
    }

    private static Node confirm(ConfirmDialogModel m) {
        VBox points = new VBox(8);
        for (String c : m.consequences()) {
            Label line = DialogBox.paragraph(c);
            line.setGraphic(new FontIcon(m.danger() ? Feather.ALERT_TRIANGLE : Feather.INFO));
            line.getStyleClass().add("consequence");
            points.getChildren().add(line);
        }
        Button cancel = DialogBox.button("dialog-cancel", "Cancel");
        cancel.setOnAction(e -> m.cancel());
        Button ok = DialogBox.button("dialog-confirm", m.confirmLabel(), m.danger() ? Styles.DANGER : Styles.ACCENT);
        ok.setOnAction(e -> m.confirm());
        return new DialogBox("confirm-dialog", m.title(), null).body(points).buttons(cancel, ok);
    }

    private static Node rename(RenameDialogModel m) {
        DialogBox box = new DialogBox("rename-dialog", m.title(), null);
        ViewBindings bindings = ViewBindings.of(box);
        TextField name = new TextField();
        name.setId("rename-field");
        bindings.bindBidirectional(name.textProperty(), m.nameProperty());
        Label problem = problemLabel("rename-problem");
        bindings.bind(problem.textProperty(), m.problemProperty());
        Button cancel = DialogBox.button("dialog-cancel", "Cancel");
        cancel.setOnAction(e -> m.cancel());
        Button save = DialogBox.button("dialog-confirm", "Save", Styles.ACCENT);
        bindings.bind(save.disableProperty(), Bindings.createBooleanBinding(() -> !m.canSave(), m.nameProperty(), m.problemProperty()));
        save.setOnAction(e -> m.save());
        name.setOnAction(e -> m.save());
        return box.body(new Label("New name"), name, problem).buttons(cancel, save);
    }

    private static Node expiration(ExpirationDialogModel m) {
        DialogBox box = new DialogBox("expiration-dialog", m.title(), null);
        ViewBindings bindings = ViewBindings.of(box);
        ExpirationPicker picker = new ExpirationPicker("expiration", m.choiceProperty(), m.customTimeProperty());
        Label outcome = DialogBox.paragraph("");
        bindings.bind(outcome.textProperty(), m.outcomeProperty());
        Label problem = problemLabel("expiration-problem");
        bindings.bind(problem.textProperty(), m.problemProperty());
        Button cancel = DialogBox.button("dialog-cancel", "Cancel");
        cancel.setOnAction(e -> m.cancel());
        Button save = DialogBox.button("dialog-confirm", "Save", Styles.ACCENT);
        bindings.bind(save.disableProperty(), m.problemProperty().isNotNull());
        save.setOnAction(e -> m.save());
        return box.body(new Label("Automatically delete after"), picker, outcome, problem).buttons(cancel, save);
    }

    private static Node resetChildren(ResetChildrenDialogModel m) {
        DialogBox box = new DialogBox("reset-children-dialog", m.title(), Feather.ALERT_TRIANGLE);
        ViewBindings bindings = ViewBindings.of(box);
        Label blocked = DialogBox.paragraph(m.blockedBecause());
        blocked.getStyleClass().add(Styles.WARNING);
        Label count = new Label(m.childrenHeading());
        count.setId("reset-children-count");
        count.getStyleClass().add(Styles.TEXT_BOLD);
        // every branch below is listed; past six lines the list scrolls rather than pushing the buttons away
        final double lineHeight = 30;
        ListView<String> children = new ListView<>();
        children.setId("reset-children-list");
        children.getItems().setAll(m.childLines());
        children.setFixedCellSize(lineHeight);
        children.setPrefHeight(Math.min(6, Math.max(1, children.getItems().size())) * lineHeight + 2);
        children.setMinHeight(ListView.USE_PREF_SIZE);
        children.setFocusTraversable(false);

        VBox consequences = new VBox(6);
        for (String c : m.consequences()) {
            Label line = DialogBox.paragraph(c);
            line.getStyleClass().add(Styles.TEXT_SMALL);
            consequences.getChildren().add(line);
        }

        Button delete = DialogBox.button("reset-delete-children", "Delete children and reset", Styles.DANGER);
        delete.setOnAction(e -> m.deleteChildrenAndReset());
        Label deleteProblem = problemLabel("reset-delete-problem");
        deleteProblem.setText(m.deleteChildrenProblem());
        delete.setDisable(m.deleteChildrenProblem() != null);

        TextField backup = new TextField();
        backup.setId("reset-backup-name");
        bindings.bindBidirectional(backup.textProperty(), m.backupNameProperty());
        Label backupProblem = problemLabel("reset-backup-problem");
        bindings.bind(backupProblem.textProperty(), m.backupProblemProperty());
        Button keep = DialogBox.button("reset-keep-backup", "Keep as backup and reset");
        bindings.bind(keep.disableProperty(), m.backupProblemProperty().isNotNull());
        keep.setOnAction(e -> m.keepBackupAndReset());

        Label keepText = DialogBox.paragraph("Or keep the current state in a backup branch; the children move to it:");
        Button cancel = DialogBox.button("dialog-cancel", "Cancel");
        cancel.setOnAction(e -> m.cancel());
        return box.body(blocked, new VBox(4, count, children), consequences, new VBox(4, delete, deleteProblem), new Separator(),
                        keepText, backup, backupProblem, keep)
                .buttons(cancel);
    }

    static Label problemLabel(String id) {
        Label l = DialogBox.paragraph("");
        l.setId(id);
        l.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.managedProperty());
        return l;
    }

    /** The bulk delete dialog: the plan, then progress, then the summary. */
    private static final class BulkDeleteView extends VBox {
        private final ViewBindings bindings = ViewBindings.of(this);

        BulkDeleteView(BulkDeleteDialogModel m) {
            DeletePlan plan = m.plan();
            ListView<String> deletions = new ListView<>();
            deletions.setId("bulk-delete-list");
            deletions.getItems().setAll(plan.deletions().stream().map(b -> b.name()).toList());
            deletions.setPrefHeight(Math.min(6, Math.max(1, plan.deletions().size())) * 30 + 6);
            ListView<String> skipped = new ListView<>();
            skipped.setId("bulk-skip-list");
            skipped.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
                @Override
                protected void updateItem(String s, boolean empty) {
                    super.updateItem(s, empty);
                    setText(empty ? null : s);
                    setWrapText(true);
                    setPrefWidth(0);
                }
            });
            skipped.getItems().setAll(plan.skipped().stream().map(s -> s.branch().name() + ": " + s.reason()).toList());
            skipped.setPrefHeight(Math.min(4, Math.max(1, plan.skipped().size())) * 48 + 6);

            VBox body = new VBox(8);
            if (!plan.deletions().isEmpty()) {
                body.getChildren().addAll(DialogBox.paragraph(m.deletionSentence()), deletions);
            }
            if (!plan.skipped().isEmpty()) {
                body.getChildren().addAll(DialogBox.paragraph(plan.isEmpty() ? "The rules keep every selected branch:"
                        : "These are skipped, and why:"), skipped);
            }
            ProgressBar progress = new ProgressBar();
            progress.setId("bulk-delete-progress");
            progress.setMaxWidth(Double.MAX_VALUE);
            bindings.bind(progress.progressProperty(), m.progressProperty());
            bindings.bind(progress.visibleProperty(), m.phaseProperty().isNotEqualTo(BulkDeleteDialogModel.Phase.CONFIRM));
            progress.managedProperty().bind(progress.visibleProperty());
            Label summary = DialogBox.paragraph("");
            summary.setId("bulk-delete-summary");
            bindings.bind(summary.textProperty(), m.summaryProperty());
            summary.managedProperty().bind(summary.textProperty().isNotEmpty());
            body.getChildren().addAll(progress, summary);

            Button cancel = DialogBox.button("dialog-cancel", "Cancel");
            // while deleting, Cancel stops asking for the rest; what was already sent may still complete
            bindings.bind(cancel.textProperty(), Bindings.when(m.phaseProperty().isEqualTo(BulkDeleteDialogModel.Phase.DONE))
                    .then("Close").otherwise(Bindings.when(m.phaseProperty().isEqualTo(BulkDeleteDialogModel.Phase.RUNNING))
                            .then("Stop").otherwise(plan.isEmpty() ? "Close" : "Cancel")));
            cancel.setOnAction(e -> m.cancel());
            DialogBox box = new DialogBox("bulk-delete-dialog", m.title(), Feather.TRASH_2).body(body);
            if (plan.isEmpty()) {
                box.buttons(cancel);
            } else {
                Button ok = DialogBox.button("dialog-confirm", m.title(), Styles.DANGER);
                bindings.bind(ok.visibleProperty(), m.phaseProperty().isEqualTo(BulkDeleteDialogModel.Phase.CONFIRM));
                ok.managedProperty().bind(ok.visibleProperty());
                ok.setOnAction(e -> m.confirm());
                box.buttons(cancel, ok);
            }
            getChildren().setAll(box);
            setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
        }
    }
}
