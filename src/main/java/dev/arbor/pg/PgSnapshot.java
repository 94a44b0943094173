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
 * schema-qualified, whatever the role's settings. The connection is left as it was found.
 */
final class PgSnapshot {
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private PgSnapshot() {
    }

    static <T> T read(Connection c, String what, Work<T> work) {
        try {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            boolean readOnly = c.isReadOnly();
            if (!autoCommit) {
                c.rollback(); // a transaction the caller left open would fix an older snapshot
            }
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                list(c, "select pg_catalog.set_config('search_path', '', true)", List.of(), rs -> null);
                return work.run(c);
            } finally {
                c.rollback();
                c.setReadOnly(readOnly);
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_READ_FAILED", "Postgres could not " + what
                    + "; try again, and see the details if it keeps failing.", e.getSQLState() + ": " + e.getMessage(), e);
        }
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
