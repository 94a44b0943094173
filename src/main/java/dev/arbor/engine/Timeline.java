package dev.arbor.engine;

import java.time.Instant;

/**
 * Immutable lineage plus the head of its own history. {@code headLsn}/{@code headAt} are the last commit
 * visible on the timeline (its own, or its ancestor's at the branch point when it has none yet);
 * {@code size} is the logical size of the data at the head.
 */
record Timeline(long id, Long ancestorId, Long ancestorLsn, Instant createdAt, long headLsn, Instant headAt, long size) {
    Timeline withHead(long lsn, Instant at, long newSize) {
        return new Timeline(id, ancestorId, ancestorLsn, createdAt, lsn, at, newSize);
    }
}
