package dev.arbor.ui.tree;

import static dev.arbor.ui.tree.TreeBranches.at;
import static dev.arbor.ui.tree.TreeBranches.branch;
import static dev.arbor.ui.tree.TreeBranches.root;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.ui.tree.BranchTreeLayout.Lane;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BranchTreeLayoutTest {
    private static final List<Branch> PROJECT = List.of(
            root("main", "main", 0),
            branch("prod", "production", "main", 30, 28),
            branch("stage", "staging", "main", 60, 60),
            branch("arjun", "dev/arjun", "stage", 90, 85),
            branch("maria", "dev/maria", "stage", 100, 100),
            branch("pr", "preview/pr-1", "main", 200, 190),
            root("sandbox", "analytics-sandbox", 150));

    private static List<String> namesByRow(BranchTreeLayout layout) {
        List<String> names = new ArrayList<>();
        for (int row = 0; row < layout.rowCount(); row++) {
            Lane lane = layout.atRow(row);
            names.add(lane == null ? "" : lane.branch().name());
        }
        return names;
    }

    @Test
    void eachRootIsItsOwnTreeWithChildrenLatestForkFirst() {
        BranchTreeLayout layout = BranchTreeLayout.of(PROJECT, at(300), Set.of());
        assertEquals(List.of("main", "preview/pr-1", "staging", "dev/maria", "dev/arjun", "production", "",
                "analytics-sandbox"), namesByRow(layout));
        assertEquals(2, layout.trees());
        assertEquals(at(0).toEpochMilli(), layout.start());
        assertEquals(at(300).toEpochMilli(), layout.end());
    }

    @Test
    void aChildForksFromItsParentsLaneAtItsBranchPoint() {
        BranchTreeLayout layout = BranchTreeLayout.of(PROJECT, at(300), Set.of());
        Lane arjun = layout.lane("arjun");
        Lane staging = layout.lane("stage");
        assertEquals(staging.row(), arjun.parentRow());
        assertEquals(at(85).toEpochMilli(), arjun.fork());
        assertEquals(at(90).toEpochMilli(), arjun.start(), "the lane starts when the branch was created");
        assertTrue(staging.start() <= arjun.fork() && arjun.fork() <= staging.end());
        assertEquals(-1, layout.lane("main").parentRow());
    }

    @Test
    void aBackupsLaneReachesBackToTheForksItHolds() {
        // a restore makes the backup (created at 120) the parent of the restored branch, forked at 110
        List<Branch> branches = List.of(root("main", "main", 0),
                TreeBranches.with(branch("old", "dev/maria_old", "main", 120, 50), false, false, true),
                branch("maria", "dev/maria", "old", 40, 110));
        BranchTreeLayout layout = BranchTreeLayout.of(branches, at(200), Set.of());
        Lane backup = layout.lane("old");
        assertEquals(at(110).toEpochMilli(), backup.start());
        assertEquals(at(120).toEpochMilli(), backup.created());
        assertTrue(backup.start() <= layout.lane("maria").fork());
    }

    @Test
    void collapsingABranchHidesItsDescendantsAndCountsThem() {
        BranchTreeLayout layout = BranchTreeLayout.of(PROJECT, at(300), Set.of("stage"));
        assertNull(layout.lane("arjun"));
        assertNull(layout.lane("maria"));
        assertEquals(2, layout.lane("stage").hiddenDescendants());
        assertEquals(2, layout.lane("stage").children());
        assertEquals(List.of("main", "preview/pr-1", "staging", "production", "", "analytics-sandbox"), namesByRow(layout));
        // collapsing a branch without children changes nothing
        assertEquals(BranchTreeLayout.of(PROJECT, at(300), Set.of()).lanes(),
                BranchTreeLayout.of(PROJECT, at(300), Set.of("pr")).lanes());
    }

    @Test
    void aBranchWhoseParentIsNotListedIsDrawnAsARoot() {
        BranchTreeLayout layout = BranchTreeLayout.of(List.of(root("main", "main", 0),
                branch("lost", "lost-child", "gone", 10, 5)), at(20), Set.of());
        assertEquals(2, layout.trees());
        assertEquals(-1, layout.lane("lost").parentRow());
    }

    @Test
    void parentLinksInALoopStillGiveEveryBranchALane() {
        BranchTreeLayout layout = BranchTreeLayout.of(List.of(branch("a", "a", "b", 10, 5),
                branch("b", "b", "a", 20, 15)), at(30), Set.of());
        assertEquals(2, layout.lanes().size());
    }

    @Test
    void aChainTwentyThousandDeepIsLaidOutWithoutRecursion() {
        List<Branch> chain = new ArrayList<>();
        chain.add(root("b0", "b0", 0));
        for (int i = 1; i < 20_000; i++) {
            chain.add(branch("b" + i, "b" + i, "b" + (i - 1), i, i));
        }
        BranchTreeLayout layout = BranchTreeLayout.of(chain, at(30_000), Set.of());
        assertEquals(20_000, layout.rowCount());
        assertEquals(19_999, layout.lane("b19999").depth());
    }

    @Test
    void noBranchesIsAnEmptyPicture() {
        BranchTreeLayout layout = BranchTreeLayout.of(List.of(), at(5), Set.of());
        assertEquals(0, layout.rowCount());
        assertNull(layout.atRow(0));
    }
}
