package dev.arbor.ui.connect;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.common.ViewBindings;
import java.io.File;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The connection switcher: saved profiles to open, and a new profile for a data directory or a Neon project. */
public final class ConnectionsDialog extends VBox {
    private final ViewBindings bindings = ViewBindings.of(this);

    public ConnectionsDialog(ConnectionsViewModel m) {
        VBox list = new VBox(6);
        list.setId("profile-list");
        for (ConnectionProfile p : m.profiles()) {
            Label name = new Label(p.name());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            Label dir = new Label(where(p));
            dir.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            dir.setTooltip(new javafx.scene.control.Tooltip(where(p)));
            VBox text = new VBox(2, name, dir);
            // a long path gives way (its label ends in an ellipsis, the tooltip has it whole), never the buttons
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
            boolean current = p.name().equals(m.activeProperty().get());
            Button open = new Button(current ? "Open again" : "Open", new FontIcon(Feather.LOG_IN));
            open.setId("open-profile-" + list.getChildren().size());
            open.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            open.setOnAction(e -> m.switchTo(p));
            Button remove = new Button(null, new FontIcon(Feather.TRASH_2));
            remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
            remove.setDisable(current);
            remove.setOnAction(e -> {
                m.remove(p);
                list.getChildren().removeIf(n -> n.getUserData() == p);
            });
            HBox row = new HBox(8, new FontIcon(p instanceof ConnectionProfile.Neon ? Feather.CLOUD : Feather.HARD_DRIVE), text, new Spacer(), open, remove);
            row.setUserData(p);
            row.setAlignment(Pos.CENTER_LEFT);
            row.getStyleClass().add("profile-row");
            list.getChildren().add(row);
        }

        TextField name = new TextField();
        name.setId("new-profile-name");
        name.setPromptText("Profile name");
        bindings.bindBidirectional(name.textProperty(), m.newNameProperty());
        TextField dir = new TextField();
        dir.setId("new-profile-dir");
        dir.setPromptText("Data directory");
        bindings.bindBidirectional(dir.textProperty(), m.newDirectoryProperty());
        HBox.setHgrow(dir, Priority.ALWAYS);
        Button choose = new Button("Choose…", new FontIcon(Feather.FOLDER));
        choose.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Choose a data directory");
            File picked = chooser.showDialog(getScene().getWindow());
            if (picked != null) {
                m.newDirectoryProperty().set(picked.getAbsolutePath());
            }
        });
        Label problem = DialogBox.paragraph("");
        problem.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        bindings.bind(problem.textProperty(), m.problemProperty());
        Button add = new Button("Add and open", new FontIcon(Feather.PLUS));
        add.setId("add-profile");
        add.setOnAction(e -> m.addAndSwitch());
        Label addTitle = new Label("Add a project on this machine");
        addTitle.getStyleClass().add(Styles.TEXT_BOLD);
        VBox addBox = new VBox(6, addTitle, name, new HBox(6, dir, choose), problem, add);

        Button close = DialogBox.button("dialog-cancel", "Close");
        close.setOnAction(e -> m.cancel());
        getChildren().setAll(new DialogBox("connections-dialog", "Switch project", Feather.DATABASE)
                .body(DialogBox.paragraph("Each profile opens a project on this machine or behind the Neon API; "
                        + "the window switches without restarting."), list, addBox, new Separator(), new NeonProfileForm(m))
                .buttons(close));
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
    }

    /** Where a profile's project lives, in words; a Neon profile's key is not among them. */
    private static String where(ConnectionProfile p) {
        return switch (p) {
            case ConnectionProfile.Embedded e -> e.dataDir() + (e.demo() ? "  · demo project" : "");
            case ConnectionProfile.Neon n -> n.baseUrl() + "  · project " + n.projectId();
        };
    }
}
