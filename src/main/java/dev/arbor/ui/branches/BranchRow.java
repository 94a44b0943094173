package dev.arbor.ui.branches;

import dev.arbor.domain.Branch;
import dev.arbor.ui.common.Formats;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * One line of the Branches table, ready to show. Raw values sit next to their text so the table
 * sorts by time and size, not by the characters of the text.
 *
 * @param parent the parent's name; a dash for root branches
 */
public record BranchRow(
        String id,
        String name,
        List<BranchBadge> badges,
        String parent,
        Instant createdAt,
        String created,
        long dataSizeBytes,
        String dataSize) {

    static final String NO_PARENT = "—";

    public BranchRow {
        badges = List.copyOf(badges);
    }

    /** {@code parentName} is null for a root branch, or for a parent this client has not seen. */
    static BranchRow of(Branch b, String parentName, ZoneId zone) {
        String parent = b.isRoot() ? NO_PARENT : parentName != null ? parentName : b.parentId();
        return new BranchRow(b.id(), b.name(), BranchBadge.of(b, zone), parent,
                b.createdAt(), Formats.dateTime(b.createdAt(), zone),
                b.logicalSize(), Formats.dataSize(b.logicalSize()));
    }

    public boolean hasBadge(BranchBadge.Kind kind) {
        return badges.stream().anyMatch(badge -> badge.kind() == kind);
    }
}
