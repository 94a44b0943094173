package dev.arbor.engine;

import dev.arbor.backend.HistoryWindow;
import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Turns a point in time on a branch (head, timestamp or LSN) into the LSN and commit time it reads, and states a
 * branch's history window. A point before the window, after the head or in the future is refused with a sentence
 * that states the window.
 */
final class PointResolver {
    private final Store store;
    private final EngineLock lock;
    private final ControlPlane state;
    private final Map<Long, Timeline> timelines;
    private final DataPlane plane;
    private final EngineClock clock;

    /** {@code plane}: real Postgres, whose WAL is the history. */
    PointResolver(Store store, EngineLock lock, ControlPlane state, Map<Long, Timeline> timelines, DataPlane plane,
                  EngineClock clock) {
        this.plane = plane;
        this.store = store;
        this.lock = lock;
        this.state = state;
        this.timelines = timelines;
        this.clock = clock;
    }

    HistoryWindow historyWindow(String branchIdOrName) {
        Timeline t = lock.shared(() -> {
            BranchRecord b = state.requireBranch(branchIdOrName);
            plane.headOf(b.timelineId); // a running compute's WAL position is the head, as resolve() reads it
            return state.timelineOf(b);
        });
        Instant now = clock.now();
        return store.read(c -> window(c, t, now));
    }

    /** Resolves a point on a branch on a pooled reader. */
    ResolvedPoint resolve(String branchIdOrName, PointInTime point) {
        return lock.read(() -> resolve(state.requireBranch(branchIdOrName), point));
    }

    /** Resolves on a pooled reader; callers hold the read lock. */
    ResolvedPoint resolve(BranchRecord b, PointInTime point) {
        return store.read(c -> resolve(c, b, point, clock.now()));
    }

    /** Resolves on connection {@code c}: the writer under the write lock, a pooled reader otherwise. */
    ResolvedPoint resolve(Connection c, BranchRecord b, PointInTime point, Instant now) {
        plane.headOf(b.timelineId); // a running compute's WAL position is the head
        Timeline t = timelines.get(b.timelineId);
        if (point.isHead()) {
            return new ResolvedPoint(new Lsn(t.headLsn()), t.headAt());
        }
        try {
            HistoryWindow w = window(c, t, now);
            String windowText = "The history window of \"" + b.name + "\" runs from " + w.start().truncatedTo(ChronoUnit.MILLIS)
                    + " (LSN " + w.startLsn() + ") to now (head LSN " + w.headLsn() + ")";
            if (point instanceof PointInTime.AtTimestamp at) {
                Instant ts = at.timestamp();
                if (ts.isAfter(now)) {
                    throw ArborException.invalid("POINT_IN_FUTURE", "The time " + ts + " is in the future. " + windowText + ".");
                }
                if (ts.isBefore(w.start())) {
                    throw ArborException.invalid("POINT_OUTSIDE_HISTORY", "The time " + ts + " is before the history window. "
                            + windowText + "; history is kept for " + retentionText() + ".");
                }
                return plane.resolveTime(t.id(), ts);
            }
            Lsn lsn = ((PointInTime.AtLsn) point).lsn();
            if (Long.compareUnsigned(lsn.value(), t.headLsn()) > 0) {
                throw ArborException.invalid("POINT_AFTER_HEAD", "LSN " + lsn + " is after the head of \"" + b.name
                        + "\" (LSN " + w.headLsn() + "). " + windowText + ".");
            }
            if (lsn.isBefore(w.startLsn())) {
                throw ArborException.invalid("POINT_OUTSIDE_HISTORY", "LSN " + lsn + " is before the history window. "
                        + windowText + "; history is kept for " + retentionText() + ".");
            }
            // the commit time of an LSN is known only by replaying to it; the console asks for it separately
            return new ResolvedPoint(lsn, lsn.value() == t.headLsn() ? t.headAt() : null);
        } catch (SQLException e) {
            throw Sql.failure(e);
        }
    }

    /** The time a branch made at a point records: the time asked for, else the commit the point resolved to. */
    static Instant timeOf(PointInTime requested, ResolvedPoint resolved) {
        return requested instanceof PointInTime.AtTimestamp at ? at.timestamp() : resolved.committedAt();
    }

    private HistoryWindow window(Connection c, Timeline t, Instant now) throws SQLException {
        Instant horizon = now.minusSeconds(state.project().historyRetentionSeconds());
        // the WAL archive keeps everything since the root's cluster was made, and a moment is rebuilt from the
        // oldest base backup before it, so history begins at the later of the root's making and that backup
        Timeline root = t;
        while (root.ancestorId() != null) {
            root = timelines.get(root.ancestorId());
        }
        Instant start = root.createdAt().isAfter(horizon) ? root.createdAt() : horizon;
        Instant firstBackup = plane.firstTime(t.id());
        if (firstBackup != null) {
            // to the millisecond the window is shown in, rounded up: the moment before the backup is not kept
            Instant ms = firstBackup.truncatedTo(ChronoUnit.MILLIS);
            firstBackup = ms.equals(firstBackup) ? ms : ms.plusMillis(1);
        }
        if (firstBackup != null && firstBackup.isAfter(start) && !firstBackup.isAfter(now)) {
            start = firstBackup;
        }
        return new HistoryWindow(start, new Lsn(plane.firstLsn(t.id())), now, new Lsn(t.headLsn()));
    }

    private String retentionText() {
        long s = state.project().historyRetentionSeconds();
        if (s % 86400 == 0) {
            return s / 86400 + (s == 86400 ? " day" : " days");
        }
        if (s % 3600 == 0) {
            return s / 3600 + (s == 3600 ? " hour" : " hours");
        }
        return s + " seconds";
    }
}
