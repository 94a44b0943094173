package dev.arbor.engine;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Operation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The project's operations as recorded: every operation ever planned, with its latest status. */
final class OperationLog {
    private final Store store;
    private final ControlPlane state;

    OperationLog(Store store, ControlPlane state) {
        this.store = store;
        this.state = state;
    }

    /** Operations newest first; {@code beforeSeq} (exclusive, 0 = from the newest) pages backwards. */
    List<Operation> page(long beforeSeq, int limit) {
        return store.read(c -> {
            List<Operation> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT * FROM operation WHERE (? = 0 OR seq < ?) ORDER BY seq DESC LIMIT ?",
                    beforeSeq, beforeSeq, limit); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        });
    }

    /** The sequence number of an operation, for paging. */
    long seq(String operationId) {
        return store.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT seq FROM operation WHERE id = ?", operationId);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ArborException.notFound("operation", operationId);
                }
                return rs.getLong(1);
            }
        });
    }

    Operation get(String id) {
        return store.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT * FROM operation WHERE id = ?", id); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ArborException.notFound("operation", id);
                }
                return read(rs);
            }
        });
    }

    /** Operations still scheduling or running on disk: a shutdown interrupted them. */
    List<Operation> interrupted(Connection c) throws SQLException {
        List<Operation> pending = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM operation WHERE status IN ('scheduling', 'running') ORDER BY seq")) {
            while (rs.next()) {
                pending.add(read(rs));
            }
        }
        return pending;
    }

    /** Records how an operation ended. */
    void saveEnd(Connection c, Operation done) throws SQLException {
        Sql.update(c, "UPDATE operation SET status = ?, error = ?, failures_count = ?, updated_at = ?,"
                + " total_duration_ms = ? WHERE id = ?", done.status().wireName(), done.error(), done.failuresCount(),
                done.updatedAt(), done.totalDurationMs(), done.id());
    }

    private Operation read(ResultSet rs) throws SQLException {
        return new Operation(rs.getString("id"), state.project().id(), rs.getString("branch_id"), rs.getString("endpoint_id"),
                Operation.Action.fromWire(rs.getString("action")), Operation.Status.fromWire(rs.getString("status")),
                rs.getInt("failures_count"), rs.getString("error"), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"), rs.getLong("total_duration_ms"));
    }
}
