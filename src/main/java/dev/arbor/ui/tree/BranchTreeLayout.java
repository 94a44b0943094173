package dev.arbor.ui.tree;

import dev.arbor.domain.Branch;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each branch goes in the tree picture: one horizontal lane per branch along a time axis, rows
 * counted from the top. Plain Java, so it is tested and benchmarked without a toolkit.
 *
 * <p>Rules:
 * <ul>
 *   <li>A lane runs from the branch's creation to the end of the axis (every listed branch still exists, so
 *       no two lanes can share a row). When a child forks from a point before the branch was created (a
 *       backup keeps history from before the restore that made it), the lane starts at that point instead,
 *       so every fork lies on its parent's lane.</li>
 *   <li>A child's fork is its branch point ({@code parentTimestamp}), or its creation when the backend does not
 *       report the point.</li>
 *   <li>Rows are a depth-first walk: a branch, then its children, latest fork first. Each subtree is one
 *       block of rows directly under its branch, and the vertical line from an earlier fork passes left of
 *       the later-forked siblings' lanes instead of crossing them.</li>
 *   <li>Each root starts a tree; trees follow one another by start time with an empty row between them.
 *       A branch whose parent is not in the list is drawn as a root.</li>
 *   <li>The descendants of a collapsed branch get no rows; its lane counts them.</li>
 * </ul>
 * Ties are broken by name, then id, so the same branches always give the same picture.
 */
public final class BranchTreeLayout {

    /**
     * One branch's lane. Times are epoch milliseconds.
     *
     * @param start             where the lane begins: the creation, or an earlier fork of one of its children
     * @param created           when the branch was created
     * @param fork              the branch point on the parent's lane; meaningless without a parent row
     * @param parentRow         the parent's row, or -1 for a root
     * @param tree              which tree (root) of the picture, counted from the top
     * @param children          how many children the branch has, shown or not
     * @param hiddenDescendants how many branches its collapse hides (0 when it is expanded)
     */
    public record Lane(Branch branch, int row, long start, long created, long fork, long end, int parentRow,
                       int depth, int tree, int children, int hiddenDescendants) {

        public String id() {
            return branch.id();
        }

        public boolean hasParentLane() {
            return parentRow >= 0;
        }

        public boolean collapsed() {
            return hiddenDescendants > 0;
        }
    }

    private static final Comparator<Branch> BY_NAME = Comparator.comparing(Branch::name).thenComparing(Branch::id);

    private final List<Lane> lanes;
    private final Lane[] byRow;
    private final Map<String, Lane> byId;
    private final long start;
    private final long end;
    private final int trees;

    private BranchTreeLayout(List<Lane> lanes, int rowCount, long start, long end, int trees) {
        this.lanes = List.copyOf(lanes);
        this.byRow = new Lane[rowCount];
        this.byId = new HashMap<>(lanes.size() * 2);
        for (Lane lane : lanes) {
            byRow[lane.row()] = lane;
            byId.put(lane.id(), lane);
        }
        this.start = start;
        this.end = end;
        this.trees = trees;
    }

    /** The picture of no branches. */
    public static BranchTreeLayout empty(Instant now) {
        return new BranchTreeLayout(List.of(), 0, now.toEpochMilli(), now.toEpochMilli(), 0);
    }

    /**
     * Lays out {@code branches} (any order) with the axis ending at {@code now}, or later if a branch's
     * times are later; the descendants of the branches in {@code collapsed} are left out.
     */
    public static BranchTreeLayout of(Collection<Branch> branches, Instant now, Set<String> collapsed) {
        if (branches.isEmpty()) {
            return empty(now);
        }
        Map<String, Branch> byId = new HashMap<>(branches.size() * 2);
        for (Branch b : branches) {
            byId.put(b.id(), b);
        }
        Map<String, List<Branch>> children = new HashMap<>();
        List<Branch> roots = new ArrayList<>();
        long end = now.toEpochMilli();
        for (Branch b : byId.values()) {
            end = Math.max(end, Math.max(created(b), fork(b)));
            if (b.parentId() != null && byId.containsKey(b.parentId()) && !b.parentId().equals(b.id())) {
                children.computeIfAbsent(b.parentId(), k -> new ArrayList<>()).add(b);
            } else {
                roots.add(b);
            }
        }
        Comparator<Branch> latestForkFirst = Comparator.comparingLong(BranchTreeLayout::fork).reversed().thenComparing(BY_NAME);
        children.values().forEach(list -> list.sort(latestForkFirst));

        Map<String, Long> starts = new HashMap<>(byId.size() * 2);
        for (Branch b : byId.values()) {
            long s = created(b);
            for (Branch c : children.getOrDefault(b.id(), List.of())) {
                s = Math.min(s, fork(c));
            }
            starts.put(b.id(), s);
        }
        roots.sort(Comparator.comparingLong((Branch b) -> starts.get(b.id())).thenComparing(BY_NAME));

        Builder builder = new Builder(children, starts, collapsed, end, byId.size());
        for (Branch root : roots) {
            builder.tree(root);
        }
        // Parent links that form a loop leave branches no root reaches; they are drawn as roots of their own.
        if (builder.visited.size() < byId.size()) {
            List<Branch> left = byId.values().stream().filter(b -> !builder.visited.contains(b.id()))
                    .sorted(Comparator.comparingLong((Branch b) -> starts.get(b.id())).thenComparing(BY_NAME)).toList();
            for (Branch b : left) {
                if (!builder.visited.contains(b.id())) {
                    builder.tree(b);
                }
            }
        }
        long start = builder.lanes.stream().mapToLong(Lane::start).min().orElse(end);
        return new BranchTreeLayout(builder.lanes, builder.nextRow, start, end, builder.trees);
    }

    // Properties

    /** Every shown lane, top to bottom. */
    public List<Lane> lanes() {
        return lanes;
    }

    /** The lane of a branch, or null when it is hidden by a collapse or not in the picture. */
    public Lane lane(String branchId) {
        return branchId == null ? null : byId.get(branchId);
    }

    /** The lane on a row, or null for the empty row between two trees or a row outside the picture. */
    public Lane atRow(int row) {
        return row < 0 || row >= byRow.length ? null : byRow[row];
    }

    /** Rows in the picture, the empty rows between trees included. */
    public int rowCount() {
        return byRow.length;
    }

    /** The earliest lane start, epoch milliseconds. */
    public long start() {
        return start;
    }

    /** The end of the time axis: now, epoch milliseconds. */
    public long end() {
        return end;
    }

    /** How many separate trees (roots) the picture holds. */
    public int trees() {
        return trees;
    }

    // Times

    static long created(Branch b) {
        return b.createdAt() == null ? 0 : b.createdAt().toEpochMilli();
    }

    /** The branch point on the parent's lane. */
    static long fork(Branch b) {
        return b.parentTimestamp() != null ? b.parentTimestamp().toEpochMilli() : created(b);
    }

    // The walk. Iterative, so a chain of thousands of branches cannot overflow the stack.
    private static final class Builder {
        private final Map<String, List<Branch>> children;
        private final Map<String, Long> starts;
        private final Set<String> collapsed;
        private final long end;
        private final List<Lane> lanes;
        private final Set<String> visited;
        private int nextRow;
        private int trees;

        Builder(Map<String, List<Branch>> children, Map<String, Long> starts, Set<String> collapsed, long end, int size) {
            this.children = children;
            this.starts = starts;
            this.collapsed = collapsed;
            this.end = end;
            this.lanes = new ArrayList<>(size);
            this.visited = new HashSet<>(size * 2);
        }

        private record Step(Branch branch, int parentRow, int depth) {
        }

        void tree(Branch root) {
            if (trees > 0) {
                nextRow++; // the empty row between two trees
            }
            int tree = trees++;
            Deque<Step> stack = new ArrayDeque<>();
            stack.push(new Step(root, -1, 0));
            while (!stack.isEmpty()) {
                Step step = stack.pop();
                Branch b = step.branch();
                if (!visited.add(b.id())) {
                    continue;
                }
                List<Branch> kids = children.getOrDefault(b.id(), List.of());
                boolean folded = collapsed.contains(b.id()) && !kids.isEmpty();
                int hidden = folded ? countAndMark(b) : 0;
                int row = nextRow++;
                lanes.add(new Lane(b, row, starts.get(b.id()), created(b), step.parentRow() < 0 ? created(b) : fork(b), end,
                        step.parentRow(), step.depth(), tree, kids.size(), hidden));
                if (!folded) {
                    for (int i = kids.size() - 1; i >= 0; i--) {
                        stack.push(new Step(kids.get(i), row, step.depth() + 1));
                    }
                }
            }
        }

        /** Counts the descendants under a collapsed branch and marks them placed, so no walk draws them. */
        private int countAndMark(Branch folded) {
            int n = 0;
            Deque<Branch> stack = new ArrayDeque<>(children.getOrDefault(folded.id(), List.of()));
            while (!stack.isEmpty()) {
                Branch b = stack.pop();
                if (visited.add(b.id())) {
                    n++;
                    stack.addAll(children.getOrDefault(b.id(), List.of()));
                }
            }
            return n;
        }
    }
}
