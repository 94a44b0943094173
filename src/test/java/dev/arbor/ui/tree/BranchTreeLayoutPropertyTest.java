package dev.arbor.ui.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.ui.tree.BranchTreeLayout.Lane;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The layout's promises over random forests: parents, branch points and creation times drawn at random. */
class BranchTreeLayoutPropertyTest {
    private static final Instant NOW = TreeBranches.at(100_000);

    /** A forest of {@code n} branches; each picks an earlier branch as parent or is a root. */
    private static List<Branch> forest(int n, long seed) {
        Random random = new Random(seed);
        List<Branch> branches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long created = random.nextInt(90_000);
            if (i == 0 || random.nextInt(8) == 0) {
                branches.add(TreeBranches.root("b" + i, "n" + random.nextInt(Math.max(1, n / 2)), created));
            } else {
                String parent = "b" + random.nextInt(i);
                // branch points may lie before the parent's creation (a backup's history) or after the child's
                long fork = Math.max(0, created - random.nextInt(5_000) + (random.nextInt(10) == 0 ? 2_000 : 0));
                branches.add(TreeBranches.branch("b" + i, "n" + random.nextInt(Math.max(1, n / 2)), parent, created, fork));
            }
        }
        return branches;
    }

    private static Map<String, List<String>> childrenOf(List<Branch> branches) {
        Map<String, List<String>> children = new HashMap<>();
        for (Branch b : branches) {
            if (b.parentId() != null) {
                children.computeIfAbsent(b.parentId(), k -> new ArrayList<>()).add(b.id());
            }
        }
        return children;
    }

    private static int subtreeSize(String id, Map<String, List<String>> children, BranchTreeLayout layout) {
        int n = 1;
        if (layout.lane(id).collapsed()) {
            return 1;
        }
        for (String c : children.getOrDefault(id, List.of())) {
            n += subtreeSize(c, children, layout);
        }
        return n;
    }

    @Property(tries = 200)
    void noTwoLanesOverlapInTimeOnOneRow(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
        BranchTreeLayout layout = BranchTreeLayout.of(forest(n, seed), NOW, Set.of());
        Map<Integer, List<Lane>> byRow = new HashMap<>();
        for (Lane lane : layout.lanes()) {
            assertTrue(lane.start() <= lane.created() && lane.created() <= lane.end(), lane::toString);
            byRow.computeIfAbsent(lane.row(), r -> new ArrayList<>()).add(lane);
        }
        for (List<Lane> row : byRow.values()) {
            for (int i = 0; i < row.size(); i++) {
                for (int j = i + 1; j < row.size(); j++) {
                    Lane a = row.get(i);
                    Lane b = row.get(j);
                    assertTrue(a.end() < b.start() || b.end() < a.start(), () -> a + " overlaps " + b);
                }
            }
        }
        assertEquals(n, layout.lanes().size(), "every branch has a lane");
    }

    @Property(tries = 200)
    void everyForkLiesOnItsParentsLaneAtTheBranchPoint(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
        List<Branch> branches = forest(n, seed);
        BranchTreeLayout layout = BranchTreeLayout.of(branches, NOW, Set.of());
        for (Branch b : branches) {
            Lane lane = layout.lane(b.id());
            if (b.parentId() == null) {
                assertEquals(-1, lane.parentRow());
                continue;
            }
            Lane parent = layout.lane(b.parentId());
            assertEquals(parent.row(), lane.parentRow());
            assertEquals(b.parentTimestamp().toEpochMilli(), lane.fork());
            assertTrue(parent.start() <= lane.fork() && lane.fork() <= parent.end(),
                    () -> "fork " + lane + " off the lane of " + parent);
            assertEquals(parent.depth() + 1, lane.depth());
            assertEquals(parent.tree(), lane.tree());
        }
    }

    @Property(tries = 100)
    void theSameBranchesInAnyOrderGiveTheSamePicture(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
        List<Branch> branches = forest(n, seed);
        List<Branch> shuffled = new ArrayList<>(branches);
        Collections.shuffle(shuffled, new Random(seed ^ 0x5DEECE66DL));
        Set<String> collapsed = Set.of("b" + Math.floorMod(seed, n));
        assertEquals(BranchTreeLayout.of(branches, NOW, collapsed).lanes(), BranchTreeLayout.of(shuffled, NOW, collapsed).lanes());
    }

    @Property(tries = 200)
    void subtreesAreCompactBlocksUnderTheirBranch(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
        List<Branch> branches = forest(n, seed);
        BranchTreeLayout layout = BranchTreeLayout.of(branches, NOW, Set.of());
        Map<String, List<String>> children = childrenOf(branches);
        for (Lane lane : layout.lanes()) {
            int size = subtreeSize(lane.id(), children, layout);
            // the branch's descendants fill exactly the rows right under it
            Set<Integer> rows = new HashSet<>();
            collectRows(lane.id(), children, layout, rows);
            assertEquals(size, rows.size());
            assertEquals(lane.row() + size - 1, Collections.max(rows), () -> "subtree of " + lane.id() + " not contiguous");
            for (String c : children.getOrDefault(lane.id(), List.of())) {
                int distance = layout.lane(c).row() - lane.row();
                assertTrue(distance >= 1 && distance <= size - 1);
            }
        }
        assertEquals(n + layout.trees() - 1, layout.rowCount(), "no rows beyond one per branch and one between trees");
    }

    @Property(tries = 150)
    void collapsingHidesExactlyTheDescendants(@ForAll @IntRange(min = 1, max = 200) int n, @ForAll long seed) {
        List<Branch> branches = forest(n, seed);
        Random random = new Random(seed);
        Set<String> collapsed = new HashSet<>();
        for (int i = 0; i < n / 10 + 1; i++) {
            collapsed.add("b" + random.nextInt(n));
        }
        BranchTreeLayout layout = BranchTreeLayout.of(branches, NOW, collapsed);
        Map<String, Branch> byId = new HashMap<>();
        branches.forEach(b -> byId.put(b.id(), b));
        int hiddenCounted = 0;
        for (Branch b : branches) {
            boolean underCollapsed = false;
            for (String p = b.parentId(); p != null; p = byId.get(p).parentId()) {
                underCollapsed |= collapsed.contains(p);
            }
            if (underCollapsed) {
                assertNull(layout.lane(b.id()));
            } else {
                Lane lane = assertNotNullLane(layout, b);
                hiddenCounted += lane.hiddenDescendants();
            }
        }
        assertEquals(n - layout.lanes().size(), hiddenCounted);
    }

    private static Lane assertNotNullLane(BranchTreeLayout layout, Branch b) {
        Lane lane = layout.lane(b.id());
        assertNotNull(lane, b.id());
        return lane;
    }

    private static void collectRows(String id, Map<String, List<String>> children, BranchTreeLayout layout, Set<Integer> rows) {
        Lane lane = layout.lane(id);
        rows.add(lane.row());
        if (!lane.collapsed()) {
            for (String c : children.getOrDefault(id, List.of())) {
                collectRows(c, children, layout, rows);
            }
        }
    }
}
