package dev.arbor.ui.branches;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The Parent column: the parent's name, and for a backup its branch with a short time beside it
 * ({@link ParentLabel}). The time never gives way; a name too long for the column loses its middle, and the
 * tooltip has all of it.
 */
final class ParentCell extends TableCell<BranchRow, BranchRow> {
    private final Label name = new Label();
    private final Label stamp = new Label();
    private final HBox box = new HBox(6, name, stamp);
    private final Tooltip tooltip = new Tooltip();

    ParentCell() {
        name.getStyleClass().add("parent-name");
        name.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        name.setMinWidth(0);
        HBox.setHgrow(name, Priority.SOMETIMES);
        stamp.getStyleClass().addAll("parent-stamp", Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        stamp.setMinWidth(Label.USE_PREF_SIZE);
        stamp.managedProperty().bind(stamp.visibleProperty());
        box.setAlignment(Pos.CENTER_LEFT);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }

    @Override
    protected void updateItem(BranchRow row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        ParentLabel label = row.parentLabel();
        name.setText(label.name());
        stamp.setText(label.stamp());
        stamp.setVisible(label.stamp() != null);
        tooltip.setText(label.tip());
        setTooltip(label.tip() == null ? null : tooltip);
        setGraphic(box);
    }
}
