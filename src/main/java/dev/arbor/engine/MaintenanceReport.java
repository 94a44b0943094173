package dev.arbor.engine;

import java.util.List;

/**
 * What one maintenance pass did: the expired branches it deleted, the computes it suspended, the bytes of WAL and base
 * backups that history retention reclaimed.
 */
public record MaintenanceReport(List<String> expiredBranches, List<String> suspendedEndpoints, long bytesReclaimed) {
}
