package dev.arbor.ui.common;

import dev.arbor.backend.HistoryWindow;
import dev.arbor.domain.Lsn;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The checks a point in a branch's history gets while a person types it, shared by Create branch and
 * the Restore wizard, so both refuse the same points with the same sentences. The backend checks the
 * point once more when it acts, because the window moves on while a dialog is open.
 */
public final class HistoryPoints {

    private HistoryPoints() {
    }

    /**
     * Why a time cannot be used on the branch called {@code whose} (already quoted), or null. The window
     * runs to now, so a time after the window was loaded is fine unless it is after {@code now}.
     */
    public static String timeProblem(Instant t, HistoryWindow w, String whose, ZoneId zone, Instant now,
                                     ChronoUnit shownTo) {
        if (t.isAfter(now)) {
            return shown(t, zone, shownTo) + " is in the future: choose a time from "
                    + (w == null ? "the history of " + whose : shown(w.start(), zone, shownTo)) + " to now ("
                    + shown(now, zone, shownTo) + ").";
        }
        if (w != null && t.isBefore(w.start())) {
            return shown(t, zone, shownTo) + " is outside the history of " + whose + ": choose a time from "
                    + shown(w.start(), zone, shownTo) + " to " + shown(later(w.head(), now), zone, shownTo) + ".";
        }
        return null;
    }

    /** Why the text is not an LSN of the branch called {@code whose} (already quoted), or null. */
    public static String lsnProblem(String text, HistoryWindow w, String whose) {
        if (!Lsn.isWellFormed(text)) {
            return Lsn.malformed(text);
        }
        Lsn l = Lsn.parse(text);
        if (w == null) {
            return null;
        }
        // Neon reports no LSN for the window's start (and Neon itself none for the head): a bound not known is the
        // server's to check when the point is used
        boolean before = w.startLsn() != null && l.isBefore(w.startLsn());
        boolean after = w.headLsn() != null && l.isAfter(w.headLsn());
        if (before || after) {
            return "LSN " + l + " is outside the history of " + whose + ": choose one "
                    + (w.startLsn() == null ? "up to " + w.headLsn() : w.headLsn() == null ? "from " + w.startLsn()
                    : "from " + w.startLsn() + " to " + w.headLsn()) + ".";
        }
        return null;
    }

    /**
     * People type to a unit (the second, the millisecond) and a window starts within one: a time in the
     * window's first unit means its start, which the field shows the same way.
     */
    public static Instant snapToStart(Instant t, HistoryWindow w, ChronoUnit typedTo) {
        if (t != null && w != null && t.isBefore(w.start()) && !t.isBefore(w.start().truncatedTo(typedTo))) {
            return w.start();
        }
        return t;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String shown(Instant t, ZoneId zone, ChronoUnit unit) {
        return unit == ChronoUnit.MILLIS ? Formats.dateTimeMillis(t, zone) : Formats.dateTimeSeconds(t, zone);
    }
}
