package dev.arbor.pg;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a read in one read-only REPEATABLE READ transaction, so a page's rows and its total, or a table list's counts,
 * come from one snapshot; both are allowed on a hot standby (a paused Time Travel server), where SERIALIZABLE and
 * writes are not. {@code search_path} is empty inside it, so every name the catalog functions print is
 * schema-qualified, whatever the role's settings; and a lock another transaction holds is waited for only
 * {@link #LOCK_TIMEOUT_MS}. The connection (in autocommit mode, as a pool hands it out) is left as it was found.
 */
final class PgSnapshot {
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    // a console read waits this long for a lock (a migration's, or one a paused server's replay holds) and then
    // says so, rather than hold the console's worker until the lock goes
    static final long LOCK_TIMEOUT_MS = 5_000;
    static final long STATEMENT_TIMEOUT_MS = 60_000;

    private PgSnapshot() {
    }

    static <T> T read(Connection c, String what, Work<T> work) {
        try {
            if (!c.getAutoCommit()) {
                // the read's snapshot must be its own, and a caller's transaction is not this class's to end
                throw new IllegalStateException("A reader needs a connection in autocommit mode.");
            }
            int isolation = c.getTransactionIsolation();
            boolean readOnly = c.isReadOnly();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                list(c, "select pg_catalog.set_config('search_path', '', true), "
                        + "pg_catalog.set_config('lock_timeout', '" + LOCK_TIMEOUT_MS + "ms', true), "
                        + "pg_catalog.set_config('statement_timeout', '" + STATEMENT_TIMEOUT_MS + "ms', true)",
                        List.of(), rs -> null);
                return work.run(c);
            } finally {
                c.rollback();
                c.setReadOnly(readOnly);
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static ArborException failure(String what, SQLException e) {
        String details = e.getSQLState() + ": " + e.getMessage();
        return switch (String.valueOf(e.getSQLState())) {
            case "55P03" -> new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_TABLE_LOCKED", "Postgres could not "
                    + what + ": another transaction (a migration, perhaps) holds a lock on it. Try again when it "
                    + "has finished.", details, e);
            case "57014" -> new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_READ_TIMEOUT", "Postgres could not "
                    + what + " within " + STATEMENT_TIMEOUT_MS / 1000 + " seconds; try again, or read a smaller page.",
                    details, e);
            default -> new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_READ_FAILED", "Postgres could not " + what
                    + "; try again, and see the details if it keeps failing.", details, e);
        };
    }

    static <T> List<T> list(Connection c, String sql, List<?> params, Row<T> row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.read(rs));
                }
                return out;
            }
        }
    }
}
