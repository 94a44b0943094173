package dev.arbor.ui.tree;

import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.InitSource;
import dev.arbor.domain.Lsn;
import java.time.Instant;

/** Branch records for the tree's tests, with only what the tree reads set. */
final class TreeBranches {
    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    private TreeBranches() {
    }

    /** A root created {@code createdMin} minutes after {@link #T0}. */
    static Branch root(String id, String name, long createdMin) {
        return branch(id, name, null, createdMin, createdMin);
    }

    /** A child of {@code parentId} created at {@code createdMin}, branched from the parent's state at {@code forkMin}. */
    static Branch branch(String id, String name, String parentId, long createdMin, long forkMin) {
        Instant created = T0.plusSeconds(createdMin * 60);
        Instant fork = parentId == null ? null : T0.plusSeconds(forkMin * 60);
        return new Branch(id, "p1", name, parentId, parentId == null ? null : Lsn.parse("0/" + Long.toHexString(16 + forkMin * 8)),
                fork, false, false, BranchState.READY, null, created, 1024L * (createdMin + 1), "console", "tester",
                created, created, null, null, null, InitSource.PARENT_DATA, parentId == null, false, false, null, null);
    }

    static Branch with(Branch b, boolean isDefault, boolean isProtected, boolean backup) {
        return new Branch(b.id(), b.projectId(), b.name(), b.parentId(), b.parentLsn(), b.parentTimestamp(), isDefault,
                isProtected, b.currentState(), b.pendingState(), b.stateChangedAt(), b.logicalSize(), b.creationSource(),
                b.createdBy(), b.createdAt(), b.updatedAt(), b.expiresAt(), b.ttlIntervalSeconds(), b.lastResetAt(),
                b.initSource(), b.firstRoot(), backup, b.deletionBlocked(), b.headLsn(), b.headTimestamp());
    }

    static Instant at(long minutes) {
        return T0.plusSeconds(minutes * 60);
    }
}
