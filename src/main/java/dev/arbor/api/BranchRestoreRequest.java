package dev.arbor.api;

/**
 * {@code POST …/branches/{id}/restore} body (reference §2.4). {@code source_branch_id} is required;
 * {@code source_lsn} and {@code source_timestamp} exclude each other, and with neither the source's head is
 * used. A restore from the parent without a point is a reset from the parent.
 */
public record BranchRestoreRequest(String sourceBranchId, String sourceLsn, String sourceTimestamp,
                                   String preserveUnderName) {
}
