package dev.arbor.pg;

import dev.arbor.domain.Lsn;

/**
 * How Postgres names and sizes its WAL segment files: 24 hex digits (timeline, then the segment number split into
 * its high and low parts), each file {@link #SIZE} bytes of the log.
 */
final class WalSegments {
    /**
     * The WAL segment size Arbor's clusters are made with ({@code initdb --wal-segsize}, Postgres's smallest): every
     * branch point, restore and compute stop seals the WAL (two segment switches, see
     * {@link PostgresServer#sealWal()}), and each switch archives a whole segment, so at Postgres's default of 16 MB
     * a desktop project's archive would grow by 32 MB per branch operation; at 1 MB it grows by 2.
     */
    static final long SIZE = 1024L * 1024;
    private static final long PER_XLOGID = 0x1_0000_0000L / SIZE;

    private WalSegments() {
    }

    /** The first byte of the WAL segment file {@code name} (24 hex digits: timeline, then segment number). */
    static Lsn start(String name) {
        long hi = Long.parseLong(name.substring(8, 16), 16);
        long lo = Long.parseLong(name.substring(16, 24), 16);
        return new Lsn((hi * PER_XLOGID + lo) * SIZE);
    }

    /** The first byte after the WAL segment file {@code name}. */
    static Lsn end(String name) {
        return start(name).plus(SIZE);
    }

    /** The name of the WAL segment file on timeline {@code tli} that holds the byte before {@code lsn}. */
    static String before(Lsn lsn, int tli) {
        long segno = (lsn.value() - 1) / SIZE;
        return String.format("%08X%08X%08X", tli, segno / PER_XLOGID, segno % PER_XLOGID);
    }

    /** Sixteen hex digits, for file names: {@code 0000000003000148}. */
    static String hex(Lsn lsn) {
        return String.format("%016X", lsn.value());
    }
}
