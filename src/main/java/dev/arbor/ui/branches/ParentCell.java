package dev.arbor.ui.branches;

import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/**
 * The Parent column. Backup names end in a timestamp ({@code dev_old_2025-01-05T10:14:00.000Z}), so a
 * name too long for the column loses its middle rather than its end, and the tooltip has all of it.
 */
final class ParentCell extends TableCell<BranchRow, String> {
    private final Tooltip tooltip = new Tooltip();

    ParentCell() {
        setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
    }

    @Override
    protected void updateItem(String parent, boolean empty) {
        super.updateItem(parent, empty);
        if (empty || parent == null) {
            setText(null);
            setTooltip(null);
            return;
        }
        setText(parent);
        tooltip.setText(parent);
        setTooltip(parent.equals(BranchRow.NO_PARENT) ? null : tooltip);
    }
}
