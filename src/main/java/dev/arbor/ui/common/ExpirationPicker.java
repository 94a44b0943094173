package dev.arbor.ui.common;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;

/** "Automatically delete after": the choice, and a date-and-time field shown only for a custom date. */
public final class ExpirationPicker extends HBox {

    /** Ids are {@code idPrefix} for the choice and {@code idPrefix + "-custom"} for the time field. */
    public ExpirationPicker(String idPrefix, ObjectProperty<ExpirationChoice> choice, StringProperty customTime) {
        super(8);
        ComboBox<ExpirationChoice> box = new ComboBox<>();
        box.setId(idPrefix);
        box.getItems().setAll(ExpirationChoice.values());
        box.valueProperty().bindBidirectional(choice);
        TextField custom = new TextField();
        custom.setId(idPrefix + "-custom");
        custom.setPromptText("yyyy-MM-dd HH:mm");
        custom.textProperty().bindBidirectional(customTime);
        custom.visibleProperty().bind(choice.isEqualTo(ExpirationChoice.CUSTOM));
        custom.managedProperty().bind(custom.visibleProperty());
        getChildren().setAll(box, custom);
    }
}
