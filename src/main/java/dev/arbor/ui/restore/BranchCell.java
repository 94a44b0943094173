package dev.arbor.ui.restore;

import dev.arbor.domain.Branch;
import javafx.scene.control.ListCell;

/** A branch in the wizard's pickers: its name and what kind of branch it is. */
final class BranchCell extends ListCell<Branch> {
    @Override
    protected void updateItem(Branch b, boolean empty) {
        super.updateItem(b, empty);
        if (empty || b == null) {
            setText(null);
            return;
        }
        String tags = (b.isDefault() ? "  · default" : "") + (b.isProtected() ? "  · protected" : "")
                + (b.isRoot() ? "  · root" : "") + (b.backup() ? "  · backup" : "");
        setText(b.name() + tags);
        setPrefWidth(0); // long names end in an ellipsis instead of scrolling the list sideways
    }
}
