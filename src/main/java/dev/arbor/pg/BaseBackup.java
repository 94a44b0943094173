package dev.arbor.pg;

import dev.arbor.domain.Lsn;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A base backup in a project's storage: a copy of a data directory from which Postgres, replaying archived WAL from
 * {@code startLsn}, is consistent once it has passed {@code stopLsn}. Every commit before {@code stopLsn} happened
 * at or before {@code stoppedAt}, so the backup can serve any target after both.
 *
 * @param timeline the timeline the server was on
 * @param directory the backup's directory; its data directory is {@code data/} inside
 * @param online taken from a running server ({@code backup_label} written) rather than a shut-down one
 */
public record BaseBackup(int timeline, Lsn startLsn, Lsn stopLsn, Instant stoppedAt, boolean online, Path directory) {
    public Path dataDirectory() {
        return directory.resolve("data");
    }
}
