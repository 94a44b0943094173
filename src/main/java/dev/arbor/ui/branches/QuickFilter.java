package dev.arbor.ui.branches;

import java.time.Duration;
import java.time.Instant;

/** The Branches page's quick filters. */
public enum QuickFilter {
    ALL("All branches"),
    ROOTS("Root branches"),
    PROTECTED("Protected"),
    EXPIRING_SOON("Expiring within 24 h"),
    BACKUPS("Backups"),
    INACTIVE("Not active for N days");

    static final Duration SOON = Duration.ofHours(24);

    private final String label;

    QuickFilter(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * Whether {@code row} passes at {@code now}. A branch counts as not active when its primary compute
     * has not served a query for {@code inactiveDays}; one without a compute counts from its creation.
     */
    boolean accepts(BranchRow row, Instant now, int inactiveDays) {
        return switch (this) {
            case ALL -> true;
            case ROOTS -> row.branch().isRoot();
            case PROTECTED -> row.branch().isProtected();
            case EXPIRING_SOON -> row.branch().expires() && row.branch().expiresAt().isBefore(now.plus(SOON));
            case BACKUPS -> row.branch().backup();
            case INACTIVE -> {
                Instant last = row.lastActive() != null ? row.lastActive() : row.createdAt();
                yield last.isBefore(now.minus(Duration.ofDays(inactiveDays)));
            }
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
