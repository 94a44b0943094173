package dev.arbor.ui.branches;

import dev.arbor.domain.Branch;
import dev.arbor.ui.common.Formats;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tag next to a branch name, as the Neon Console marks its default branch with DEFAULT.
 *
 * @param kind        what the tag says, for styling
 * @param label       the tag's text
 * @param explanation a sentence for the tooltip
 */
public record BranchBadge(Kind kind, String label, String explanation) {

    public enum Kind { DEFAULT, PROTECTED, BACKUP, SCHEMA_ONLY, EXPIRES, ARCHIVED }

    /** The badges of a branch, most important first. */
    public static List<BranchBadge> of(Branch b, ZoneId zone) {
        return of(b, zone, null);
    }

    /** As {@link #of(Branch, ZoneId)}; with {@code now}, an expiring branch's tag says how long it has left. */
    public static List<BranchBadge> of(Branch b, ZoneId zone, Instant now) {
        List<BranchBadge> badges = new ArrayList<>();
        if (b.isDefault()) {
            badges.add(new BranchBadge(Kind.DEFAULT, "DEFAULT", "The project's default branch."));
        }
        if (b.isProtected()) {
            badges.add(new BranchBadge(Kind.PROTECTED, "PROTECTED",
                    "Protected: it cannot be deleted or reset until its protection is removed."));
        }
        if (b.backup()) {
            badges.add(new BranchBadge(Kind.BACKUP, "BACKUP", b.deletionBlocked()
                    ? "Keeps the state a restore replaced. It is the original root, so it cannot be deleted."
                    : "Keeps the state a restore replaced, in case the restore needs undoing."));
        }
        if (b.isSchemaOnly()) {
            badges.add(new BranchBadge(Kind.SCHEMA_ONLY, "SCHEMA-ONLY",
                    "Created with its source's schema and no data; it is a root branch."));
        }
        if (b.expires()) {
            // the console's words are English: upper-cased by English rules, whatever the user's locale
            String label = now == null ? "EXPIRES"
                    : b.expiresAt().isAfter(now)
                            ? "EXPIRES IN " + Formats.span(Duration.between(now, b.expiresAt())).toUpperCase(Locale.ROOT)
                    : "EXPIRED";
            badges.add(new BranchBadge(Kind.EXPIRES, label,
                    "Deleted automatically at " + Formats.dateTime(b.expiresAt(), zone) + "."));
        }
        if (b.isArchived()) {
            badges.add(new BranchBadge(Kind.ARCHIVED, "ARCHIVED",
                    "Archived: its data is kept in cold storage and comes back when the branch is used."));
        }
        return List.copyOf(badges);
    }
}
