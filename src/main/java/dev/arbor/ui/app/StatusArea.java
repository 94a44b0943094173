package dev.arbor.ui.app;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.common.Dialogs;
import javafx.scene.control.TextArea;
import dev.arbor.ui.common.UserError;
import dev.arbor.ui.common.ViewBindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The status line: the page's state on the left; what runs now (with progress) or how the last action
 * ended in the middle, a failure with its details on demand; the live indicator on the right.
 */
final class StatusArea extends HBox {
    private final StackPane trailing = new StackPane();

    StatusArea(ConsoleViewModel model, Dialogs dialogs) {
        Activity activity = model.activity();
        ViewBindings bindings = ViewBindings.of(this);
        Label status = new Label();
        status.setId("status-line");
        status.getStyleClass().add(Styles.TEXT_SMALL);
        bindings.bind(status.textProperty(), model.statusProperty());
        status.setMinWidth(USE_PREF_SIZE);

        ProgressBar progress = new ProgressBar();
        progress.setId("activity-progress");
        progress.setPrefWidth(120);
        progress.getStyleClass().add(Styles.SMALL);
        bindings.bind(progress.progressProperty(), activity.progressProperty());
        bindings.bind(progress.visibleProperty(), activity.busyProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        FontIcon alert = new FontIcon(Feather.ALERT_TRIANGLE);
        alert.getStyleClass().add("failure-icon");
        Label message = new Label();
        message.setId("activity-message");
        message.getStyleClass().add(Styles.TEXT_SMALL);
        bindings.bind(message.textProperty(), activity.messageProperty());
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);

        Button details = new Button("Details");
        details.setId("failure-details");
        details.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        Button dismiss = new Button(null, new FontIcon(Feather.X));
        dismiss.getStyleClass().addAll(Styles.SMALL, Styles.FLAT, Styles.BUTTON_ICON);
        dismiss.setTooltip(new Tooltip("Dismiss"));
        dismiss.setOnAction(e -> activity.dismissFailure());
        for (Node n : new Node[] {alert, details, dismiss}) {
            bindings.bind(n.visibleProperty(), activity.failureProperty().isNotNull());
            n.managedProperty().bind(n.visibleProperty());
        }
        bindings.subscribe(activity.failureProperty(), error ->
                message.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("failed"), error != null));
        details.setOnAction(e -> {
            UserError error = activity.failureProperty().get();
            if (error != null) {
                dialogs.show(detailsDialog(error, dialogs));
            }
        });

        // Mutations begun from a menu run with their dialog already closed: this is where they can be stopped
        Button stop = new Button("Stop waiting");
        stop.setId("activity-stop");
        stop.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        stop.setTooltip(new Tooltip("Stop waiting for this change; the backend may still complete it"));
        bindings.bind(stop.visibleProperty(), activity.stoppableProperty());
        stop.managedProperty().bind(stop.visibleProperty());
        stop.setOnAction(e -> activity.stopWaiting());

        Label separator = new Label("·");
        separator.getStyleClass().add(Styles.TEXT_MUTED);
        bindings.bind(separator.visibleProperty(), activity.messageProperty().isNotEmpty().or(activity.busyProperty()));
        getChildren().setAll(status, separator, progress, stop, alert, message, details, dismiss, new Spacer(), trailing);
        getStyleClass().add("status-line");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(8);
    }

    void setTrailing(Node node) {
        trailing.getChildren().setAll(node);
    }

    private static Node detailsDialog(UserError error, Dialogs dialogs) {
        TextArea text = new TextArea("Code: " + error.code() + (error.details() == null ? "" : "\n\n" + error.details()));
        text.setId("failure-details-text");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(6);
        Button close = DialogBox.button("close-failure-details", "Close");
        close.setOnAction(e -> dialogs.hide());
        return new DialogBox("failure-dialog", "What went wrong", Feather.ALERT_TRIANGLE)
                .body(DialogBox.paragraph(error.sentence()), text)
                .buttons(close);
    }
}
