package dev.arbor.ui.actions;

import atlantafx.base.controls.Message;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.common.ViewBindings;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Connect dialog's view: the database and role pickers, the connection string (password hidden until Show
 * password) and the psql command, each with Copy; a spinner while the backend answers, its sentence when it cannot.
 */
final class ConnectDialog extends VBox {
    private final ViewBindings bindings = ViewBindings.of(this);
    ConnectDialog(ConnectDialogModel m) {
        ComboBox<String> database = picker("connect-database", m.databases());
        bindings.bindBidirectional(database.valueProperty(), m.databaseProperty());
        ComboBox<String> role = picker("connect-role", m.roles());
        bindings.bindBidirectional(role.valueProperty(), m.roleProperty());
        GridPane pickers = new GridPane();
        pickers.setHgap(12);
        pickers.setVgap(4);
        pickers.addRow(0, small("Database"), small("Role"));
        pickers.addRow(1, database, role);
        GridPane.setHgrow(database, Priority.ALWAYS);
        GridPane.setHgrow(role, Priority.ALWAYS);

        TextArea uri = field("connect-uri", m.connectionStringProperty());
        Button show = DialogBox.button("connect-show-password", "Show password", Styles.SMALL);
        bindings.bind(show.textProperty(), Bindings.when(m.passwordShownProperty()).then("Hide password").otherwise("Show password"));
        bindings.bind(show.graphicProperty(), Bindings.createObjectBinding(() -> new FontIcon(m.passwordShownProperty().get()
                ? Feather.EYE_OFF : Feather.EYE), m.passwordShownProperty()));
        show.setOnAction(e -> m.togglePassword());
        Button copyUri = copyButton("connect-copy-uri",
                "Copies the connection string with its password, ready to paste into a client", m::copyConnectionString);
        HBox uriHeading = heading("Connection string", show, copyUri);

        TextArea psql = field("connect-psql", m.psqlCommandProperty());
        Button copyPsql = copyButton("connect-copy-psql",
                "Copies the psql command; it leaves the password out, so psql asks for it (or reads PGPASSWORD)",
                m::copyPsqlCommand);
        HBox psqlHeading = heading("psql", copyPsql);

        VBox connection = new VBox(6, uriHeading, uri, psqlHeading, psql);
        connection.setId("connect-connection");
        bindings.bind(connection.visibleProperty(), m.detailsProperty().isNotNull());
        connection.managedProperty().bind(connection.visibleProperty());

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        Label loading = new Label("Getting the connection details…", spinner);
        loading.setId("connect-loading");
        loading.getStyleClass().add(Styles.TEXT_MUTED);
        bindings.bind(loading.visibleProperty(), m.phaseProperty().isEqualTo(ConnectDialogModel.Phase.LOADING));
        loading.managedProperty().bind(loading.visibleProperty());

        Message problem = new Message("No connection to show", "", new FontIcon(Feather.ALERT_TRIANGLE));
        problem.setId("connect-problem");
        problem.getStyleClass().add(Styles.WARNING);
        bindings.bind(problem.descriptionProperty(), Bindings.createStringBinding(
                () -> m.errorProperty().get() == null ? "" : m.errorProperty().get().sentence(), m.errorProperty()));
        Button retry = DialogBox.button("connect-retry", "Try again", Styles.SMALL);
        retry.setOnAction(e -> m.retry());
        VBox failed = new VBox(8, problem, retry);
        bindings.bind(failed.visibleProperty(), m.phaseProperty().isEqualTo(ConnectDialogModel.Phase.FAILED));
        failed.managedProperty().bind(failed.visibleProperty());

        Label copied = DialogBox.paragraph("");
        copied.setId("connect-copied");
        copied.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.SUCCESS);
        bindings.bind(copied.textProperty(), m.copiedProperty());
        copied.managedProperty().bind(copied.textProperty().isNotEmpty());
        copied.visibleProperty().bind(copied.managedProperty());

        Button close = DialogBox.button("dialog-cancel", "Close");
        close.setOnAction(e -> m.cancel());
        DialogBox box = new DialogBox("connect-dialog", m.title(), Feather.LINK)
                .body(pickers, loading, failed, connection, copied).buttons(close);
        box.setPrefWidth(620);
        getChildren().setAll(box);
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
    }

    private static ComboBox<String> picker(String id, javafx.collections.ObservableList<String> items) {
        ComboBox<String> box = new ComboBox<>(items);
        box.setId(id);
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    /**
     * A read-only text the width of the dialog that wraps, so a long connection string (a Neon host name is 50
     * characters) is read whole rather than scrolled; it can still be selected.
     */
    private static TextArea field(String id, javafx.beans.value.ObservableStringValue text) {
        TextArea f = new TextArea();
        f.setId(id);
        f.setEditable(false);
        f.setWrapText(true);
        f.setPrefRowCount(2);
        f.getStyleClass().addAll("mono", "connect-text");
        f.textProperty().bind(text);
        return f;
    }

    /** A field's name on the left and its buttons on the right. */
    private static HBox heading(String title, Button... buttons) {
        HBox line = new HBox(6, small(title), new Spacer());
        line.getChildren().addAll(buttons);
        line.setAlignment(Pos.CENTER_LEFT);
        return line;
    }

    private static Label small(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_BOLD);
        return l;
    }

    /** A Copy button that puts what {@code copy} gives on the clipboard. */
    private static Button copyButton(String id, String tip, java.util.function.Supplier<String> copy) {
        Button b = DialogBox.button(id, "Copy", Styles.SMALL);
        b.setGraphic(new FontIcon(Feather.COPY));
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> {
            String text = copy.get();
            if (text != null) {
                ClipboardContent c = new ClipboardContent();
                c.putString(text);
                Clipboard.getSystemClipboard().setContent(c);
            }
        });
        return b;
    }
}
