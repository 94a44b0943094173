package dev.arbor.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.domain.Lsn;
import org.junit.jupiter.api.Test;

class WalSegmentsTest {
    @Test
    void aSegmentFileNameGivesItsFirstAndNextByte() {
        assertEquals(Lsn.parse("0/3000000"), WalSegments.start("000000010000000000000003"));
        assertEquals(Lsn.parse("0/4000000"), WalSegments.end("000000010000000000000003"));
        assertEquals(Lsn.parse("1/FF000000"), WalSegments.start("0000000200000001000000FF"));
        assertEquals(Lsn.parse("2/0"), WalSegments.end("0000000200000001000000FF"));
    }

    @Test
    void theSegmentBeforeAPositionHoldsItsPreviousByte() {
        assertEquals("000000010000000000000003", WalSegments.before(Lsn.parse("0/3000148"), 1));
        assertEquals("000000010000000000000003", WalSegments.before(Lsn.parse("0/4000000"), 1),
                "a position at a segment boundary belongs to the segment that ends there");
        assertEquals("0000000A00000001000000FF", WalSegments.before(Lsn.parse("2/0"), 10));
    }

    @Test
    void hexIsSixteenUpperCaseDigitsForFileNames() {
        assertEquals("0000000003000148", WalSegments.hex(Lsn.parse("0/3000148")));
        assertEquals("00000016B374D848", WalSegments.hex(Lsn.parse("16/b374d848")));
    }
}
