package dev.arbor.ui.actions;

import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.domain.Project;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What deleting a set of branches will do: which are deleted, in an order the rules accept (children
 * before their parents), and which are skipped and why. The reasons are BranchPolicy's: a branch is
 * skipped when the rules refuse it once everything planned before it is gone.
 *
 * @param deletions the branches to delete, in order
 * @param skipped   the branches kept, each with the rules' sentence
 */
public record DeletePlan(List<Branch> deletions, List<Skip> skipped) {

    public record Skip(Branch branch, String reason) {
    }

    public DeletePlan {
        deletions = List.copyOf(deletions);
        skipped = List.copyOf(skipped);
    }

    public static DeletePlan of(Project project, Collection<Branch> all, Collection<Branch> selected) {
        Map<String, Branch> remaining = new LinkedHashMap<>();
        all.forEach(b -> remaining.put(b.id(), b));
        Map<String, Integer> depth = new HashMap<>();
        List<Branch> order = new ArrayList<>(selected);
        // deepest first, so that each child is gone before its parent is checked
        order.sort(Comparator.comparingInt((Branch b) -> -depthOf(b, remaining, depth)).thenComparing(Branch::name));
        List<Branch> deletions = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        BranchPolicy policy = BranchPolicy.of(project, remaining.values());
        for (Branch b : order) {
            BranchPolicy.Verdict verdict = policy.canDelete(b);
            if (verdict.allowed()) {
                deletions.add(b);
                remaining.remove(b.id());
                policy = BranchPolicy.of(project, remaining.values());
            } else {
                skipped.add(new Skip(b, verdict.message()));
            }
        }
        return new DeletePlan(deletions, skipped);
    }

    /** Every branch below {@code root}, for deleting a branch's children (their children first). */
    public static List<Branch> descendantsOf(BranchPolicy policy, Branch root) {
        List<Branch> found = new ArrayList<>();
        for (Branch child : policy.childrenOf(root.id())) {
            found.add(child);
            found.addAll(descendantsOf(policy, child));
        }
        return found;
    }

    public boolean isEmpty() {
        return deletions.isEmpty();
    }

    private static int depthOf(Branch b, Map<String, Branch> all, Map<String, Integer> memo) {
        Integer known = memo.get(b.id());
        if (known != null) {
            return known;
        }
        int d = 0;
        Branch at = b;
        while (at.parentId() != null && all.containsKey(at.parentId()) && d < all.size()) {
            at = all.get(at.parentId());
            d++;
        }
        memo.put(b.id(), d);
        return d;
    }
}
