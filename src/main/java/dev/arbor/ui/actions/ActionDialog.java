package dev.arbor.ui.actions;

/** A dialog an action opens: the view shows the one the model holds, and closing goes through it. */
public sealed interface ActionDialog
        permits ConfirmDialogModel, RenameDialogModel, ExpirationDialogModel, ResetChildrenDialogModel,
        BulkDeleteDialogModel, ConnectDialogModel {

    String title();

    /** Closes the dialog without doing anything (or, after a bulk delete, after showing its summary). */
    void cancel();
}
