package dev.arbor.domain;

import java.time.Instant;
import java.util.Locale;

/** A unit of work a backend carries out, moving through {@code scheduling → running → finished|failed}. */
public record Operation(
        String id,
        String projectId,
        String branchId,
        String endpointId,
        Action action,
        Status status,
        int failuresCount,
        String error,
        Instant createdAt,
        Instant updatedAt,
        long totalDurationMs) {

    public enum Action {
        CREATE_BRANCH, CREATE_TIMELINE, DELETE_TIMELINE, START_COMPUTE, SUSPEND_COMPUTE, CREATE_COMPUTE,
        APPLY_CONFIG, APPLY_STORAGE_CONFIG, CHECK_AVAILABILITY, DETACH_PARENT_BRANCH, TIMELINE_ARCHIVE,
        TIMELINE_UNARCHIVE, TIMELINE_UPDATE_PROTECTED_CONFIG, APPLY_SCHEMA_FROM_BRANCH, UNKNOWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Clients must accept actions they do not know. */
        public static Action fromWire(String s) {
            for (Action a : values()) {
                if (a.wireName().equalsIgnoreCase(s)) {
                    return a;
                }
            }
            return UNKNOWN;
        }

        public String label() {
            String s = wireName().replace('_', ' ');
            return Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }

    /**
     * Neon's {@code OperationStatus}. {@link #UNKNOWN} stands for a status this version does not know (Neon adds
     * them over time): it is shown as unknown and counts as no longer running but never as a failure, so a
     * change the server made is not reported failed because of a word Arbor does not know.
     */
    public enum Status {
        SCHEDULING, RUNNING, FINISHED, FAILED, ERROR, CANCELLING, CANCELLED, SKIPPED, UNKNOWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromWire(String s) {
            for (Status a : values()) {
                if (a.wireName().equalsIgnoreCase(s)) {
                    return a;
                }
            }
            return UNKNOWN;
        }

        public boolean isTerminal() {
            return this == FINISHED || this == SKIPPED || this == FAILED || this == ERROR || this == CANCELLED
                    || this == UNKNOWN;
        }

        /** The operation did not do its work: failed, errored or cancelled. */
        public boolean isFailure() {
            return this == FAILED || this == ERROR || this == CANCELLED;
        }

        public boolean isSuccess() {
            return this == FINISHED || this == SKIPPED;
        }
    }
}
