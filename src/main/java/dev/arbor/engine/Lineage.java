package dev.arbor.engine;

import java.util.Arrays;
import java.util.Map;

/**
 * What a read at (timeline, lsn) can see: the timeline's own versions up to {@code lsn}, then each
 * ancestor's up to the point the child branched from it (capped by {@code lsn}). Built from the
 * in-memory timeline map, which is immutable lineage, so it costs no I/O.
 */
final class Lineage {
    private final long[] timelines;
    private final long[] bounds;

    private Lineage(long[] timelines, long[] bounds) {
        this.timelines = timelines;
        this.bounds = bounds;
    }

    static Lineage of(Map<Long, Timeline> all, long timelineId, long lsn) {
        long[] ids = new long[8];
        long[] bs = new long[8];
        int n = 0;
        Long current = timelineId;
        long bound = lsn;
        while (current != null) {
            Timeline t = all.get(current);
            if (t == null) {
                throw new IllegalStateException("timeline " + current + " is missing");
            }
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, n * 2);
                bs = Arrays.copyOf(bs, n * 2);
            }
            ids[n] = t.id();
            bs[n] = bound;
            n++;
            if (t.ancestorId() != null) {
                bound = Math.min(bound, t.ancestorLsn());
            }
            current = t.ancestorId();
        }
        return new Lineage(Arrays.copyOf(ids, n), Arrays.copyOf(bs, n));
    }

    long maxLsn() {
        return bounds[0];
    }

    int depth() {
        return timelines.length;
    }

    long timeline(int i) {
        return timelines[i];
    }

    long bound(int i) {
        return bounds[i];
    }

    /** True when a version written on {@code timelineId} at {@code lsn} is visible to this read. */
    boolean sees(long timelineId, long lsn) {
        for (int i = 0; i < timelines.length; i++) {
            if (timelines[i] == timelineId) {
                return lsn <= bounds[i];
            }
        }
        return false;
    }

    /** An SQL list of the timeline ids, for IN clauses. */
    String idList() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < timelines.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(timelines[i]);
        }
        return sb.toString();
    }
}
