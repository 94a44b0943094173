package dev.arbor.ui.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.domain.UnifiedDiff;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Schema diff reads the lines of a unified diff by their place and first character, numbering each side. */
class DiffLineTest {

    @Test
    void eachLineGetsItsKindAndItsNumbersInBothTexts() {
        String diff = UnifiedDiff.diff("a/main/neondb", "one\ntwo\nthree\n", "b/dev/neondb", "one\n2\nthree\nfour\n");

        assertEquals(List.of(
                new DiffLine(DiffLine.Kind.FILE, "--- a/main/neondb", 0, 0),
                new DiffLine(DiffLine.Kind.FILE, "+++ b/dev/neondb", 0, 0),
                new DiffLine(DiffLine.Kind.HUNK, "@@ -1,3 +1,4 @@", 0, 0),
                new DiffLine(DiffLine.Kind.CONTEXT, " one", 1, 1),
                new DiffLine(DiffLine.Kind.REMOVED, "-two", 2, 0),
                new DiffLine(DiffLine.Kind.ADDED, "+2", 0, 2),
                new DiffLine(DiffLine.Kind.CONTEXT, " three", 3, 3),
                new DiffLine(DiffLine.Kind.ADDED, "+four", 0, 4)), DiffLine.parse(diff));
    }

    @Test
    void aRemovedSqlCommentIsARemovalNotAHeader() {
        String diff = UnifiedDiff.diff("a", "-- the orders\nselect 1;\n", "b", "select 1;\n");

        List<DiffLine> lines = DiffLine.parse(diff);
        assertEquals(new DiffLine(DiffLine.Kind.REMOVED, "--- the orders", 1, 0), lines.get(3));
        assertEquals(new DiffLine(DiffLine.Kind.CONTEXT, " select 1;", 2, 1), lines.get(4));
    }

    @Test
    void anAdditionToAnEmptySchemaIsNumberedFromOne() {
        List<DiffLine> lines = DiffLine.parse(UnifiedDiff.diff("a", "", "b", "CREATE SCHEMA s;\n"));

        assertEquals(new DiffLine(DiffLine.Kind.HUNK, "@@ -0,0 +1,1 @@", 0, 0), lines.get(2));
        assertEquals(new DiffLine(DiffLine.Kind.ADDED, "+CREATE SCHEMA s;", 0, 1), lines.get(3));
    }

    @Test
    void theSameSchemasHaveNoLines() {
        assertEquals(List.of(), DiffLine.parse(UnifiedDiff.diff("a", "x\n", "b", "x\n")));
    }
}
