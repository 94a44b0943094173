package dev.arbor.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * Lookups in the commit log along a lineage. Commit times never go backwards as LSNs grow, so "the last
 * commit at or before time t" and "the last commit at or below LSN x" are each one index seek per
 * timeline of the lineage.
 */
final class History {
    private History() {
    }

    record Commit(long lsn, long timelineId, Instant at, long size) {
    }

    /** The last commit with LSN ≤ {@code bound} visible from {@code timelineId}, or null. */
    static Commit lastUpTo(Connection c, Map<Long, Timeline> tls, long timelineId, long bound) throws SQLException {
        Long current = timelineId;
        long b = bound;
        while (current != null) {
            Commit hit = lastOn(c, current, b);
            if (hit != null) {
                return hit;
            }
            Timeline t = tls.get(current);
            if (t.ancestorId() == null) {
                return null;
            }
            b = Math.min(b, t.ancestorLsn());
            current = t.ancestorId();
        }
        return null;
    }

    /** The last commit at or before time {@code at} and at or below {@code bound}, along the lineage; or null. */
    static Commit lastAtOrBefore(Connection c, Map<Long, Timeline> tls, long timelineId, long bound, Instant at)
            throws SQLException {
        Long current = timelineId;
        long b = bound;
        while (current != null) {
            Commit byLsn = lastOn(c, current, b);
            if (byLsn != null && !byLsn.at().isAfter(at)) {
                return byLsn;
            }
            if (byLsn != null) {
                Commit byTime = one(c, "SELECT lsn, timeline_id, committed_at, logical_size FROM commit_log"
                        + " WHERE timeline_id = ? AND committed_at <= ? ORDER BY committed_at DESC, lsn DESC LIMIT 1",
                        current, at.toEpochMilli());
                if (byTime != null) {
                    return byTime;
                }
            }
            Timeline t = tls.get(current);
            if (t.ancestorId() == null) {
                return null;
            }
            b = Math.min(b, t.ancestorLsn());
            current = t.ancestorId();
        }
        return null;
    }

    /** The first commit of the lineage's root timeline: where its history begins. */
    static Commit first(Connection c, Map<Long, Timeline> tls, long timelineId) throws SQLException {
        Timeline t = tls.get(timelineId);
        while (t.ancestorId() != null) {
            t = tls.get(t.ancestorId());
        }
        return one(c, "SELECT lsn, timeline_id, committed_at, logical_size FROM commit_log WHERE timeline_id = ?"
                + " ORDER BY lsn LIMIT 1", t.id());
    }

    /** The timeline's own last commit at or below {@code bound}. */
    private static Commit lastOn(Connection c, long timelineId, long bound) throws SQLException {
        return one(c, "SELECT lsn, timeline_id, committed_at, logical_size FROM commit_log"
                + " WHERE timeline_id = ? AND lsn <= ? ORDER BY lsn DESC LIMIT 1", timelineId, bound);
    }

    private static Commit one(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Commit(rs.getLong(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getLong(4)) : null;
        }
    }
}
