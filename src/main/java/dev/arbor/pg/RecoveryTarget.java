package dev.arbor.pg;

import dev.arbor.domain.Lsn;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Where a materialized data directory stops replaying WAL: an exact LSN, or a moment. */
public sealed interface RecoveryTarget {
    /** Everything written before {@code lsn}; the record starting at it is not applied. */
    record AtLsn(Lsn lsn) implements RecoveryTarget {
        @Override
        public String settings() {
            return "recovery_target_lsn = '" + lsn + "'\nrecovery_target_inclusive = off\n";
        }

        @Override
        public String toString() {
            return "LSN " + lsn;
        }
    }

    /** Every transaction committed at or before {@code time} (to the microsecond, as Postgres keeps time). */
    record AtTime(Instant time) implements RecoveryTarget {
        private static final DateTimeFormatter POSTGRES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'")
                .withZone(ZoneOffset.UTC);

        public AtTime {
            time = time.truncatedTo(ChronoUnit.MICROS);
        }

        @Override
        public String settings() {
            return "recovery_target_time = '" + POSTGRES.format(time) + "'\nrecovery_target_inclusive = on\n";
        }

        @Override
        public String toString() {
            return time.toString();
        }
    }

    /**
     * Everything up to and including the commit of transaction {@code xid} (found by {@link PgStorage}), whose record
     * starts before {@code by}: where the replay that found it stopped.
     */
    record AfterCommit(long xid, Lsn by) implements RecoveryTarget {
        @Override
        public String settings() {
            return "recovery_target_xid = '" + xid + "'\nrecovery_target_inclusive = on\n";
        }

        @Override
        public String toString() {
            return "the commit of transaction " + xid;
        }
    }

    public static RecoveryTarget lsn(String text) {
        return new AtLsn(Lsn.parse(text));
    }

    public static RecoveryTarget time(Instant time) {
        return new AtTime(time);
    }

    /** The {@code recovery_target_*} lines for {@code postgresql.conf}. */
    String settings();
}
