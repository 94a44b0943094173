package dev.arbor.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeonOptionsTest {
    @Test
    void anLsnEntryIsTakenOutAndTheSettingsAroundItStayInOrder() {
        NeonOptions parsed = NeonOptions.parse("-c search_path=app  neon_lsn:0/16b3748 -c statement_timeout=5s");
        assertEquals(PointInTime.at(Lsn.parse("0/16B3748")), parsed.point());
        assertEquals("-c search_path=app -c statement_timeout=5s", parsed.remaining());
    }

    @Test
    void aTimestampEntryIsReadAsRfc3339WithItsOffset() {
        NeonOptions parsed = NeonOptions.parse("neon_timestamp:2026-01-31T13:00:00+01:00");
        assertEquals(PointInTime.at(Instant.parse("2026-01-31T12:00:00Z")), parsed.point());
        assertEquals("", parsed.remaining());
    }

    @Test
    void optionsWithoutTimeTravelMeanTheHeadAndPassUnchanged() {
        NeonOptions parsed = NeonOptions.parse("-c search_path=a\\ b");
        assertEquals(PointInTime.HEAD, parsed.point());
        assertEquals("-c search_path=a\\ b", parsed.remaining());
        assertEquals(List.of("-c", "search_path=a\\ b"), NeonOptions.entries("-c search_path=a\\ b"));
    }

    @Test
    void malformedPointsAreSentencesNamingWhatWasGiven() {
        ArborException lsn = assertThrows(ArborException.class, () -> NeonOptions.parse("neon_lsn:12345"));
        assertTrue(lsn.getMessage().startsWith("In neon_lsn: \"12345\" is not an LSN"), lsn.getMessage());
        ArborException time = assertThrows(ArborException.class,
                () -> NeonOptions.parse("neon_timestamp:yesterday"));
        assertTrue(time.getMessage().startsWith("\"yesterday\" in neon_timestamp is not an RFC 3339"),
                time.getMessage());
        ArborException noZone = assertThrows(ArborException.class,
                () -> NeonOptions.parse("neon_timestamp:2026-01-31T12:00:00"));
        assertTrue(noZone.getMessage().contains("with a time zone"), noZone.getMessage());
    }

    @Test
    void twoPointsInOneConnectionAreRefused() {
        ArborException e = assertThrows(ArborException.class,
                () -> NeonOptions.parse("neon_lsn:0/1 neon_timestamp:2026-01-31T12:00:00Z"));
        assertTrue(e.getMessage().contains("give one neon_lsn or one neon_timestamp"), e.getMessage());
    }
}
