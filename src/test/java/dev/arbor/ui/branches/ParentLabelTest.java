package dev.arbor.ui.branches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.RestoreSpec;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ParentLabelTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant NOW = Instant.parse("2026-12-05T15:00:00Z");

    @Test
    void aBackupShowsItsBranchAndTheTimeOfDayInTheUsersZone() {
        String backup = RestoreSpec.consoleBackupName("dev/maria", Instant.parse("2026-12-05T09:11:41.143Z"));

        ParentLabel label = ParentLabel.of(backup, BERLIN, NOW);

        assertEquals("dev/maria", label.name());
        assertEquals("old 10:11", label.stamp());
        assertTrue(label.tip().startsWith(backup + "\n"), label.tip());
        assertTrue(label.tip().contains("dev/maria") && label.tip().contains("2026-12-05 10:11:41"), label.tip());
    }

    @Test
    void aBackupFromAnotherDayShowsTheDayAndAnOldOneTheDateOnly() {
        assertEquals("old 12-04 23:30",
                ParentLabel.of("staging_old_2026-12-04T22:30:00.000Z", BERLIN, NOW).stamp());
        assertEquals("old 2026-01-02",
                ParentLabel.of("staging_old_2026-01-02T08:00:00.000Z", BERLIN, NOW).stamp());
    }

    @Test
    void aBranchNameWithOldInItButNoTimeIsShownWhole() {
        for (String name : new String[] {"feature/keep_old_api", "x_old_2026-13-45T99:00:00.000Z", "main"}) {
            ParentLabel label = ParentLabel.of(name, BERLIN, NOW);
            assertEquals(name, label.name());
            assertNull(label.stamp());
            assertEquals(name, label.tip());
        }
    }

    @Test
    void aRootBranchShowsADashAndNoTooltip() {
        ParentLabel label = ParentLabel.of(BranchRow.NO_PARENT, BERLIN, NOW);
        assertEquals("—", label.name());
        assertNull(label.stamp());
        assertNull(label.tip());
    }
}
