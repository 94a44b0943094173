package dev.arbor.engine;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.UnicodeText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small JDBC helpers. */
final class Sql {
    private static final Logger log = LoggerFactory.getLogger(Sql.class);

    private Sql() {
    }

    static ArborException failure(SQLException e) {
        return new ArborException(ErrorCode.INTERNAL, "STORAGE_ERROR",
                "The project database reported an error: " + e.getMessage(), null, e);
    }

    /**
     * {@code INSERT} that updates the row with the same {@code key} in place. Unlike {@code INSERT OR REPLACE},
     * a clash on any other unique column is an error, never the silent deletion of the row that held it.
     */
    static String upsert(String table, List<String> key, List<String> columns) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ") ON CONFLICT ("
                + String.join(", ", key) + ") DO UPDATE SET "
                + columns.stream().filter(c -> !key.contains(c)).map(c -> c + " = excluded." + c)
                        .collect(Collectors.joining(", "));
    }

    /** True when a statement failed because a value is already held under a UNIQUE constraint. */
    static boolean isUniqueViolation(SQLException e) {
        return e instanceof SQLiteException se && (se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                || se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
    }

    /**
     * A statement with its arguments bound. Text that is not valid Unicode is refused here, because SQLite would
     * store it with {@code ?} in place of the broken character and so confuse it with other text.
     */
    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        for (Object a : args) {
            if (a instanceof String text) {
                UnicodeText.requireWellFormed("this text", text);
            }
        }
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant t) {
                ps.setLong(i + 1, t.toEpochMilli());
            } else if (a instanceof Boolean b) {
                ps.setInt(i + 1, b ? 1 : 0);
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }

    /** Work on the store that may fail. */
    interface Work {
        void run() throws SQLException;
    }

    /** The name of the savepoint {@link #attempt} holds while its work runs. */
    static final String ATTEMPT = "attempt";

    /**
     * Runs {@code work} inside the open transaction so that, if it fails, only its own changes are undone; returns
     * the failure, or null. The savepoint is released either way: SQLite checks every open savepoint on every page
     * it writes, so savepoints left open make a batch of n pieces of work cost n² (30,000 operations took 84 s).
     */
    static Exception attempt(Connection c, Work work) throws SQLException {
        java.sql.Savepoint before = c.setSavepoint(ATTEMPT);
        try {
            work.run();
            c.releaseSavepoint(before);
            return null;
        } catch (SQLException | RuntimeException e) {
            c.rollback(before);
            c.releaseSavepoint(before);
            return e;
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    static Long longOrNull(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    /** Rolls back after a failure that is already being reported; a rollback failing too is only logged. */
    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.warn("Rollback failed: {}", e.getMessage());
        }
    }

    /** Ends a transaction frame: back to auto-commit, logging (not throwing) if that fails. */
    static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            log.warn("Could not restore auto-commit: {}", e.getMessage());
        }
    }
}
