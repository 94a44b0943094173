package dev.arbor.ui.sql;

import dev.arbor.backend.ConnectionDetails;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * The editor's one connection to a branch. Blocking; used from one worker at a time, except {@link #cancel()}.
 *
 * <p>Each statement runs in its own transaction, committed when it finishes, so what ran is what the branch has
 * (as with psql's autocommit). Rows come a page at a time through a server-side cursor, which needs that
 * transaction: a result with more rows than a page keeps it open for "Load more" until its rows are read or the
 * next statement runs — but only when the statement wrote nothing (no transaction id assigned), so a change is
 * never left uncommitted behind a half-read result. A BEGIN typed by the person hands the transaction to them
 * until their COMMIT or ROLLBACK.
 *
 * <p>Safe mode's check ({@link #run} with {@code readOnly}) runs the statement in a READ ONLY transaction: the
 * server refuses whatever would write (SQLSTATE 25006) and nothing is changed; a statement it accepts is the run
 * itself, so a read is not run twice.
 */
final class SqlSession implements AutoCloseable {
    static final int PAGE = 500;
    private static final Set<String> TRANSACTION_START = Set.of("begin", "start");
    private static final Set<String> TRANSACTION_CONTROL = Set.of("begin", "start", "commit", "end", "rollback", "abort",
            "savepoint", "release", "prepare");

    /** A statement's outcome: rows (the first page), a command done, or safe mode's "this writes". */
    sealed interface Outcome {
    }

    record Rows(List<String> columns, List<List<String>> page, boolean more, long elapsedMillis) implements Outcome {
    }

    record Done(String command, long updateCount, long elapsedMillis) implements Outcome {
    }

    /** Safe mode stopped before running this statement for real; {@code why} says what was found. */
    record Writes(String why) implements Outcome {
    }

    record Page(List<List<String>> rows, boolean more) {
    }

    private final Connection connection;
    private volatile Statement running;
    private Statement openStatement;
    private ResultSet openRows;

    private SqlSession(Connection connection) {
        this.connection = connection;
    }

    /** Connects; a suspended compute wakes for it, which the login timeout leaves room for. */
    static SqlSession open(ConnectionDetails details, String options) throws SQLException {
        Connection c = DriverManager.getConnection(details.jdbcUrl(), properties(details, options));
        try {
            c.setAutoCommit(false);
            return new SqlSession(c);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** pgjdbc's settings for {@code details}: TLS as {@link ConnectionDetails#clientProperties} says, and the editor's. */
    static Properties properties(ConnectionDetails details, String options) {
        Properties p = details.clientProperties(options);
        p.setProperty("ApplicationName", "Arbor SQL editor");
        p.setProperty("loginTimeout", "120");
        p.setProperty("connectTimeout", "30");
        return p;
    }

    /** True while a transaction the person began (BEGIN) is open. */
    boolean inOwnTransaction() throws SQLException {
        return connection.getAutoCommit() && state() != TransactionState.IDLE;
    }

    Outcome run(SqlScript.Statement statement, boolean readOnly) throws SQLException {
        finishOpenResult();
        String first = statement.firstWord();
        boolean own = inOwnTransaction();
        if (readOnly && (own || TRANSACTION_CONTROL.contains(first))) {
            return new Writes(own ? "It runs inside the transaction you began, where Arbor cannot try it read-only first."
                    : "It controls the transaction.");
        }
        if (!own && TRANSACTION_START.contains(first)) {
            connection.setAutoCommit(true); // the person's BEGIN opens the transaction; Arbor stops committing
            own = true;
        }
        try {
            return execute(statement.text(), readOnly, own);
        } catch (SQLException e) {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            if (readOnly && "25006".equals(e.getSQLState())) {
                return new Writes("Postgres refused it in a read-only transaction (" + SqlEditorModel.message(e)
                        + "), so it would change the branch.");
            }
            if ("25001".equals(e.getSQLState()) && !own) {
                // VACUUM, CREATE DATABASE and the like cannot run in a transaction block; the refusal changed nothing
                if (readOnly) {
                    return new Writes("It cannot run inside a transaction, so Arbor cannot try it read-only first.");
                }
                connection.setAutoCommit(true);
                try {
                    return execute(statement.text(), false, true);
                } finally {
                    connection.setAutoCommit(false);
                }
            }
            throw e;
        } finally {
            endOwnTransactionIfOver();
        }
    }

    private Outcome execute(String sql, boolean readOnly, boolean own) throws SQLException {
        long start = System.nanoTime();
        if (readOnly) {
            try (Statement s = connection.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
            }
        }
        Statement st = connection.createStatement();
        st.setFetchSize(PAGE);
        running = st;
        boolean keep = false;
        try {
            boolean hasRows = st.execute(sql);
            while (!hasRows && st.getUpdateCount() == -1 && st.getMoreResults()) {
                hasRows = true;
            }
            if (!hasRows) {
                long count = st.getUpdateCount();
                if (!own) {
                    connection.commit();
                }
                return new Done(command(sql), count, millisSince(start));
            }
            ResultSet rs = st.getResultSet();
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnLabel(i));
            }
            Page page = readPage(rs, columns.size());
            long elapsed = millisSince(start);
            keep = page.more() && (own || !wrote());
            if (keep) {
                openStatement = st;
                openRows = rs;
            } else if (!own) {
                connection.commit();
            }
            return new Rows(columns, page.rows(), keep, elapsed);
        } finally {
            running = null;
            if (!keep) {
                st.close();
            }
        }
    }

    /** The next page of the result kept open by the last {@link #run}. */
    Page more() throws SQLException {
        if (openRows == null) {
            return new Page(List.of(), false);
        }
        running = openStatement;
        try {
            Page page = readPage(openRows, openRows.getMetaData().getColumnCount());
            if (!page.more()) {
                finishOpenResult();
            }
            return page;
        } catch (SQLException e) {
            closeOpenResult();
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            throw e;
        } finally {
            running = null;
        }
    }

    /** Stops the statement running now, if any (pgjdbc sends Postgres a cancel request on its own connection). */
    void cancel() throws SQLException {
        Statement s = running;
        if (s != null) {
            s.cancel();
        }
    }

    boolean isValid() {
        try {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            closeOpenResult();
        } finally {
            connection.close(); // an open transaction of the person's is rolled back by the server
        }
    }

    private void finishOpenResult() throws SQLException {
        if (openRows != null) {
            closeOpenResult();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }

    private void closeOpenResult() throws SQLException {
        Statement s = openStatement;
        openStatement = null;
        openRows = null;
        if (s != null) {
            s.close();
        }
    }

    private static Page readPage(ResultSet rs, int columns) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        while (rows.size() < PAGE && rs.next()) {
            List<String> row = new ArrayList<>(columns);
            for (int i = 1; i <= columns; i++) {
                row.add(rs.getString(i));
            }
            rows.add(java.util.Collections.unmodifiableList(row));
        }
        boolean more = rows.size() == PAGE && !rs.isAfterLast() && hasNext(rs);
        return new Page(rows, more);
    }

    /** Whether a row follows, without consuming it (pgjdbc knows once it has fetched past the page). */
    private static boolean hasNext(ResultSet rs) throws SQLException {
        return !rs.isLast();
    }

    private boolean wrote() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select pg_current_xact_id_if_assigned() is not null")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private void endOwnTransactionIfOver() {
        try {
            if (connection.getAutoCommit() && state() == TransactionState.IDLE && openRows == null) {
                connection.setAutoCommit(false); // the person's transaction ended: Arbor commits each statement again
            }
        } catch (SQLException e) {
            // a broken connection: the statement's own failure says so
        }
    }

    private TransactionState state() throws SQLException {
        return connection.unwrap(BaseConnection.class).getTransactionState();
    }

    private static String command(String sql) {
        String word = new SqlScript.Statement(sql, 0).firstWord();
        return word.isEmpty() ? "Done" : word.toUpperCase(java.util.Locale.ROOT);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

}
