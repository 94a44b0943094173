package dev.arbor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The unified diff that {@code compare_schema} returns and the console's Schema diff shows. */
class UnifiedDiffTest {

    @Test
    void theDiffIsUnifiedWithContext() {
        String a = "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\n";
        String b = "l1\nl2\nl3\nl4\nchanged\nl6\nl7\nl8\nl9\nl10\nl11\n";
        String diff = UnifiedDiff.diff("a/x", a, "b/x", b);
        assertEquals("""
                --- a/x
                +++ b/x
                @@ -2,9 +2,10 @@
                 l2
                 l3
                 l4
                -l5
                +changed
                 l6
                 l7
                 l8
                 l9
                 l10
                +l11
                """, diff);
        assertEquals("", UnifiedDiff.diff("a", a, "b", a));
        assertEquals("--- a\n+++ b\n@@ -0,0 +1,1 @@\n+new\n", UnifiedDiff.diff("a", "", "b", "new\n"));
        String far = UnifiedDiff.diff("a", "x\n1\n2\n3\n4\n5\n6\n7\n8\ny\n", "b", "X\n1\n2\n3\n4\n5\n6\n7\n8\nY\n");
        assertEquals(2, far.lines().filter(l -> l.startsWith("@@ ")).count(), far);
    }
}
