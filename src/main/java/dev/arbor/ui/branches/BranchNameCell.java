package dev.arbor.ui.branches;

import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.util.Duration;

/** The Branch column: the name, then its badges. */
final class BranchNameCell extends TableCell<BranchRow, BranchRow> {
    private final Label name = new Label();
    private final HBox box = new HBox(8, name);

    BranchNameCell() {
        name.getStyleClass().add("branch-name");
        box.setAlignment(Pos.CENTER_LEFT);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }

    @Override
    protected void updateItem(BranchRow row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null) {
            setGraphic(null);
            return;
        }
        name.setText(row.name());
        box.getChildren().setAll(name);
        for (BranchBadge badge : row.badges()) {
            box.getChildren().add(badgeLabel(badge));
        }
        setGraphic(box);
    }

    private static Label badgeLabel(BranchBadge badge) {
        Label label = new Label(badge.label());
        label.setMinWidth(Label.USE_PREF_SIZE); // the name gives way first: a badge cut short says nothing
        label.getStyleClass().addAll("badge", "badge-" + badge.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        Tooltip tip = new Tooltip(badge.explanation());
        tip.setShowDelay(Duration.millis(300));
        label.setTooltip(tip);
        return label;
    }
}
