package dev.arbor.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Restore a target branch from a source branch (itself for its own history) at a point.
 * {@code preserveUnderName} names the backup that keeps the target's old state; null discards it,
 * which the rules allow only for a target without children restored from another branch.
 */
public record RestoreSpec(String sourceBranchId, PointInTime point, String preserveUnderName) {

    private static final DateTimeFormatter BACKUP_STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public RestoreSpec {
        Objects.requireNonNull(sourceBranchId, "sourceBranchId");
        point = point == null ? PointInTime.HEAD : point;
        preserveUnderName = preserveUnderName == null || preserveUnderName.isBlank() ? null : preserveUnderName;
    }

    /** Reset from parent is a restore from the parent's head with no backup. */
    public static RestoreSpec resetFromParent(String parentId) {
        return new RestoreSpec(parentId, PointInTime.HEAD, null);
    }

    /** The console's backup name, {@code {branch_name}_old_{head_timestamp}} (seed 001). */
    public static String consoleBackupName(String branchName, Instant headTimestamp) {
        return branchName + "_old_" + BACKUP_STAMP.format(headTimestamp);
    }
}
