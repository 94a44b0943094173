package dev.arbor.ui.sql;

import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What one statement gave: rows (a page at a time) or a count of rows changed, and how long it took. Rows are the
 * server's text for each value ({@code null} for SQL NULL), the way psql shows them and CSV writes them.
 */
public final class SqlResult {
    private final String statement;
    private final List<String> columns;
    private final ObservableList<List<String>> rows = FXCollections.observableArrayList();
    private final ObservableList<List<String>> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyBooleanWrapper more = new ReadOnlyBooleanWrapper(this, "more");
    private final String command;
    private final long updateCount;
    private final long elapsedMillis;

    private SqlResult(String statement, List<String> columns, List<List<String>> firstPage, boolean more,
                      String command, long updateCount, long elapsedMillis) {
        this.statement = statement;
        this.columns = List.copyOf(columns);
        this.rows.setAll(firstPage);
        this.more.set(more);
        this.command = command;
        this.updateCount = updateCount;
        this.elapsedMillis = elapsedMillis;
    }

    static SqlResult rows(String statement, List<String> columns, List<List<String>> firstPage, boolean more,
                          long elapsedMillis) {
        return new SqlResult(statement, columns, firstPage, more, null, -1, elapsedMillis);
    }

    static SqlResult done(String statement, String command, long updateCount, long elapsedMillis) {
        return new SqlResult(statement, List.of(), List.of(), false, command, updateCount, elapsedMillis);
    }

    /** The statement as it was sent. */
    public String statement() {
        return statement;
    }

    public boolean hasRows() {
        return command == null;
    }

    public List<String> columns() {
        return columns;
    }

    /** The rows loaded so far. */
    public ObservableList<List<String>> rows() {
        return rowsView;
    }

    /** True while the server has more rows than are loaded ("Load more"). */
    public ReadOnlyBooleanProperty moreProperty() {
        return more.getReadOnlyProperty();
    }

    public long elapsedMillis() {
        return elapsedMillis;
    }

    /** In words: "3 rows in 12 ms", "more than 500 rows", "UPDATE: 2 rows changed in 4 ms". */
    public String summary() {
        if (!hasRows()) {
            String changed = updateCount < 0 ? "" : ": " + count(updateCount) + " changed";
            return command + changed + " in " + elapsedMillis + " ms";
        }
        return (more.get() ? "First " + count(rows.size()) + " of more" : count(rows.size())) + " in " + elapsedMillis + " ms";
    }

    void append(List<List<String>> page, boolean stillMore) {
        rows.addAll(page);
        more.set(stillMore);
    }

    void noMore() {
        more.set(false);
    }

    static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n) + (n == 1 ? " row" : " rows");
    }
}
