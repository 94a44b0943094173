package dev.arbor.ui.details;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.domain.Branch;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The details panel's Compute hours line. */
class BranchFactsTest {
    private static final Branch MAIN = new Branch("br-a", "p", "main", null, null, null, true, false, null, null, null, 0,
            null, null, Instant.EPOCH, Instant.EPOCH, null, null, null, null, true, false, false, null, null);

    @Test
    void computeHoursReadAsHoursThisBillingPeriodOrADashWhenNotReported() {
        assertEquals("2.25 h this billing period",
                BranchFacts.of(MAIN.withActiveTimeSeconds(8100), null, ZoneOffset.UTC, Instant.EPOCH).computeHours());
        assertEquals("—", BranchFacts.of(MAIN.withActiveTimeSeconds(Branch.UNKNOWN_ACTIVE_TIME), null, ZoneOffset.UTC,
                Instant.EPOCH).computeHours());
    }
}
