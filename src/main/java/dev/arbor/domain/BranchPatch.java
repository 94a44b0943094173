package dev.arbor.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * A change to a branch's name, protection or expiration. Each field is absent (no change) or present;
 * {@code expiresAt} present but empty clears the expiration.
 */
public record BranchPatch(Optional<String> name, Optional<Boolean> isProtected, Optional<Optional<Instant>> expiresAt) {

    public BranchPatch {
        name = name == null ? Optional.empty() : name;
        isProtected = isProtected == null ? Optional.empty() : isProtected;
        expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    }

    public static BranchPatch rename(String name) {
        return new BranchPatch(Optional.of(name), Optional.empty(), Optional.empty());
    }

    public static BranchPatch protect(boolean on) {
        return new BranchPatch(Optional.empty(), Optional.of(on), Optional.empty());
    }

    public static BranchPatch expireAt(Instant at) {
        return new BranchPatch(Optional.empty(), Optional.empty(), Optional.of(Optional.of(at)));
    }

    public static BranchPatch clearExpiration() {
        return new BranchPatch(Optional.empty(), Optional.empty(), Optional.of(Optional.empty()));
    }

    public boolean isEmpty() {
        return name.isEmpty() && isProtected.isEmpty() && expiresAt.isEmpty();
    }
}
