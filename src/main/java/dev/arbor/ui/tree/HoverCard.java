package dev.arbor.ui.tree;

import java.util.List;

/**
 * What the tree shows about the branch under the pointer.
 *
 * @param lines label and value pairs, in order
 */
public record HoverCard(String branchId, String title, List<Line> lines) {

    public record Line(String label, String value) {
    }

    public HoverCard {
        lines = List.copyOf(lines);
    }

    /** The value of a line, or null. */
    public String value(String label) {
        return lines.stream().filter(l -> l.label().equals(label)).map(Line::value).findFirst().orElse(null);
    }
}
