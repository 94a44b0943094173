package dev.arbor.engine;

import dev.arbor.backend.ResolvedPoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the bytes live: the timelines (kept in memory), their commits and versioned data in SQLite, and the
 * counters that hand out LSNs, table ids and database ids. Everything above it sees data only as a
 * {@link DataTransaction} to write or a {@link Snapshot} to read at a (timeline, LSN).
 */
final class TimelineStore {
    private static final Logger log = LoggerFactory.getLogger(TimelineStore.class);
    private static final long FIRST_LSN = 0x1000000L;
    private static final long FIRST_DATABASE_ID = 1_000_001L;
    private static final String SAVE_META = Sql.upsert("meta", List.of("key"), List.of("key", "value"));

    private final Store store;
    private final EngineClock clock;
    private final Map<Long, Timeline> timelines = new ConcurrentHashMap<>();
    private long nextLsn;
    private long nextTableId;
    private long nextDatabaseId;
    private Instant lastCommitAt = Instant.EPOCH;

    TimelineStore(Store store, EngineClock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Every timeline by id; lineage is immutable, so readers walk it without the lock. */
    Map<Long, Timeline> timelines() {
        return timelines;
    }

    /** Counters for a new project, before its first commit. */
    void startEmpty() {
        nextLsn = FIRST_LSN;
        nextTableId = 1;
        nextDatabaseId = FIRST_DATABASE_ID;
    }

    /** Reads the counters and every timeline with its head from an existing project. */
    void load(Connection c) throws SQLException {
        nextLsn = Long.parseLong(meta(c, "next_lsn"));
        nextTableId = Long.parseLong(meta(c, "next_table_id"));
        nextDatabaseId = Long.parseLong(meta(c, "next_database_id"));
        loadTimelines(c);
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(committed_at) FROM commit_log")) {
            if (rs.next() && rs.getObject(1) != null) {
                lastCommitAt = Instant.ofEpochMilli(rs.getLong(1));
            }
        }
    }

    private void loadTimelines(Connection c) throws SQLException {
        Map<Long, long[]> heads = new HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT timeline_id, lsn, committed_at, logical_size FROM commit_log"
                     + " WHERE lsn IN (SELECT MAX(lsn) FROM commit_log GROUP BY timeline_id)")) {
            while (rs.next()) {
                heads.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
            }
        }
        List<Timeline> noCommits = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM timeline ORDER BY id")) {
            while (rs.next()) {
                long id = rs.getLong("id");
                Long anc = Sql.longOrNull(rs, "ancestor_id");
                Long ancLsn = Sql.longOrNull(rs, "ancestor_lsn");
                Instant created = Sql.instant(rs, "created_at");
                long[] h = heads.get(id);
                Instant branchPointAt = Sql.instant(rs, "branch_point_at");
                Timeline t = h != null
                        ? new Timeline(id, anc, ancLsn, created, h[0], Instant.ofEpochMilli(h[1]), h[2])
                        : new Timeline(id, anc, ancLsn, created, ancLsn == null ? 0 : ancLsn,
                                branchPointAt != null ? branchPointAt : created, rs.getLong("size_at_start"));
                timelines.put(id, t);
                if (h == null && branchPointAt == null) {
                    noCommits.add(t);
                }
            }
        }
        for (Timeline t : noCommits) {
            if (t.ancestorId() != null) {
                History.Commit at = History.lastUpTo(c, timelines, t.ancestorId(), t.ancestorLsn());
                timelines.put(t.id(), t.withHead(t.ancestorLsn(), at == null ? t.createdAt() : at.at(), t.size()));
            }
        }
    }

    private static String meta(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT value FROM meta WHERE key = ?", key);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("meta." + key + " is missing");
            }
            return rs.getString(1);
        }
    }

    /** Writes the counters; every change does, in its own transaction, so a rollback leaves them as they were. */
    void saveCounters(Connection c) throws SQLException {
        Sql.update(c, SAVE_META, "next_lsn", Long.toString(nextLsn));
        Sql.update(c, SAVE_META, "next_table_id", Long.toString(nextTableId));
        Sql.update(c, SAVE_META, "next_database_id", Long.toString(nextDatabaseId));
    }

    /** A new timeline: a root, or a child of {@code ancestorId} at {@code ancestorLsn}. Nothing is copied. */
    Timeline newTimeline(Changes ch, Long ancestorId, Long ancestorLsn, long size, Instant now) throws SQLException {
        Instant headAt = now;
        if (ancestorId != null) {
            History.Commit at = History.lastUpTo(ch.c, timelines, ancestorId, ancestorLsn);
            headAt = at == null ? now : at.at();
        }
        long id;
        try (PreparedStatement ps = Sql.prepare(ch.c, "INSERT INTO timeline (ancestor_id, ancestor_lsn, created_at, size_at_start,"
                + " branch_point_at) VALUES (?, ?, ?, ?, ?)", ancestorId, ancestorLsn, now, size, ancestorId == null ? null : headAt)) {
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        Timeline t = new Timeline(id, ancestorId, ancestorLsn, now, ancestorLsn == null ? 0 : ancestorLsn, headAt, size);
        // lineage is immutable, so the timeline can be known before commit; a rollback leaves it unreferenced
        timelines.put(id, t);
        ch.onCommit.add(() -> timelines.putIfAbsent(id, t));
        return t;
    }

    /**
     * Runs {@code work} as one commit on timeline {@code t}: everything it writes gets one new LSN, and the
     * commit records the timeline's logical size. A transaction that writes nothing commits nothing.
     */
    <T> T commitData(Changes ch, Timeline t, Function<DataTransaction, T> work) throws SQLException {
        long lsn = nextLsn;
        Instant at = commitTime();
        Lineage lineage = Lineage.of(timelines, t.id(), lsn);
        DataTransaction tx = new DataTransaction(ch.c, lineage, t.id(), lsn, at, new DataTransaction.Ids() {
            @Override
            public long nextTableId() {
                return nextTableId++;
            }

            @Override
            public long nextDatabaseId() {
                return nextDatabaseId++;
            }
        });
        try {
            T result = work.apply(tx);
            tx.flush();
            if (tx.isEmpty()) {
                return result;
            }
            long size = Math.max(0, t.size() + tx.sizeDelta());
            Sql.update(ch.c, "INSERT INTO commit_log (lsn, timeline_id, committed_at, logical_size) VALUES (?, ?, ?, ?)",
                    lsn, t.id(), at, size);
            long advance = (Math.max(tx.bytesWritten(), 24) + 7) & ~7L;
            nextLsn = lsn + advance;
            Instant committed = at;
            ch.onCommit.add(() -> {
                timelines.compute(t.id(), (k, old) -> (old == null ? t : old).withHead(lsn, committed, size));
                lastCommitAt = committed;
            });
            return result;
        } finally {
            tx.close();
        }
    }

    /** Commit times never go backwards, so time and LSN order agree. */
    private Instant commitTime() {
        Instant now = clock.now();
        return now.isBefore(lastCommitAt) ? lastCommitAt : now;
    }

    /** A read-only view of a timeline at a resolved point. */
    Snapshot snapshot(String branchId, long timelineId, ResolvedPoint at) {
        return new Snapshot(store, branchId, at, Lineage.of(timelines, timelineId, at.lsn().value()));
    }

    /** The catalog at a point, read on the writer (callers hold the write lock). */
    Catalog catalogAt(long timelineId, long lsn) {
        try {
            return VersionedData.catalog(store.writer(), Lineage.of(timelines, timelineId, lsn));
        } catch (SQLException e) {
            throw Sql.failure(e);
        }
    }

    /** The logical size at a point, from the commit that made it: nothing is scanned. */
    long sizeAt(long timelineId, long lsn) throws SQLException {
        History.Commit at = History.lastUpTo(store.writer(), timelines, timelineId, lsn);
        return at == null ? 0 : at.size();
    }

    /** Drops every timeline that no branch in {@code used} and no descendant needs, with its versions and commits. */
    Set<Long> reclaimTimelines(Connection c, Collection<Long> used) throws SQLException {
        List<Long> dead = Retention.unreferenced(timelines, used);
        for (Long id : dead) {
            Retention.dropTimeline(c, id);
        }
        dead.forEach(timelines::remove);
        if (!dead.isEmpty()) {
            log.debug("Reclaimed {} timeline(s)", dead.size());
        }
        return Set.copyOf(dead);
    }

    /**
     * Drops versions at or below {@code horizon} that no readable point needs, in one transaction on the writer
     * (callers hold the write lock); returns how many.
     */
    long collectHistory(Instant horizon) throws SQLException {
        Connection c = store.writer();
        c.setAutoCommit(false);
        try {
            long n = Retention.collectHistory(c, timelines, horizon);
            c.commit();
            return n;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Versions (rows and catalog entries) stored, for measuring reclamation. */
    long storedVersions() {
        return store.read(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM row_version) + (SELECT COUNT(*) FROM catalog)")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    int storedTimelines() {
        return timelines.size();
    }
}
