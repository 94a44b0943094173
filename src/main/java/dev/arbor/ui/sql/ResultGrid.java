package dev.arbor.ui.sql;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * A result's rows in a TableView, which only makes cells for the rows in sight, so a long result costs its
 * strings, not its nodes. NULL is shown as a muted {@code NULL}, never confused with the text "NULL" or "".
 */
public final class ResultGrid extends TableView<List<String>> {
    public ResultGrid(SqlResult result) {
        super(result.rows());
        getStyleClass().addAll(Styles.DENSE, Styles.STRIPED, Tweaks.EDGE_TO_EDGE, "result-grid");
        setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        getSelectionModel().setCellSelectionEnabled(true);
        setPlaceholder(new javafx.scene.control.Label("No rows."));
        List<String> names = result.columns();
        for (int i = 0; i < names.size(); i++) {
            int index = i;
            TableColumn<List<String>, String> c = new TableColumn<>(names.get(i));
            c.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().get(index)));
            c.setCellFactory(col -> new ValueCell());
            c.setPrefWidth(width(names.get(i), result.rows(), index));
            c.setSortable(false); // the server's order is the statement's; sort with ORDER BY
            getColumns().add(c);
        }
    }

    /**
     * Wide enough for the name and for the values of the first rows (a column of e-mail addresses shows them, not
     * "radia.lo…"), within 84 and 320 pixels; a wider value is cut and shown whole in the CSV and the copy. Never
     * exactly 80, JavaFX's default: a column left at its default width is fitted to its first values when first laid
     * out, which cut short a name wider than its values ("co…" over a column of counts).
     */
    static double width(String name, List<List<String>> rows, int index) {
        int chars = name.length() + 2;
        for (int r = 0; r < Math.min(rows.size(), 100); r++) {
            String v = rows.get(r).get(index);
            chars = Math.max(chars, v == null ? 4 : v.length());
        }
        return Math.max(MIN_WIDTH, Math.min(320, 8 * chars + 24));
    }

    private static final double MIN_WIDTH = 84;

    private static final class ValueCell extends TableCell<List<String>, String> {
        @Override
        protected void updateItem(String value, boolean empty) {
            super.updateItem(value, empty);
            getStyleClass().remove("sql-null");
            if (empty) {
                setText(null);
            } else if (value == null) {
                setText("NULL");
                getStyleClass().add("sql-null");
            } else {
                // one line per cell; the whole value is in the CSV export and the copy
                int nl = value.indexOf('\n');
                String shown = nl < 0 ? value : value.substring(0, nl) + " …";
                setText(shown.length() > 500 ? shown.substring(0, 500) + "…" : shown);
            }
        }
    }
}
