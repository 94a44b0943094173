package dev.arbor.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timelines: lineage, kept in memory and in SQLite's {@code timeline} table. Their bytes are Postgres's
 * ({@link DataPlane}), which also moves each timeline's head. A directory written by the Arbor that kept rows in its
 * own versioned store still has that store's tables ({@code commit_log}, {@code catalog}, {@code row_version}); they
 * are not read, and a reclaimed timeline's old rows go with it.
 */
final class TimelineStore {
    private static final Logger log = LoggerFactory.getLogger(TimelineStore.class);

    private final Map<Long, Timeline> timelines = new ConcurrentHashMap<>();

    /** Every timeline by id; lineage is immutable, so readers walk it without the lock. */
    Map<Long, Timeline> timelines() {
        return timelines;
    }

    /** Reads every timeline of an existing project; a child's head starts at its branch point. */
    void load(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM timeline ORDER BY id")) {
            while (rs.next()) {
                long id = rs.getLong("id");
                Long anc = Sql.longOrNull(rs, "ancestor_id");
                Long ancLsn = Sql.longOrNull(rs, "ancestor_lsn");
                Instant created = Sql.instant(rs, "created_at");
                Instant branchPointAt = Sql.instant(rs, "branch_point_at");
                timelines.put(id, new Timeline(id, anc, ancLsn, created, ancLsn == null ? 0 : ancLsn,
                        branchPointAt != null ? branchPointAt : created, rs.getLong("size_at_start")));
            }
        }
    }

    /** A new timeline: a root, or a child of {@code ancestorId} at {@code ancestorLsn}. Nothing is copied. */
    Timeline newTimeline(Changes ch, Long ancestorId, Long ancestorLsn, long size, Instant now) throws SQLException {
        long id;
        try (PreparedStatement ps = Sql.prepare(ch.c, "INSERT INTO timeline (ancestor_id, ancestor_lsn, created_at, size_at_start,"
                + " branch_point_at) VALUES (?, ?, ?, ?, ?)", ancestorId, ancestorLsn, now, size, ancestorId == null ? null : now)) {
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        Timeline t = new Timeline(id, ancestorId, ancestorLsn, now, ancestorLsn == null ? 0 : ancestorLsn, now, size);
        // lineage is immutable, so the timeline can be known before commit; a rollback leaves it unreferenced
        timelines.put(id, t);
        ch.onCommit.add(() -> timelines.putIfAbsent(id, t));
        return t;
    }

    /** Drops every timeline that no branch in {@code used} and no descendant needs (and any old rows it had). */
    Set<Long> reclaimTimelines(Connection c, Collection<Long> used) throws SQLException {
        List<Long> dead = unreferenced(used);
        for (Long id : dead) {
            for (String table : List.of("row_version", "catalog", "commit_log")) {
                Sql.update(c, "DELETE FROM " + table + " WHERE timeline_id = ?", id);
            }
            Sql.update(c, "DELETE FROM timeline WHERE id = ?", id);
        }
        dead.forEach(timelines::remove);
        if (!dead.isEmpty()) {
            log.debug("Reclaimed {} timeline(s)", dead.size());
        }
        return Set.copyOf(dead);
    }

    /** Timelines that no branch uses and no other timeline descends from, found repeatedly up the lineage. */
    private List<Long> unreferenced(Collection<Long> usedByBranches) {
        Set<Long> needed = new HashSet<>();
        for (Long id : usedByBranches) {
            for (Timeline t = timelines.get(id); t != null && needed.add(t.id());
                 t = t.ancestorId() == null ? null : timelines.get(t.ancestorId())) {
                // every ancestor of a used timeline is needed
            }
        }
        List<Long> dead = new ArrayList<>();
        for (Long id : timelines.keySet()) {
            if (!needed.contains(id)) {
                dead.add(id);
            }
        }
        return dead;
    }

    int storedTimelines() {
        return timelines.size();
    }
}
