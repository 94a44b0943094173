package dev.arbor.ui.details;

import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.layout.Region;

/**
 * The details panel's first row: the branch's name and, beside it, the buttons — when the whole name fits beside
 * them at the panel's width. When it does not (a narrow panel, a long name), the buttons go to a row of their own
 * under the name, so the name is never broken inside a word to make room for them.
 */
final class HeaderRow extends Region {
    private static final double GAP = 8;
    private Node title;
    private final Node buttons;

    HeaderRow(Node title, Node buttons) {
        this.title = title;
        this.buttons = buttons;
        getChildren().addAll(title, buttons);
        setMinWidth(0);
    }

    /** Shows {@code title} in place of the one shown; the buttons stay where they are, in the window. */
    void setTitle(Node title) {
        getChildren().set(0, title);
        this.title = title;
    }

    /** Its height depends on its width: one row or two. */
    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    /** Whether the name at its natural width and the buttons fit side by side in {@code width}. */
    private boolean oneRow(double width) {
        Insets in = getInsets();
        return title.prefWidth(-1) + GAP + buttons.prefWidth(-1) <= width - in.getLeft() - in.getRight();
    }

    @Override
    protected double computePrefWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + title.prefWidth(-1) + GAP + buttons.prefWidth(-1) + in.getRight();
    }

    @Override
    protected double computeMinWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + buttons.prefWidth(-1) + in.getRight();
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        double inner = (width < 0 ? computePrefWidth(-1) : width) - in.getLeft() - in.getRight();
        double h = oneRow(inner + in.getLeft() + in.getRight())
                ? Math.max(title.prefHeight(inner - GAP - buttons.prefWidth(-1)), buttons.prefHeight(-1))
                : title.prefHeight(inner) + GAP + buttons.prefHeight(-1);
        return in.getTop() + h + in.getBottom();
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double x = in.getLeft();
        double y = in.getTop();
        double w = getWidth() - in.getLeft() - in.getRight();
        double bw = buttons.prefWidth(-1);
        double bh = buttons.prefHeight(-1);
        if (oneRow(getWidth())) {
            double tw = w - GAP - bw;
            layoutInArea(title, x, y, tw, title.prefHeight(tw), 0, HPos.LEFT, VPos.TOP);
            layoutInArea(buttons, x + w - bw, y, bw, bh, 0, HPos.RIGHT, VPos.TOP);
        } else {
            double th = title.prefHeight(w);
            layoutInArea(title, x, y, w, th, 0, HPos.LEFT, VPos.TOP);
            layoutInArea(buttons, x, y + th + GAP, Math.min(bw, w), bh, 0, HPos.LEFT, VPos.TOP);
        }
    }
}
