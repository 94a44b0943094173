package dev.arbor.ui.tree;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the painter needs besides the viewport and the colours: the layout, what each lane carries,
 * and what the person has picked out.
 *
 * @param markers       resets and restores per branch id, oldest first
 * @param computes      the primary compute's state per branch id; absent when the branch has none
 * @param focused       the selected branch the details panel shows, or null
 * @param selected      every selected branch
 * @param matches       branches the search matches
 * @param currentMatch  the match the search centred, or null
 */
public record TreeScene(BranchTreeLayout layout, Map<String, List<TreeMarker>> markers, Map<String, Compute> computes,
                        ZoneId zone, Instant now, String focused, Set<String> selected, Set<String> matches,
                        String currentMatch) {

    public enum Compute { ACTIVE, IDLE, STARTING }

    public TreeScene {
        markers = Map.copyOf(markers);
        computes = Map.copyOf(computes);
        selected = Set.copyOf(selected);
        matches = Set.copyOf(matches);
    }

    public static TreeScene of(BranchTreeLayout layout, ZoneId zone, Instant now) {
        return new TreeScene(layout, Map.of(), Map.of(), zone, now, null, Set.of(), Set.of(), null);
    }

    public List<TreeMarker> markersOf(String branchId) {
        return markers.getOrDefault(branchId, List.of());
    }
}
