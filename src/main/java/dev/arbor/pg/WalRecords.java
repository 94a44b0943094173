package dev.arbor.pg;

import dev.arbor.domain.Lsn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads where WAL records begin and end in one timeline's archived segments, from the page and record headers alone
 * (no record is decoded). Postgres's layout: {@link #PAGE}-byte pages, each opening with a header (a long one on a
 * segment's first page) that says how much of a record begun on an earlier page it continues with; records start
 * 8-byte aligned and open with their total length; a record runs over page headers; after a segment switch the rest
 * of the segment is zeros and the next record opens the next segment.
 */
final class WalRecords {
    /** {@code XLOG_BLCKSZ}, as the Maven-shipped binaries are built. */
    static final int PAGE = 8192;
    private static final int SHORT_HEADER = 24; // SizeOfXLogShortPHD
    private static final int LONG_HEADER = 40; // SizeOfXLogLongPHD
    private static final int RECORD_HEADER = 24; // SizeOfXLogRecord
    private static final int FIRST_IS_CONTRECORD = 0x0001; // XLP_FIRST_IS_CONTRECORD

    private final Path archive;
    private final int tli;
    private final Map<Long, ByteBuffer> read = new HashMap<>();

    private WalRecords(Path archive, int tli) {
        this.archive = archive;
        this.tli = tli;
    }

    /**
     * The end of the first record that starts at or after {@code target} in timeline {@code tli}'s segments in
     * {@code archive}: the WAL a replay must read to stop before that record. Null when the archive does not hold all
     * of it (a segment missing: the WAL is still being written, or was never archived) or a header makes no sense.
     */
    static Lsn endOfRecordFrom(Path archive, int tli, Lsn target) throws IOException {
        try {
            return new WalRecords(archive, tli).endOfRecordFrom(target.value());
        } catch (Missing e) {
            return null;
        }
    }

    private Lsn endOfRecordFrom(long target) throws IOException, Missing {
        long pos = firstRecordFrom(target / PAGE * PAGE);
        while (true) {
            long length = u32(pos);
            if (length == 0) { // the zeros after a switch
                pos = firstRecordFrom((pos / WalSegments.SIZE + 1) * WalSegments.SIZE);
                continue;
            }
            if (length < RECORD_HEADER) {
                throw new Missing();
            }
            long end = end(pos, length);
            if (pos >= target) {
                for (long segment = pos / WalSegments.SIZE; segment <= (end - 1) / WalSegments.SIZE; segment++) {
                    u32(segment * WalSegments.SIZE); // every segment it spans is archived
                }
                return new Lsn(end);
            }
            pos = next(end);
        }
    }

    /** Where the first record that starts on page {@code page} or a later one begins. */
    private long firstRecordFrom(long page) throws IOException, Missing {
        while (true) {
            int info = u32(page) >>> 16 & 0xFFFF;
            long continued = Integer.toUnsignedLong(u32(page + 16));
            long pos = page + headerSize(page);
            if ((info & FIRST_IS_CONTRECORD) == 0) {
                return pos;
            }
            if (continued < page + PAGE - pos) {
                return next(pos + continued);
            }
            page += PAGE; // the record continued here fills this page too
        }
    }

    /** Where the record {@code length} bytes long that starts at {@code start} ends, past the page headers it spans. */
    static long end(long start, long length) {
        long pos = start;
        long left = length;
        while (true) {
            long pageEnd = (pos / PAGE + 1) * PAGE;
            long here = Math.min(left, pageEnd - pos);
            pos += here;
            left -= here;
            if (left == 0) {
                return pos;
            }
            pos = pageEnd + headerSize(pageEnd);
        }
    }

    /** Where the record after one ending at {@code end} starts: 8-byte aligned, past a page header. */
    static long next(long end) {
        long pos = (end + 7) & ~7L;
        return pos % PAGE == 0 ? pos + headerSize(pos) : pos;
    }

    private static int headerSize(long page) {
        return page % WalSegments.SIZE == 0 ? LONG_HEADER : SHORT_HEADER;
    }

    /** The little-endian 32-bit word at {@code lsn} (4-byte aligned). */
    private int u32(long lsn) throws IOException, Missing {
        long segment = lsn / WalSegments.SIZE;
        ByteBuffer bytes = read.get(segment);
        if (bytes == null) {
            try {
                bytes = ByteBuffer.wrap(Files.readAllBytes(archive.resolve(WalSegments.name(tli, segment))))
                        .order(ByteOrder.LITTLE_ENDIAN);
            } catch (NoSuchFileException e) {
                throw new Missing();
            }
            if (bytes.capacity() != WalSegments.SIZE) {
                throw new Missing();
            }
            read.put(segment, bytes);
        }
        return bytes.getInt((int) (lsn % WalSegments.SIZE));
    }

    /** The WAL to read is not all in the archive. */
    private static final class Missing extends Exception {
        Missing() {
            super(null, null, false, false);
        }
    }
}
