package dev.arbor.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reclaims history nobody can read any more. On each timeline, versions older than the retention horizon
 * are dropped unless one of them is what some readable point still sees: the state at the horizon itself,
 * or the state at a child timeline's branch point. Timelines that no branch and no descendant needs are
 * dropped whole.
 */
final class Retention {
    private Retention() {
    }

    /** Drops unreachable old versions; returns how many versions (rows and catalog entries) went. */
    static long collectHistory(Connection c, Map<Long, Timeline> tls, Instant horizon) throws SQLException {
        long dropped = 0;
        for (Timeline t : tls.values()) {
            Long h = horizonLsn(c, t.id(), horizon);
            if (h == null) {
                continue;
            }
            TreeSet<Long> cuts = new TreeSet<>();
            cuts.add(h);
            for (Timeline child : tls.values()) {
                if (child.ancestorId() != null && child.ancestorId() == t.id() && child.ancestorLsn() < h) {
                    cuts.add(child.ancestorLsn());
                }
            }
            dropped += sweep(c, t.id(), h, cuts,
                    "SELECT table_id, pk, lsn FROM row_version WHERE timeline_id = ? AND lsn <= ? ORDER BY table_id, pk, lsn",
                    "DELETE FROM row_version WHERE table_id = ? AND pk = ? AND lsn = ?", true);
            dropped += sweep(c, t.id(), h, cuts,
                    "SELECT kind, name, lsn FROM catalog WHERE timeline_id = ? AND lsn <= ? ORDER BY kind, name, lsn",
                    "DELETE FROM catalog WHERE kind = ? AND name = ? AND lsn = ?", false);
        }
        return dropped;
    }

    /** The LSN of the timeline's own last commit at or before the horizon, or null when it has none. */
    private static Long horizonLsn(Connection c, long timelineId, Instant horizon) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT lsn FROM commit_log WHERE timeline_id = ? AND committed_at <= ?"
                + " ORDER BY committed_at DESC, lsn DESC LIMIT 1", timelineId, horizon.toEpochMilli());
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    /**
     * Within each key's versions (ascending), a version at or below the horizon is needed only when some cut
     * point falls between it and the key's next version: that cut reads it.
     */
    private static long sweep(Connection c, long timelineId, long horizon, TreeSet<Long> cuts, String select,
                              String delete, boolean numericKey) throws SQLException {
        List<Object[]> doomed = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, select, timelineId, horizon); ResultSet rs = ps.executeQuery()) {
            Object k1 = null;
            String k2 = null;
            long prevLsn = -1;
            boolean have = false;
            while (rs.next()) {
                Object a = numericKey ? (Object) rs.getLong(1) : rs.getString(1);
                String b = rs.getString(2);
                long lsn = rs.getLong(3);
                if (have && a.equals(k1) && b.equals(k2)) {
                    Long cut = cuts.ceiling(prevLsn);
                    if (cut == null || cut >= lsn) {
                        // no cut between the previous version and this one: nobody reads the previous one
                        doomed.add(new Object[] {k1, k2, prevLsn});
                    }
                }
                k1 = a;
                k2 = b;
                prevLsn = lsn;
                have = true;
            }
        }
        if (doomed.isEmpty()) {
            return 0;
        }
        try (PreparedStatement del = c.prepareStatement(delete)) {
            for (Object[] d : doomed) {
                del.setObject(1, d[0]);
                del.setString(2, (String) d[1]);
                del.setLong(3, (Long) d[2]);
                del.addBatch();
            }
            del.executeBatch();
        }
        return doomed.size();
    }

    /** Timelines that no branch uses and no other timeline descends from, found repeatedly up the lineage. */
    static List<Long> unreferenced(Map<Long, Timeline> tls, Collection<Long> usedByBranches) {
        Set<Long> needed = new java.util.HashSet<>(usedByBranches);
        for (Long id : usedByBranches) {
            Timeline t = tls.get(id);
            while (t != null && t.ancestorId() != null) {
                if (!needed.add(t.ancestorId())) {
                    break;
                }
                t = tls.get(t.ancestorId());
            }
        }
        List<Long> out = new ArrayList<>();
        for (Long id : tls.keySet()) {
            if (!needed.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    static void dropTimeline(Connection c, long timelineId) throws SQLException {
        Sql.update(c, "DELETE FROM row_version WHERE timeline_id = ?", timelineId);
        Sql.update(c, "DELETE FROM catalog WHERE timeline_id = ?", timelineId);
        Sql.update(c, "DELETE FROM commit_log WHERE timeline_id = ?", timelineId);
        Sql.update(c, "DELETE FROM timeline WHERE id = ?", timelineId);
    }
}
