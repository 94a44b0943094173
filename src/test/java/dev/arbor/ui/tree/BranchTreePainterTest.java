package dev.arbor.ui.tree;

import static dev.arbor.ui.tree.TreeBranches.at;
import static dev.arbor.ui.tree.TreeBranches.branch;
import static dev.arbor.ui.tree.TreeBranches.root;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The painting as SVG text: what is drawn, and that only what is visible is. */
class BranchTreePainterTest {
    private static final Pattern TEXT = Pattern.compile("<text [^>]*>([^<]*)</text>");

    private static List<String> texts(String svg) {
        List<String> all = new ArrayList<>();
        Matcher m = TEXT.matcher(svg);
        while (m.find()) {
            all.add(m.group(1));
        }
        return all;
    }

    /** main with {@code n - 1} children, one every minute. */
    private static BranchTreeLayout wide(int n) {
        List<Branch> branches = new ArrayList<>();
        branches.add(TreeBranches.with(root("main", "main", 0), true, false, false));
        for (int i = 1; i < n; i++) {
            branches.add(branch("b" + i, "dev/b" + i, "main", i, i));
        }
        return BranchTreeLayout.of(branches, at(n + 10), Set.of());
    }

    private static String paint(TreeScene scene, TreeViewport view) {
        SvgSurface svg = new SvgSurface(view.width(), view.height(), SvgSurface.APPROXIMATE);
        BranchTreePainter.paint(scene, view, TreeColors.LIGHT, svg, null);
        return svg.document("test");
    }

    private static TreeViewport view(BranchTreeLayout layout, double width, double height) {
        TreeViewport view = new TreeViewport();
        view.setContent(layout);
        view.setSize(width, height);
        view.fit();
        return view;
    }

    @Test
    void theExportDrawsEveryBranchWithItsStatesAndTheLegend() {
        List<Branch> branches = List.of(TreeBranches.with(root("main", "main", 0), true, false, false),
                TreeBranches.with(branch("p", "production", "main", 10, 10), false, true, false),
                TreeBranches.with(branch("old", "dev/a&b_old", "main", 30, 20), false, false, true),
                branch("c", "dev/<c>", "p", 40, 35));
        BranchTreeLayout layout = BranchTreeLayout.of(branches, at(60), Set.of());
        TreeScene scene = new TreeScene(layout, Map.of("c", List.of(new TreeMarker(at(50), TreeMarker.Kind.RESET))),
                Map.of("p", TreeScene.Compute.ACTIVE, "c", TreeScene.Compute.IDLE), ZoneOffset.UTC, at(60),
                "p", Set.of("p"), Set.of(), null);
        TreeViewport picture = TreeExport.pictureViewport(layout, 900);
        String svg = TreeExport.svg(scene, picture, TreeColors.DARK, SvgSurface.APPROXIMATE, "Branches of \"demo\"");
        List<String> texts = texts(svg);
        assertTrue(texts.containsAll(List.of("main", "production", "dev/a&amp;b_old", "dev/&lt;c&gt;", "DEFAULT", "PROTECTED",
                "BACKUP", "active", "idle", "now", "Reset / restore", "Schema-only root")), texts::toString);
        assertTrue(svg.contains("<title>Branches of &quot;demo&quot;</title>"));
        assertTrue(svg.contains("width=\"" + (int) TreeExport.MIN_WIDTH + "\""), "never narrower than the legend");
        assertTrue(svg.contains("fill=\"#0d1117\""), "drawn in the colours it was given");
        assertTrue(svg.contains("stroke-dasharray=\"6 4\""), "the backup's lane is dashed");
        assertTrue(svg.contains("<polygon"), "the reset marker");
    }

    @Test
    void onlyTheVisibleRowsAreDrawnWhateverTheNumberOfBranches() {
        for (int n : new int[] {1_000, 10_000}) {
            BranchTreeLayout layout = wide(n);
            TreeViewport view = view(layout, 1200, 700);
            view.scrollTo(view.maxScrollY() / 2);
            String svg = paint(TreeScene.of(layout, ZoneOffset.UTC, at(n + 10)), view);
            long names = texts(svg).stream().filter(t -> t.startsWith("dev/b")).count();
            int visible = view.lastVisibleRow() - view.firstVisibleRow() + 1;
            assertTrue(names > 0 && names <= visible, n + ": " + names + " names for " + visible + " visible rows");
            // the forks that pass down through the view are merged per pixel column
            long shapes = svg.lines().filter(l -> l.startsWith("<line") || l.startsWith("<rect")).count();
            assertTrue(shapes < 12 * visible + view.width() / 2, n + ": " + shapes + " lines and rectangles");
        }
    }

    @Test
    void aForkFromAParentAboveTheViewIsDrawnThroughIt() {
        BranchTreeLayout layout = wide(200);
        TreeViewport view = view(layout, 1200, 500);
        view.scrollTo(40 * TreeViewport.ROW_HEIGHT);
        // the last child is far below; its fork leaves main (above the view) at minute 199
        double x = view.x(layout.lane("b1").fork());
        String svg = paint(TreeScene.of(layout, ZoneOffset.UTC, at(210)), view);
        String vertical = String.format(java.util.Locale.ROOT, "<rect x=\"%s\" y=\"%s\"", format(Math.round(x) - 0.75),
                format(view.lanesTop()));
        assertTrue(svg.contains(vertical), "a line from the top of the view at the fork of b1");
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    @Test
    void hitTestingFindsTheLaneAndTheNodeAndTheMarkerSitsOnItsLaneAtItsTime() {
        BranchTreeLayout layout = wide(5);
        TreeViewport view = view(layout, 1000, 500);
        BranchTreeLayout.Lane b2 = layout.lane("b2");
        double y = view.laneY(b2.row());
        assertEquals("b2", BranchTreePainter.laneAt(layout, view, y).id());
        assertTrue(BranchTreePainter.onNode(b2, view, view.x(b2.created()) + 3, y - 3));
        assertFalse(BranchTreePainter.onNode(b2, view, view.x(b2.created()) + 40, y));
        assertNull(BranchTreePainter.laneAt(layout, view, 5), "the axis is no lane");
        TreeScene scene = new TreeScene(layout, Map.of("b2", List.of(new TreeMarker(at(4), TreeMarker.Kind.RESTORE))),
                Map.of(), ZoneOffset.UTC, at(15), null, Set.of(), Set.of(), null);
        // the restore's diamond: its top corner straight above the restore's time on b2's lane
        String diamondTop = "<polygon points=\"" + format(view.x(at(4).toEpochMilli())) + "," + format(y - 6) + " ";
        assertTrue(paint(scene, view).contains(diamondTop), "the marker is drawn where the restore happened");
    }

    @Test
    void aPictureTooTallForAPngIsRefusedWithASentence() {
        BranchTreeLayout layout = wide(1_000);
        String problem = TreeExport.pngTooLarge(TreeExport.pictureViewport(layout, 1200));
        assertNotNull(problem);
        assertTrue(problem.contains("export it as SVG"), problem);
        assertNull(TreeExport.pngTooLarge(TreeExport.pictureViewport(wide(50), 1200)));
    }

    @Test
    void noBranchesSaySo() {
        BranchTreeLayout layout = BranchTreeLayout.empty(at(0));
        String svg = paint(TreeScene.of(layout, ZoneOffset.UTC, at(0)), view(layout, 800, 400));
        assertTrue(texts(svg).contains("No branches to draw."));
    }

    /** A branch of main made {@code seconds} after {@link TreeBranches#T0}, from main's state then. */
    private static Branch secondsIn(String id, String name, long seconds) {
        Branch b = branch(id, name, "main", 0, 0);
        Instant at = TreeBranches.T0.plusSeconds(seconds);
        return new Branch(b.id(), b.projectId(), b.name(), b.parentId(), b.parentLsn(), at, false, false,
                b.currentState(), null, at, b.logicalSize(), b.creationSource(), b.createdBy(), at, at, null, null, null,
                b.initSource(), false, false, false, null, null);
    }

    @Test
    void aHistoryMadeInSecondsSpreadsAcrossTheWidthWithSecondsOnTheAxis() {
        // the demo on real Postgres is made in well under a minute
        List<Branch> branches = List.of(TreeBranches.with(root("main", "main", 0), true, false, false),
                secondsIn("a", "dev/a", 10), secondsIn("b", "dev/b", 25));
        Instant now = TreeBranches.T0.plusSeconds(40);
        BranchTreeLayout layout = BranchTreeLayout.of(branches, now, Set.of());
        TreeViewport view = view(layout, 1200, 400);
        assertTrue(view.x(layout.lane("b").created()) - view.x(layout.lane("a").created()) > 300,
                "branches made 15 seconds apart are far apart");
        TreeScene scene = new TreeScene(layout, Map.of(), Map.of(), ZoneOffset.UTC, now, null, Set.of(), Set.of(), null);
        List<String> texts = texts(paint(scene, view));
        assertTrue(texts.contains("09:00:10"), texts::toString);
        assertTrue(texts.stream().noneMatch(t -> t.matches("\\d\\d:\\d\\d")), "no tick says only hours and minutes");
    }
}
