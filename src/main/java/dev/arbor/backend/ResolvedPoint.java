package dev.arbor.backend;

import dev.arbor.domain.Lsn;
import java.time.Instant;

/** A point resolved on a branch: the LSN it reads at and the time that LSN was committed. */
public record ResolvedPoint(Lsn lsn, Instant committedAt) {
}
