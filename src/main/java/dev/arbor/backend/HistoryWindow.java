package dev.arbor.backend;

import dev.arbor.domain.Lsn;
import java.time.Instant;

/**
 * The points a branch can be read, branched or restored at: from {@code start} (the later of the
 * retention horizon and the first commit in its lineage) to its head.
 */
public record HistoryWindow(Instant start, Lsn startLsn, Instant head, Lsn headLsn) {
    public boolean contains(Instant t) {
        return !t.isBefore(start) && !t.isAfter(head);
    }
}
