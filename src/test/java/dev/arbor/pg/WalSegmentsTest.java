package dev.arbor.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.domain.Lsn;
import org.junit.jupiter.api.Test;

class WalSegmentsTest {
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
