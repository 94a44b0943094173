package dev.arbor.ui.branches;

import dev.arbor.domain.Branch;
import dev.arbor.domain.Endpoint;
import dev.arbor.ui.common.Formats;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * One line of the Branches table, ready to show. Raw values sit next to their text so the table
 * sorts by time and size, not by the characters of the text.
 *
 * @param parent     the parent's name; a dash for root branches
 * @param parentLabel how the Parent column shows it (a backup's branch and a short time)
 * @param compute    the primary compute's state in words ("Active", "Idle"), or a dash without one
 * @param computeState the primary compute's state, or null without one
 * @param activeTimeSeconds the branch's computes' active seconds this billing period, or -1 when not reported
 * @param computeHours those seconds as the Compute hours column shows them ("0.42 h", a dash when not reported)
 * @param lastActive when the primary compute last served a query, or null
 * @param searchKey  the name and the id in lower case, made once so that a search keystroke over 10,000
 *                   rows converts no text
 */
public record BranchRow(
        String id,
        String name,
        List<BranchBadge> badges,
        String parent,
        ParentLabel parentLabel,
        Instant createdAt,
        String created,
        long dataSizeBytes,
        String dataSize,
        long activeTimeSeconds,
        String computeHours,
        Branch branch,
        String compute,
        Endpoint.State computeState,
        String createdBy,
        Instant lastActive,
        String lastActiveText,
        String searchKey) {

    static final String NO_PARENT = "—";
    static final String NONE = "—";

    public BranchRow {
        badges = List.copyOf(badges);
    }

    /** {@code parentName} is null for a root branch, or for a parent this client has not seen. */
    static BranchRow of(Branch b, String parentName, Endpoint primary, ZoneId zone, Instant now) {
        String parent = b.isRoot() ? NO_PARENT : parentName != null ? parentName : b.parentId();
        Instant active = primary == null ? null : primary.lastActive();
        return new BranchRow(b.id(), b.name(), BranchBadge.of(b, zone, now), parent, ParentLabel.of(parent, zone, now),
                b.createdAt(), Formats.dateTime(b.createdAt(), zone),
                b.logicalSize(), Formats.dataSize(b.logicalSize()),
                b.activeTimeSeconds(), Formats.computeHours(b.activeTimeSeconds()),
                b, computeText(primary), primary == null ? null : primary.currentState(), b.createdBy() == null || b.createdBy().isBlank() ? NONE : b.createdBy(),
                active, active == null ? NONE : Formats.ago(active, now), searchKeyOf(b.name(), b.id()));
    }

    // A line break separates the two: a search text never holds one, so no match spans name and id.
    private static String searchKeyOf(String name, String id) {
        return name.toLowerCase(Locale.ROOT) + '\n' + id.toLowerCase(Locale.ROOT);
    }

    /** The primary compute's state in words, as the table and the tree's hover card show it; a dash without one. */
    public static String computeText(Endpoint e) {
        if (e == null) {
            return NONE;
        }
        return switch (e.currentState()) {
            case ACTIVE -> "Active";
            case IDLE -> "Idle";
            case INIT -> "Starting";
            case UNKNOWN -> "Unknown";
        };
    }

    public boolean hasBadge(BranchBadge.Kind kind) {
        return badges.stream().anyMatch(badge -> badge.kind() == kind);
    }

    /** True when {@code lowerCaseText} is part of the name or the id. */
    boolean matches(String lowerCaseText) {
        return lowerCaseText.isEmpty() || (lowerCaseText.indexOf('\n') < 0 && searchKey.contains(lowerCaseText));
    }
}
