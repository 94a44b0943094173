package dev.arbor.ui.branches;

import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.util.Duration;

/**
 * The Branch column: the name, then its badges. When the column is narrow, the name keeps its first characters and
 * the badges give way after it (each keeps its whole text in its tooltip): a name cut to "pr…" says nothing either.
 */
final class BranchNameCell extends TableCell<BranchRow, BranchRow> {
    /** Room the name keeps before badges give way: about fifteen characters ("preview/pr-142", "analytics-sand…"). */
    static final double NAME_KEEPS = 130;
    /** Room a badge keeps when cut: its first letters and the ellipsis ("BAC…"). */
    static final double BADGE_KEEPS = 46;
    /** The name keeps {@link #NAME_KEEPS}, or its whole width when shorter, measured in the font its style gives. */
    private final Label name = new Label() {
        @Override
        protected double computeMinWidth(double height) {
            return Math.min(NAME_KEEPS, computePrefWidth(height));
        }
    };
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
        label.setMinWidth(BADGE_KEEPS); // cut after the name's first characters, never to nothing
        label.getStyleClass().addAll("badge", "badge-" + badge.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        Tooltip tip = new Tooltip(badge.explanation());
        tip.setShowDelay(Duration.millis(300));
        label.setTooltip(tip);
        return label;
    }
}
