package dev.arbor.ui.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a unified diff as the Schema diff shows it: what kind it is (for its colour) and, for the lines of a
 * hunk, its number in the old and the new text.
 *
 * @param oldNo the line's number in the base's schema, or 0 when it is not there (an addition, a header)
 * @param newNo the line's number in the compared schema, or 0 when it is not there (a removal, a header)
 */
public record DiffLine(Kind kind, String text, int oldNo, int newNo) {

    public enum Kind {
        /** {@code --- a/…} and {@code +++ b/…}: which schemas are compared. */
        FILE,
        /** {@code @@ -a,b +c,d @@}: where a hunk starts in each text. */
        HUNK,
        ADDED,
        REMOVED,
        CONTEXT
    }

    private static final Pattern HUNK_HEADER = Pattern.compile("^@@ -(\\d+)(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@");

    /**
     * The lines of a diff as {@code domain.UnifiedDiff} writes it. The first two lines are the file headers; after
     * them a line's first character says what it is, so a removed SQL comment ({@code --- x}) is still a removal.
     */
    public static List<DiffLine> parse(String diff) {
        List<DiffLine> out = new ArrayList<>();
        if (diff == null || diff.isEmpty()) {
            return out;
        }
        int oldNo = 0;
        int newNo = 0;
        String body = diff.endsWith("\n") ? diff.substring(0, diff.length() - 1) : diff;
        int index = 0;
        for (String line : body.split("\n", -1)) {
            if (index < 2 && (line.startsWith("--- ") || line.startsWith("+++ "))) {
                out.add(new DiffLine(Kind.FILE, line, 0, 0));
            } else if (line.startsWith("@@")) {
                Matcher m = HUNK_HEADER.matcher(line);
                if (m.find()) {
                    oldNo = Integer.parseInt(m.group(1));
                    newNo = Integer.parseInt(m.group(2));
                    // an empty side is numbered after the line it follows
                    oldNo = line.matches("^@@ -\\d+,0 .*") ? oldNo + 1 : oldNo;
                    newNo = line.matches("^@@ -\\S+ \\+\\d+,0 .*") ? newNo + 1 : newNo;
                }
                out.add(new DiffLine(Kind.HUNK, line, 0, 0));
            } else if (line.startsWith("+")) {
                out.add(new DiffLine(Kind.ADDED, line, 0, newNo++));
            } else if (line.startsWith("-")) {
                out.add(new DiffLine(Kind.REMOVED, line, oldNo++, 0));
            } else {
                out.add(new DiffLine(Kind.CONTEXT, line, oldNo++, newNo++));
            }
            index++;
        }
        return out;
    }
}
