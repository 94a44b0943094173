package dev.arbor.ui.diff;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;

/**
 * A line of the diff: the old and new line numbers in a gutter, then the line as the diff has it ({@code +}, {@code -}
 * or a space first), coloured by its kind through the {@code diff-added}, {@code diff-removed}, {@code diff-hunk},
 * {@code diff-file} and {@code diff-context} style classes.
 */
final class DiffLineCell extends ListCell<DiffLine> {
    private static final List<String> KINDS = java.util.Arrays.stream(DiffLine.Kind.values())
            .map(DiffLineCell::styleClass).toList();

    private final Label oldNo = gutter();
    private final Label newNo = gutter();
    private final Label text = new Label();
    private final HBox row = new HBox(oldNo, newNo, text);

    DiffLineCell() {
        getStyleClass().add("diff-line");
        text.getStyleClass().add("diff-text");
        row.setAlignment(Pos.CENTER_LEFT);
        setText(null);
    }

    static String styleClass(DiffLine.Kind kind) {
        return "diff-" + kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    protected void updateItem(DiffLine line, boolean empty) {
        super.updateItem(line, empty);
        getStyleClass().removeAll(KINDS);
        if (empty || line == null) {
            setGraphic(null);
            return;
        }
        getStyleClass().add(styleClass(line.kind()));
        oldNo.setText(line.oldNo() == 0 ? "" : Integer.toString(line.oldNo()));
        newNo.setText(line.newNo() == 0 ? "" : Integer.toString(line.newNo()));
        text.setText(line.text());
        setGraphic(row);
    }

    private static Label gutter() {
        Label l = new Label();
        l.getStyleClass().add("diff-gutter");
        l.setMinWidth(44);
        l.setPrefWidth(44);
        l.setAlignment(Pos.CENTER_RIGHT);
        return l;
    }
}
