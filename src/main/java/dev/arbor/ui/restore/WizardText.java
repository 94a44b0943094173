package dev.arbor.ui.restore;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;

/** The few pieces of text the wizard's pages share. */
final class WizardText {
    private WizardText() {
    }

    /** A bold label above a field. */
    static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return l;
    }

    /** The text of a property that is null when there is nothing to say, as an empty string then. */
    static ObservableValue<String> orEmpty(ObservableValue<String> nullable) {
        return Bindings.createStringBinding(() -> nullable.getValue() == null ? "" : nullable.getValue(), nullable);
    }
}
