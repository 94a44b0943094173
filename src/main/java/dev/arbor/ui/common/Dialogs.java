package dev.arbor.ui.common;

import atlantafx.base.controls.ModalPane;
import javafx.scene.Node;

/**
 * The window's in-window dialogs: one {@link ModalPane} over everything, showing one dialog at a time.
 * Dialogs are persistent (a click outside does not close them); each has its own Cancel, which Escape
 * presses, so that closing always goes through the dialog's model.
 */
public final class Dialogs {
    private final ModalPane modal = new ModalPane();
    /** What had the keyboard before the first dialog, so closing gives it back and shortcuts work at once. */
    private Node returnFocusTo;
    /** The dialog shown, which keeps the keyboard while it shows. */
    private Node shown;
    private javafx.scene.Scene watched;
    /**
     * The keyboard stays in the dialog: when a step of it replaces the node that had the focus, JavaFX hands the
     * focus to the window's first control behind the backdrop (the header's Switch project), where Enter would
     * press it. The focus is brought back to the dialog instead.
     */
    private final javafx.beans.value.ChangeListener<Node> keepFocusInside = (o, was, now) -> {
        Node dialog = shown;
        if (dialog != null && isShowing() && now != null && !isInside(now, dialog)) {
            javafx.application.Platform.runLater(() -> {
                if (shown == dialog && isShowing() && !isInside(dialog.getScene() == null ? null
                        : dialog.getScene().getFocusOwner(), dialog)) {
                    focusFirst(dialog);
                }
            });
        }
    };

    public Dialogs() {
        modal.setId("modal-pane");
        modal.setPersistent(true);
        // Closing is instant, so a dialog that follows another (confirm, then the next action) never
        // shares the window with the one fading out.
        modal.setOutTransitionFactory(null);
        // Opening is instant too. AtlantaFX's default opening zooms the dialog in (a scale animation from 0.3)
        // while the pane jumps to the front; with Prism's software pipeline (machines without a GPU, remote
        // desktops, Xvfb) that left a full-size copy of the dialog painted at the window's top-left corner,
        // over the backdrop, which later frames' dirty regions (only around the dialog) never cleared.
        // scripts/check-dialog-painting.sh checks this in a real window.
        modal.setInTransitionFactory(null);
    }

    /** The node to lay over the window's content. */
    public ModalPane pane() {
        return modal;
    }

    /** Shows {@code dialog} and puts the keyboard in its first text field, or on the dialog. */
    public void show(Node dialog) {
        if (!isShowing() && modal.getScene() != null) {
            returnFocusTo = modal.getScene().getFocusOwner();
        }
        modal.show(dialog);
        shown = dialog;
        watch(modal.getScene());
        focusFirst(dialog);
    }

    private static void focusFirst(Node dialog) {
        Node first = dialog.lookup(".text-input");
        (first != null ? first : dialog).requestFocus();
    }

    private static boolean isInside(Node node, Node dialog) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == dialog) {
                return true;
            }
        }
        return false;
    }

    private void watch(javafx.scene.Scene scene) {
        if (watched == scene) {
            return;
        }
        if (watched != null) {
            watched.focusOwnerProperty().removeListener(keepFocusInside);
        }
        watched = scene;
        if (scene != null) {
            scene.focusOwnerProperty().addListener(keepFocusInside);
        }
    }

    public void hide() {
        shown = null;
        watch(null);
        modal.hide(true);
        Node previous = returnFocusTo;
        returnFocusTo = null;
        if (previous != null && previous.getScene() == modal.getScene() && previous.isVisible() && !previous.isDisabled()) {
            previous.requestFocus();
        }
    }

    public boolean isShowing() {
        return modal.isDisplay();
    }
}
