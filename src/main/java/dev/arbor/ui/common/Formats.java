package dev.arbor.ui.common;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How sizes and times read in the console, the same in every view. */
public final class Formats {
    private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB"};
    // ISO order reads the same in every locale and sorts by eye the way the column sorts.
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private Formats() {
    }

    /**
     * A logical data size in binary units, as Postgres's {@code pg_size_pretty} counts them (the seeds
     * point to it for checking the Data size column), with up to one decimal.
     */
    public static String dataSize(long bytes) {
        if (bytes < 0) {
            // Branch.UNKNOWN_SIZE: the backend did not report a size, which is not the same as empty
            return "unknown";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + UNITS[unit];
    }

    /**
     * Compute hours as the Branches page shows them, to two decimals ("0.42 h"); a dash when the backend did not
     * report them (Branch.UNKNOWN_ACTIVE_TIME), which is not the same as no use.
     */
    public static String computeHours(long activeSeconds) {
        if (activeSeconds < 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f h", activeSeconds / 3600.0);
    }

    public static String dateTime(Instant instant, ZoneId zone) {
        return DATE_TIME.format(instant.atZone(zone));
    }

    /** To the second, the precision a person types a point in time with. */
    public static String dateTimeSeconds(Instant instant, ZoneId zone) {
        return DATE_TIME_SECONDS.format(instant.atZone(zone));
    }

    /** " (LSN 0/1D2E3F0)" after a time, or nothing where the backend gives no LSN (Neon's window start). */
    public static String lsnAfter(Object lsn) {
        return lsn == null ? "" : " (LSN " + lsn + ")";
    }

    /** To the millisecond, the precision a restore point is chosen with. */
    public static String dateTimeMillis(Instant instant, ZoneId zone) {
        return DATE_TIME_MILLIS.format(instant.atZone(zone));
    }

    /**
     * Reads what {@link #dateTimeSeconds} and {@link #dateTimeMillis} write (seconds and milliseconds
     * optional); null when the text is not such a time.
     */
    public static Instant parseDateTime(String text, ZoneId zone) {
        if (text == null) {
            return null;
        }
        String s = text.strip().replace('T', ' ');
        for (DateTimeFormatter f : new DateTimeFormatter[] {DATE_TIME_MILLIS, DATE_TIME_SECONDS, DATE_TIME}) {
            try {
                return LocalDateTime.parse(s, f).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                // try the next, shorter form
            }
        }
        return null;
    }

    /** A short span for badges and hints: "45 min", "5 h", "7 d". Rounds down; never below a minute. */
    public static String span(Duration d) {
        long minutes = Math.max(1, d.toMinutes());
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + " h";
        }
        return hours / 24 + " d";
    }

    /** How long ago, in words a table cell can hold: "just now", "12 min ago", "3 d ago". */
    public static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.toMinutes() < 1) {
            return "just now";
        }
        return span(d) + " ago";
    }
}
