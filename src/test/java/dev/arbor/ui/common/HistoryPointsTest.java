package dev.arbor.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.arbor.backend.HistoryWindow;
import dev.arbor.domain.Lsn;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pickers' LSN check against a window, including Neon's, whose bounds may come without LSNs. */
class HistoryPointsTest {
    private static final Instant START = Instant.parse("2026-12-05T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void anLsnOutsideAWindowWithBothBoundsNamesThem() {
        HistoryWindow w = new HistoryWindow(START, Lsn.parse("0/100"), NOW, Lsn.parse("0/900"));
        assertEquals("LSN 0/50 is outside the history of \"dev\": choose one from 0/100 to 0/900.",
                HistoryPoints.lsnProblem("0/50", w, "\"dev\""));
        assertNull(HistoryPoints.lsnProblem("0/500", w, "\"dev\""));
    }

    @Test
    void onNeonAWindowWithoutAStartLsnChecksTheHeadAndLeavesTheStartToTheServer() {
        HistoryWindow arborServe = new HistoryWindow(START, null, NOW, Lsn.parse("0/900"));
        assertNull(HistoryPoints.lsnProblem("0/1", arborServe, "\"dev\""), "the server checks the start");
        assertEquals("LSN 0/A00 is outside the history of \"dev\": choose one up to 0/900.",
                HistoryPoints.lsnProblem("0/A00", arborServe, "\"dev\""));
        HistoryWindow neon = new HistoryWindow(START, null, NOW, null);
        assertNull(HistoryPoints.lsnProblem("0/1DE2850", neon, "\"dev\""));
    }
}
