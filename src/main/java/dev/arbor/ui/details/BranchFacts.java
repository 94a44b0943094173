package dev.arbor.ui.details;

import dev.arbor.domain.Branch;
import dev.arbor.ui.common.Formats;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The details panel's lines about one branch, as text: the view shows them as they are.
 *
 * @param parentName      null for a root branch
 * @param branchingPoint  LSN and time of the branch point, or a sentence for a root branch
 * @param lastReset       when the branch was last reset from its parent, or that it never was
 * @param computeHours    its computes' active hours in the current billing period, or a dash when not reported
 * @param restore         the snapshot the branch was restored from and how far that restore is (Neon's
 *                        {@code restored_from} and {@code restore_status}), or null when the server sent neither
 */
public record BranchFacts(
        String name,
        String id,
        String created,
        String createdBy,
        String parentId,
        String parentName,
        String branchingPoint,
        String lastReset,
        String dataSize,
        String computeHours,
        String expiration,
        String protection,
        String kind,
        String restore) {

    static BranchFacts of(Branch b, Branch parent, ZoneId zone, Instant now) {
        String point;
        if (b.isRoot()) {
            point = b.isSchemaOnly() ? "None: a schema-only branch is a root with its own history"
                    : "None: a root branch starts its own history";
        } else {
            String lsn = b.parentLsn() == null ? "LSN unknown" : "LSN " + b.parentLsn();
            point = b.parentTimestamp() == null ? lsn
                    : lsn + " · " + Formats.dateTimeSeconds(b.parentTimestamp(), zone);
        }
        String reset = b.isRoot() ? "Not applicable: a root branch has no parent to reset from"
                : b.lastResetAt() == null ? "Never reset"
                : Formats.dateTimeSeconds(b.lastResetAt(), zone) + " (" + Formats.ago(b.lastResetAt(), now) + ")";
        String expiration = !b.expires() ? "Never expires"
                : b.expiresAt().isAfter(now)
                ? Formats.dateTime(b.expiresAt(), zone) + " (in " + Formats.span(Duration.between(now, b.expiresAt())) + ")"
                : Formats.dateTime(b.expiresAt(), zone) + " (due for deletion)";
        String protection = b.isProtected() ? "Protected: cannot be deleted or reset" : "Not protected";
        String kind = b.isDefault() ? "Default branch" : b.backup() ? "Backup branch"
                : b.isSchemaOnly() ? "Schema-only root branch" : b.isRoot() ? "Root branch" : "Child branch";
        return new BranchFacts(b.name(), b.id(),
                Formats.dateTimeSeconds(b.createdAt(), zone),
                b.createdBy() == null || b.createdBy().isBlank() ? "—" : b.createdBy(),
                b.parentId(), b.isRoot() ? null : parent == null ? b.parentId() : parent.name(),
                point, reset, Formats.dataSize(b.logicalSize()),
                b.hasKnownActiveTime() ? Formats.computeHours(b.activeTimeSeconds()) + " this billing period"
                        : Formats.computeHours(b.activeTimeSeconds()),
                expiration, protection, kind, restore(b));
    }

    private static String restore(Branch b) {
        if (b.restoredFrom() == null && b.restoreStatus() == null) {
            return null;
        }
        String status = b.restoreStatus() == null ? null : switch (b.restoreStatus()) {
            case "restored" -> "restored, not finalized yet";
            case "finalized" -> "finalized";
            case "detaching" -> "detaching from the snapshot";
            default -> b.restoreStatus();
        };
        if (b.restoredFrom() == null) {
            return "Restore " + status;
        }
        return "From snapshot " + b.restoredFrom() + (status == null ? "" : " · " + status);
    }
}
