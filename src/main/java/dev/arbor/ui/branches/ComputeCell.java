package dev.arbor.ui.branches;

import dev.arbor.ui.common.ComputeDots;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The Compute column: the primary compute's state with a coloured dot. */
final class ComputeCell extends TableCell<BranchRow, BranchRow> {
    private final FontIcon dot = new FontIcon(Feather.CIRCLE);
    private final Label label = new Label(null, dot);

    ComputeCell() {
        dot.getStyleClass().add(ComputeDots.STYLE_CLASS);
        setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
    }

    @Override
    protected void updateItem(BranchRow row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null) {
            setGraphic(null);
            return;
        }
        label.setText(row.compute());
        if (row.computeState() != null) {
            ComputeDots.show(dot, row.computeState());
        }
        label.setGraphic(row.computeState() == null ? null : dot);
        setGraphic(label);
    }
}
