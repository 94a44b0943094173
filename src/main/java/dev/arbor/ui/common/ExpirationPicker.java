package dev.arbor.ui.common;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;

/** "Automatically delete after": the choice, and a date-and-time field shown only for a custom date. */
public final class ExpirationPicker extends HBox {
    private final ViewBindings bindings = ViewBindings.of(this);

    /** Ids are {@code idPrefix} for the choice and {@code idPrefix + "-custom"} for the time field. */
    public ExpirationPicker(String idPrefix, ObjectProperty<ExpirationChoice> choice, StringProperty customTime) {
        super(8);
        ComboBox<ExpirationChoice> box = new ComboBox<>();
        box.setId(idPrefix);
        box.getItems().setAll(ExpirationChoice.values());
        bindings.bindBidirectional(box.valueProperty(), choice);
        TextField custom = new TextField();
        custom.setId(idPrefix + "-custom");
        custom.setPromptText("yyyy-MM-dd HH:mm");
        bindings.bindBidirectional(custom.textProperty(), customTime);
        bindings.bind(custom.visibleProperty(), choice.isEqualTo(ExpirationChoice.CUSTOM));
        custom.managedProperty().bind(custom.visibleProperty());
        getChildren().setAll(box, custom);
    }
}
