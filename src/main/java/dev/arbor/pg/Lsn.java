package dev.arbor.pg;

import dev.arbor.domain.ArborException;

/**
 * A position in the write-ahead log, as Postgres writes it: two hexadecimal numbers, {@code 0/3000148}, the high
 * and low 32 bits of a 64-bit byte position. Ordered as unsigned numbers.
 */
public record Lsn(long value) implements Comparable<Lsn> {
    /** Postgres's default WAL segment size, which {@code initdb} uses unless told otherwise (Arbor never does). */
    static final long SEGMENT_SIZE = 16L * 1024 * 1024;
    private static final long SEGMENTS_PER_XLOGID = 0x1_0000_0000L / SEGMENT_SIZE;

    /** {@code text} as Postgres writes an LSN; anything else is a sentence saying what one looks like. */
    public static Lsn parse(String text) {
        String t = text == null ? "" : text.strip();
        if (!t.matches("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")) {
            throw ArborException.invalid("LSN_MALFORMED", "\"" + (text == null ? "" : text) + "\" is not an LSN; "
                    + "an LSN is two hexadecimal numbers separated by a slash, like 0/3000148.");
        }
        int slash = t.indexOf('/');
        return new Lsn((Long.parseLong(t.substring(0, slash), 16) << 32) | Long.parseLong(t.substring(slash + 1), 16));
    }

    /** The first byte of the WAL segment file {@code name} (24 hex digits: timeline, then segment number). */
    static Lsn ofSegmentStart(String name) {
        long hi = Long.parseLong(name.substring(8, 16), 16);
        long lo = Long.parseLong(name.substring(16, 24), 16);
        return new Lsn((hi * SEGMENTS_PER_XLOGID + lo) * SEGMENT_SIZE);
    }

    /** The first byte after the WAL segment file {@code name}. */
    static Lsn ofSegmentEnd(String name) {
        return new Lsn(ofSegmentStart(name).value + SEGMENT_SIZE);
    }

    /** The name of the WAL segment file on timeline {@code tli} that holds the byte before this position. */
    String segmentBefore(int tli) {
        long segno = (value - 1) / SEGMENT_SIZE;
        return String.format("%08X%08X%08X", tli, segno / SEGMENTS_PER_XLOGID, segno % SEGMENTS_PER_XLOGID);
    }

    /** Sixteen hex digits, for file names: {@code 0000000003000148}. */
    String hex() {
        return String.format("%016X", value);
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    public boolean after(Lsn other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFF_FFFFL).toUpperCase();
    }
}
