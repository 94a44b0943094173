package dev.arbor.domain;

import java.time.Instant;

/** A project: its history window and its plan limits. */
public record Project(
        String id,
        String name,
        long historyRetentionSeconds,
        Limits limits,
        Instant createdAt,
        Instant updatedAt) {

    /** Plan limits. Defaults follow Neon's Scale plan (reference §7: 25 branches, 10 roots, 5 protected). */
    public record Limits(int maxBranches, int maxRootBranches, int maxProtectedBranches) {
        public static final Limits DEFAULT = new Limits(5000, 10, 5);

        public Limits {
            if (maxBranches < 1 || maxRootBranches < 1 || maxProtectedBranches < 0) {
                throw ArborException.invalid("INVALID_LIMITS",
                        "Limits must allow at least one branch and one root branch, and no negative counts.");
            }
        }
    }

    public static final long DEFAULT_HISTORY_RETENTION_SECONDS = 86_400;
    public static final long MAX_HISTORY_RETENTION_SECONDS = 2_592_000;
}
