package dev.arbor.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts by lines (longest common subsequence, three lines of context). The server's
 * {@code compare_schema} returns it and the console's Schema diff shows it, so both give the same text for the
 * same schemas. Schemas are small, so the quadratic table is fine; an empty string means the texts are equal.
 */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    private record Line(char kind, String text, int oldNo, int newNo) {
    }

    /** The diff from {@code oldText} to {@code newText}, headed {@code --- oldName} and {@code +++ newName}; "" when equal. */
    public static String diff(String oldName, String oldText, String newName, String newText) {
        List<Line> lines = align(split(oldText), split(newText));
        if (lines.stream().allMatch(l -> l.kind() == ' ')) {
            return "";
        }
        StringBuilder out = new StringBuilder("--- ").append(oldName).append('\n')
                .append("+++ ").append(newName).append('\n');
        List<Integer> changes = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            if (lines.get(k).kind() != ' ') {
                changes.add(k);
            }
        }
        // changes closer than two contexts share a hunk, so no context line is printed twice
        int first = changes.getFirst();
        int last = first;
        for (int c : changes.subList(1, changes.size())) {
            if (c - last > 2 * CONTEXT) {
                hunk(out, lines.subList(Math.max(0, first - CONTEXT), Math.min(lines.size(), last + CONTEXT + 1)));
                first = c;
            }
            last = c;
        }
        hunk(out, lines.subList(Math.max(0, first - CONTEXT), Math.min(lines.size(), last + CONTEXT + 1)));
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<Line> hunk) {
        int oldStart = 0;
        int newStart = 0;
        int oldCount = 0;
        int newCount = 0;
        for (Line l : hunk) {
            if (l.kind() != '+') {
                oldCount++;
                if (oldStart == 0) {
                    oldStart = l.oldNo();
                }
            }
            if (l.kind() != '-') {
                newCount++;
                if (newStart == 0) {
                    newStart = l.newNo();
                }
            }
        }
        // an empty side is numbered after the line it follows, as diff -u does
        if (oldCount == 0) {
            oldStart = hunk.getFirst().oldNo() - 1;
        }
        if (newCount == 0) {
            newStart = hunk.getFirst().newNo() - 1;
        }
        out.append("@@ -").append(oldStart).append(',').append(oldCount)
                .append(" +").append(newStart).append(',').append(newCount).append(" @@\n");
        for (Line l : hunk) {
            out.append(l.kind()).append(l.text()).append('\n');
        }
    }

    /** Lines of both texts in order, each kept (' '), removed ('-') or added ('+'), with 1-based line numbers. */
    private static List<Line> align(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Line> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.add(new Line(' ', a.get(i), ++i, ++j));
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                // removals before additions, as diff -u prints a changed line
                out.add(new Line('-', a.get(i), ++i, j + 1));
            } else {
                out.add(new Line('+', b.get(j), i + 1, ++j));
            }
        }
        return out;
    }

    private static List<String> split(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(t.split("\n", -1));
    }
}
