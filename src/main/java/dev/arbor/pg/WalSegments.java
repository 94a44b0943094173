package dev.arbor.pg;

import dev.arbor.domain.Lsn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        return name(tli, (lsn.value() - 1) / SIZE);
    }

    /** The name of WAL segment file number {@code segment} on timeline {@code tli}. */
    static String name(int tli, long segment) {
        return String.format("%08X%08X%08X", tli, segment / PER_XLOGID, segment % PER_XLOGID);
    }

    /** The file system block whose zeros a sparse segment leaves out. */
    private static final int BLOCK = 4096;

    /** What a segment being made sparse is written as first: a dot name, which no reader of the archive takes. */
    static final String SPARSE_SUFFIX = ".sparse";

    /**
     * Rewrites the archived segment {@code segment} with its all-zero blocks left out as holes, when at least a
     * quarter of it is zeros; the bytes stay exactly the same. A segment completed by a switch (every seal, every
     * base backup) is mostly zeros: Postgres fills the rest of it with them. At 1 MB a segment and two per seal, they
     * were most of what each branch operation cost on disk.
     * <p>The copy is written beside it under a dot name of its own, synced, given the segment's owner and
     * permissions, and renamed over it: a reader that has it open (a server's {@code restore_command}) reads on from
     * the old file, and a crash leaves the segment whole, the old file or the new. Returns whether it was rewritten;
     * a segment that is gone (removed by retention meanwhile) is not brought back.
     */
    static boolean makeSparse(Path segment, PgAccount account) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(segment);
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
        byte[] zeros = new byte[BLOCK];
        int blocks = (bytes.length + BLOCK - 1) / BLOCK;
        boolean[] data = new boolean[blocks];
        int zeroBlocks = 0;
        for (int b = 0; b < blocks; b++) {
            int from = b * BLOCK;
            int to = Math.min(bytes.length, from + BLOCK);
            data[b] = java.util.Arrays.mismatch(bytes, from, to, zeros, 0, to - from) >= 0;
            zeroBlocks += data[b] ? 0 : 1;
        }
        if (zeroBlocks * 4 < blocks) {
            return false;
        }
        // a name of its own: two seals may make the same segment sparse at once (a stop and maintenance's backup)
        Path tmp = segment.resolveSibling("." + segment.getFileName() + "." + java.util.UUID.randomUUID()
                + SPARSE_SUFFIX);
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(tmp.toFile(), "rw")) {
            file.setLength(bytes.length); // a hole the length of the segment, which the data blocks then fill
            java.nio.channels.FileChannel channel = file.getChannel();
            for (int b = 0; b < blocks; b++) {
                if (data[b]) {
                    int from = b * BLOCK;
                    int length = Math.min(bytes.length, from + BLOCK) - from;
                    channel.write(java.nio.ByteBuffer.wrap(bytes, from, length), from);
                }
            }
            channel.force(true);
        }
        try {
            if (Files.getFileAttributeView(segment, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(segment));
            }
            account.hand(tmp);
            if (!Files.exists(segment)) {
                Files.deleteIfExists(tmp);
                return false;
            }
            Files.move(tmp, segment, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return true;
    }

    /** Sixteen hex digits, for file names: {@code 0000000003000148}. */
    static String hex(Lsn lsn) {
        return String.format("%016X", lsn.value());
    }
}
