package dev.arbor.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void dataSizeCountsInBinaryUnitsLikePgSizePretty() {
        assertEquals("0 B", Formats.dataSize(0));
        assertEquals("1023 B", Formats.dataSize(1023));
        assertEquals("1.0 KB", Formats.dataSize(1024));
        assertEquals("7.6 MB", Formats.dataSize(8_000_000));
        assertEquals("512 MB", Formats.dataSize(512L * 1024 * 1024));
        assertEquals("1.5 GB", Formats.dataSize(3L * 512 * 1024 * 1024));
    }

    @Test
    void dateTimeReadsTheSameInEveryLocale() {
        assertEquals("2025-03-04 05:06",
                Formats.dateTime(Instant.parse("2025-03-04T05:06:59Z"), ZoneOffset.UTC));
    }
}
