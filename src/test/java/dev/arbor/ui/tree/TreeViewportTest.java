package dev.arbor.ui.tree;

import static dev.arbor.ui.tree.TreeBranches.at;
import static dev.arbor.ui.tree.TreeBranches.branch;
import static dev.arbor.ui.tree.TreeBranches.root;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TreeViewportTest {
    private BranchTreeLayout layout;
    private final TreeViewport view = new TreeViewport();

    @BeforeEach
    void layOut() {
        List<Branch> branches = new ArrayList<>();
        branches.add(root("main", "main", 0));
        for (int i = 1; i < 100; i++) {
            branches.add(branch("b" + i, "b" + i, "main", i * 5, i * 5));
        }
        layout = BranchTreeLayout.of(branches, at(600), Set.of());
        view.setContent(layout);
        view.setSize(1000, 500);
        view.fit();
    }

    @Test
    void fittingPutsTheWholeTimeRangeAcrossTheWidth() {
        assertEquals(TreeViewport.MARGIN, view.x(layout.start()), 1e-6);
        assertEquals(1000 - TreeViewport.MARGIN, view.x(layout.end()), 1e-6);
        assertEquals(0, view.scrollY());
    }

    @Test
    void zoomKeepsTheTimeUnderThePointerAndStopsAtItsLimits() {
        double t = view.time(300);
        view.zoomAt(300, 2);
        assertEquals(t, view.time(300), 1);
        for (int i = 0; i < 100; i++) {
            view.zoomAt(300, 2);
        }
        assertEquals(TreeViewport.MAX_PX_PER_MS, view.pxPerMs(), 1e-12);
        for (int i = 0; i < 200; i++) {
            view.zoomAt(300, 0.5);
        }
        // zoomed out as far as it goes, the whole range takes a quarter of the width
        assertEquals(250, view.x(layout.end()) - view.x(layout.start()), 1e-6);
    }

    @Test
    void panningMovesTimeAndRowsButKeepsThePictureInReach() {
        double left = view.time(0);
        view.zoomAt(500, 4);
        double zoomedLeft = view.time(0);
        view.panBy(100, 0);
        assertTrue(view.time(0) < zoomedLeft, "dragging right shows earlier times");
        assertTrue(left < zoomedLeft);
        view.panBy(0, 3 * TreeViewport.ROW_HEIGHT);
        assertEquals(3, view.firstVisibleRow());
        view.panBy(1e9, -1e9);
        assertTrue(view.x(layout.start()) <= view.width() * 0.75 + 1e-6, "some of the range stays in view");
        assertEquals(0, view.scrollY());
        view.panBy(0, 1e9);
        assertEquals(view.maxScrollY(), view.scrollY());
    }

    @Test
    void rowsAndYsAgreeAndAnyRowCanBeCentred() {
        view.centreOn(99, layout.end());
        double middle = (view.lanesTop() + view.lanesBottom()) / 2;
        assertEquals(middle, view.rowTop(99) + TreeViewport.ROW_HEIGHT / 2, 1e-6);
        assertEquals(99, view.rowAt(view.laneY(99)));
        assertEquals(-1, view.rowAt(view.lanesTop() - 1));
        assertEquals(-1, view.rowAt(view.lanesBottom() + 1));
        view.reveal(0);
        assertEquals(0, view.firstVisibleRow());
    }

    @Test
    void aShortPictureDoesNotScroll() {
        TreeViewport small = new TreeViewport();
        small.setContent(BranchTreeLayout.of(List.of(root("main", "main", 0)), at(10), Set.of()));
        small.setSize(800, 600);
        small.panBy(0, 500);
        assertEquals(0, small.scrollY());
        assertEquals(0, small.maxScrollY());
    }
}
