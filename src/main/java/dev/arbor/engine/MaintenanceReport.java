package dev.arbor.engine;

import java.util.List;

/** What one maintenance pass did: the expired branches it deleted, the computes it suspended, the versions it reclaimed. */
public record MaintenanceReport(List<String> expiredBranches, List<String> suspendedEndpoints, long versionsReclaimed) {
}
