package dev.arbor.ui.actions;

import java.util.List;
import java.util.Objects;

/**
 * "Are you sure?" for an action with consequences: each consequence a sentence in plain words.
 *
 * @param danger true when the action destroys data, so the button looks like it
 */
public record ConfirmDialogModel(String title, List<String> consequences, String confirmLabel, boolean danger,
                                 Runnable onConfirm, Runnable onCancel) implements ActionDialog {

    public ConfirmDialogModel {
        consequences = List.copyOf(consequences);
        Objects.requireNonNull(onConfirm);
        Objects.requireNonNull(onCancel);
    }

    public void confirm() {
        onConfirm.run();
    }

    @Override
    public void cancel() {
        onCancel.run();
    }
}
