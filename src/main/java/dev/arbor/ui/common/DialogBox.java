package dev.arbor.ui.common;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** The frame every in-window dialog shares: a title, its body, and a row of buttons on the right. */
public final class DialogBox extends VBox {
    private final VBox body = new VBox(12);
    private final HBox buttons = new HBox(8);

    public DialogBox(String id, String title, Ikon icon) {
        setId(id);
        getStyleClass().add("dialog-box");
        Label heading = new Label(title, icon == null ? null : new FontIcon(icon));
        heading.getStyleClass().add(Styles.TITLE_3);
        heading.setId(id + "-title");
        heading.setWrapText(true);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        getChildren().setAll(heading, body, buttons);
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
        setPrefWidth(520);
    }

    public DialogBox body(Node... nodes) {
        body.getChildren().addAll(nodes);
        return this;
    }

    /** Cancel on the left of the confirm button, Escape presses it; the confirm button is the default. */
    public DialogBox buttons(Button cancel, Button... confirms) {
        cancel.setCancelButton(true);
        buttons.getChildren().setAll(new Spacer(), cancel);
        buttons.getChildren().addAll(confirms);
        if (confirms.length > 0) {
            confirms[confirms.length - 1].setDefaultButton(true);
        }
        return this;
    }

    /** A paragraph that wraps within the dialog's width. */
    public static Label paragraph(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMinHeight(Label.USE_PREF_SIZE);
        return label;
    }

    public static Button button(String id, String text, String... styles) {
        Button b = new Button(text);
        b.setId(id);
        b.getStyleClass().addAll(styles);
        return b;
    }
}
