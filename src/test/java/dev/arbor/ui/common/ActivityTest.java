package dev.arbor.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityTest {
    private final SteppedUiExecutor executor = new SteppedUiExecutor();
    private final Activity activity = new Activity(executor);

    @Test
    void clearingForgetsTheLastOutcomeAndFailure() {
        activity.run("Renaming \"dev\"", () -> {
            throw new ArborException(ErrorCode.CONFLICT, "BRANCH_NAME_TAKEN", "The name is taken.");
        }, r -> "Renamed.", e -> { });
        executor.runAll();
        assertEquals("The name is taken.", activity.messageProperty().get());

        activity.clear();

        assertEquals("", activity.messageProperty().get());
        assertNull(activity.failureProperty().get());
        assertFalse(activity.busyProperty().get());
    }

    @Test
    void workBegunBeforeClearingEndsWithoutAWordButItsCallerStillHearsOfIt() {
        List<String> heard = new ArrayList<>();
        activity.run("Restoring \"dev\"", () -> "done", r -> {
            heard.add(r);
            return "Restored \"dev\".";
        }, e -> { });
        activity.run("Deleting \"old\"", () -> {
            throw new ArborException(ErrorCode.LOCKED, "PROJECT_LOCKED", "Another operation runs.");
        }, r -> "Deleted.", e -> heard.add(e.sentence()));
        assertTrue(activity.busyProperty().get());

        activity.clear();
        assertFalse(activity.busyProperty().get(), "nothing runs for the project now open");
        executor.runAll();

        assertEquals(List.of("done", "Another operation runs."), heard);
        assertEquals("", activity.messageProperty().get());
        assertNull(activity.failureProperty().get());
        assertFalse(activity.busyProperty().get());
    }

    @Test
    void workBegunAfterClearingReportsAsBefore() {
        activity.clear();
        activity.run("Creating \"dev\"", () -> "dev", r -> "Created \"" + r + "\".", e -> { });
        assertEquals("Creating \"dev\"…", activity.messageProperty().get());
        executor.runAll();
        assertEquals("Created \"dev\".", activity.messageProperty().get());
    }
}
