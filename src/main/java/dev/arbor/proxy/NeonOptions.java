package dev.arbor.proxy;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Neon's time-travel entries in a StartupMessage's {@code options}: {@code neon_lsn:<LSN>} or
 * {@code neon_timestamp:<RFC 3339>}, among other space-separated entries (such as {@code -c search_path=x})
 * that Postgres itself reads and that are passed on unchanged. As in Postgres, a backslash escapes the next
 * character, so {@code -c\ x=a\ b} stays one entry.
 */
record NeonOptions(PointInTime point, String remaining) {
    static final String LSN_PREFIX = "neon_lsn:";
    static final String TIMESTAMP_PREFIX = "neon_timestamp:";

    /** Splits {@code options}; a malformed or repeated time-travel entry is an {@link ArborException} sentence. */
    static NeonOptions parse(String options) {
        PointInTime point = PointInTime.HEAD;
        String pointEntry = null;
        List<String> kept = new ArrayList<>();
        for (String entry : entries(options)) {
            PointInTime named = pointOf(entry);
            if (named == null) {
                kept.add(entry);
                continue;
            }
            if (pointEntry != null) {
                throw ArborException.invalid("TIME_TRAVEL_TWICE", "The connection options name two points in time ("
                        + pointEntry + " and " + entry + "); give one neon_lsn or one neon_timestamp.");
            }
            pointEntry = entry;
            point = named;
        }
        return new NeonOptions(point, String.join(" ", kept));
    }

    private static PointInTime pointOf(String entry) {
        String lower = entry.toLowerCase(Locale.ROOT);
        if (lower.startsWith(LSN_PREFIX)) {
            String text = entry.substring(LSN_PREFIX.length());
            if (!Lsn.isWellFormed(text)) {
                throw ArborException.invalid("INVALID_LSN", "In neon_lsn: " + Lsn.malformed(text));
            }
            return PointInTime.at(Lsn.parse(text));
        }
        if (lower.startsWith(TIMESTAMP_PREFIX)) {
            String text = entry.substring(TIMESTAMP_PREFIX.length());
            try {
                return PointInTime.at(OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant());
            } catch (DateTimeParseException e) {
                throw ArborException.invalid("INVALID_TIMESTAMP", "\"" + text + "\" in neon_timestamp is not an "
                        + "RFC 3339 timestamp with a time zone, such as 2026-01-31T12:00:00Z.");
            }
        }
        return null;
    }

    /** The whitespace-separated entries, each as written (escapes kept, so they pass on unchanged). */
    static List<String> entries(String options) {
        List<String> entries = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (c == '\\' && i + 1 < options.length()) {
                current.append(c).append(options.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                if (!current.isEmpty()) {
                    entries.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            entries.add(current.toString());
        }
        return entries;
    }
}
