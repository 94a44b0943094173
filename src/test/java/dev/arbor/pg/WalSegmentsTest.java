package dev.arbor.pg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Lsn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalSegmentsTest {
    @TempDir
    Path dir;

    /** The bytes the file system holds for {@code file} ({@code stat}'s blocks of 512), holes left out. */
    static long allocated(Path file) throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%b", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        return Long.parseLong(out) * 512;
    }

    @Test
    void aSegmentThatIsMostlyZerosKeepsItsBytesAndLeavesItsZerosOut() throws Exception {
        byte[] wal = new byte[(int) WalSegments.SIZE];
        java.util.Arrays.fill(wal, 0, 10_000, (byte) 7); // the records a switch ended, then Postgres's zeros
        wal[600_000] = 1;
        Path segment = Files.write(dir.resolve("000000010000000000000003"), wal);
        Files.setPosixFilePermissions(segment, PosixFilePermissions.fromString("rw-------"));

        assertTrue(WalSegments.makeSparse(segment, PgAccount.self()));
        assertArrayEquals(wal, Files.readAllBytes(segment), "the same bytes");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(segment)));
        assertTrue(allocated(segment) <= 8 * 4096, "on disk: " + allocated(segment) + " bytes of " + wal.length);
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "nothing beside it");
        }
    }

    @Test
    void twoSealsMakingTheSameSegmentSparseAtOnceLeaveItWhole() throws Exception {
        byte[] wal = new byte[(int) WalSegments.SIZE];
        java.util.Arrays.fill(wal, 0, 200_000, (byte) 5);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                Path segment = Files.write(dir.resolve(String.format("0000000100000000000000%02X", round)), wal);
                var a = pool.submit(() -> WalSegments.makeSparse(segment, PgAccount.self()));
                var b = pool.submit(() -> WalSegments.makeSparse(segment, PgAccount.self()));
                a.get();
                b.get();
                assertArrayEquals(wal, Files.readAllBytes(segment), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no copy left beside them");
        }
    }

    @Test
    void aSegmentFullOfRecordsIsLeftAsItIsAndAGoneOneIsNotBroughtBack() throws Exception {
        byte[] wal = new byte[(int) WalSegments.SIZE];
        java.util.Arrays.fill(wal, 0, wal.length * 4 / 5, (byte) 7);
        Path segment = Files.write(dir.resolve("000000010000000000000004"), wal);
        Object before = Files.readAttributes(segment, BasicFileAttributes.class).fileKey();

        assertFalse(WalSegments.makeSparse(segment, PgAccount.self()));
        assertEquals(before, Files.readAttributes(segment, BasicFileAttributes.class).fileKey(), "not rewritten");
        Path gone = dir.resolve("000000010000000000000005");
        assertFalse(WalSegments.makeSparse(gone, PgAccount.self()));
        assertFalse(Files.exists(gone));
    }

    @Test
    void aSegmentFileNameGivesItsFirstAndNextByte() {
        // 1 MB segments: 4096 of them per 4 GB "xlogid"
        assertEquals(Lsn.parse("0/300000"), WalSegments.start("000000010000000000000003"));
        assertEquals(Lsn.parse("0/400000"), WalSegments.end("000000010000000000000003"));
        assertEquals(Lsn.parse("1/FFF00000"), WalSegments.start("000000020000000100000FFF"));
        assertEquals(Lsn.parse("2/0"), WalSegments.end("000000020000000100000FFF"));
    }

    @Test
    void theSegmentBeforeAPositionHoldsItsPreviousByte() {
        assertEquals("000000010000000000000003", WalSegments.before(Lsn.parse("0/300148"), 1));
        assertEquals("000000010000000000000003", WalSegments.before(Lsn.parse("0/400000"), 1),
                "a position at a segment boundary belongs to the segment that ends there");
        assertEquals("0000000A0000000100000FFF", WalSegments.before(Lsn.parse("2/0"), 10));
    }

    @Test
    void hexIsSixteenUpperCaseDigitsForFileNames() {
        assertEquals("0000000003000148", WalSegments.hex(Lsn.parse("0/3000148")));
        assertEquals("00000016B374D848", WalSegments.hex(Lsn.parse("16/b374d848")));
    }
}
