package dev.arbor.ui.sql;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * One statement's outcome as the SQL editor and the Restore wizard's SQL tab both show it: rows in the
 * {@link ResultGrid} with their count and time below ("First 500 rows of more in 12 ms" while there are more to
 * load), or a command's count of rows changed with the statement that ran.
 */
public final class SqlResultView extends VBox {
    private final SqlResult result;

    public SqlResultView(SqlResult r) {
        super(4);
        this.result = r;
        Label summary = new Label();
        summary.getStyleClass().addAll("sql-result-summary", Styles.TEXT_MUTED);
        if (!r.hasRows()) {
            setSpacing(8);
            summary.setText(r.summary() + ".");
            TextArea statement = new TextArea(r.statement());
            statement.setEditable(false);
            statement.getStyleClass().add("mono");
            getChildren().setAll(summary, statement);
            return;
        }
        summary.textProperty().bind(Bindings.createStringBinding(r::summary, r.rows(), r.moreProperty()));
        ResultGrid grid = new ResultGrid(r);
        VBox.setVgrow(grid, Priority.ALWAYS);
        getChildren().setAll(grid, summary);
        getStyleClass().add("sql-result");
    }

    /** The result shown. */
    public SqlResult result() {
        return result;
    }
}
