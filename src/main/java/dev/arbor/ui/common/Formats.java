package dev.arbor.ui.common;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How sizes and times read in the console, the same in every view. */
public final class Formats {
    private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB"};
    // ISO order reads the same in every locale and sorts by eye the way the column sorts.
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private Formats() {
    }

    /**
     * A logical data size in binary units, as Postgres's {@code pg_size_pretty} counts them (the seeds
     * point to it for checking the Data size column), with up to one decimal.
     */
    public static String dataSize(long bytes) {
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

    public static String dateTime(Instant instant, ZoneId zone) {
        return DATE_TIME.format(instant.atZone(zone));
    }
}
