package dev.arbor.ui.branches;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Parent column shows for a parent. A backup made by a restore is named
 * {@code {branch}_old_{head_timestamp}} ({@code dev/maria_old_2026-12-05T09:11:41.143Z}): too long for the column,
 * and cut anywhere it loses either the branch or the time. So a backup shows as its branch and a short local time
 * ({@code dev/maria}, {@code old 09:11}), and the tooltip has the whole name.
 *
 * @param full  the parent's whole name, or a dash for a root branch
 * @param name  the part to show first: the backed-up branch's name, or the whole name for any other parent
 * @param stamp when the backup's branch was last written, in the user's zone and short: {@code old 09:11} today,
 *              {@code old 12-04 09:11} within half a year, {@code old 2025-03-04} before; null when the parent is
 *              not a backup by that naming
 * @param tip   the tooltip: the whole name, and for a backup what it is; null for a root branch
 */
public record ParentLabel(String full, String name, String stamp, String tip) {
    private static final Pattern BACKUP = Pattern.compile("(.+)_old_(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z)");
    // within this, the month and day say which day without the year
    private static final Duration RECENT = Duration.ofDays(180);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter LONG = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** {@code now} and {@code zone} decide how short the time can be: the time alone today, the date alone when old. */
    static ParentLabel of(String parent, ZoneId zone, Instant now) {
        if (parent.equals(BranchRow.NO_PARENT)) {
            return new ParentLabel(parent, parent, null, null);
        }
        Matcher m = BACKUP.matcher(parent);
        if (!m.matches()) {
            return new ParentLabel(parent, parent, null, parent);
        }
        ZonedDateTime at;
        try {
            at = Instant.parse(m.group(2)).atZone(zone);
        } catch (DateTimeParseException e) {
            return new ParentLabel(parent, parent, null, parent); // shaped like a stamp but no real time
        }
        boolean today = at.toLocalDate().equals(now.atZone(zone).toLocalDate());
        boolean recent = Duration.between(at.toInstant(), now).abs().compareTo(RECENT) < 0;
        String stamp = "old " + (today ? TIME.format(at) : recent ? DAY_TIME.format(at) : DAY.format(at));
        String tip = parent + "\nThe backup of " + m.group(1) + " kept by a restore: its data as of " + LONG.format(at) + ".";
        return new ParentLabel(parent, m.group(1), stamp, tip);
    }
}
