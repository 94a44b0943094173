package dev.arbor.domain;

import java.time.Instant;
import java.util.Locale;

/** A compute attached to a branch. A branch has at most one read-write endpoint and any number of read-only ones. */
public record Endpoint(
        String id,
        String projectId,
        String branchId,
        Type type,
        State currentState,
        State pendingState,
        String host,
        double minCu,
        double maxCu,
        long suspendTimeoutSeconds,
        Instant createdAt,
        Instant updatedAt,
        Instant lastActive,
        Instant startedAt,
        Instant suspendedAt) {

    /** Neon's default when {@code suspend_timeout_seconds} is 0. */
    public static final long DEFAULT_SUSPEND_SECONDS = 300;

    public enum Type {
        READ_WRITE, READ_ONLY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type fromWire(String s) {
            for (Type t : values()) {
                if (t.wireName().equalsIgnoreCase(s)) {
                    return t;
                }
            }
            throw ArborException.invalid("INVALID_ENDPOINT_TYPE",
                    "\"" + s + "\" is not an endpoint type; use read_write or read_only.");
        }
    }

    public enum State {
        INIT, ACTIVE, IDLE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State fromWire(String s) {
            for (State t : values()) {
                if (t.wireName().equalsIgnoreCase(s)) {
                    return t;
                }
            }
            return IDLE;
        }
    }

    /** The effective suspend timeout: 0 means the default, -1 means never (returned as null). */
    public Long effectiveSuspendSeconds() {
        if (suspendTimeoutSeconds < 0) {
            return null;
        }
        return suspendTimeoutSeconds == 0 ? DEFAULT_SUSPEND_SECONDS : suspendTimeoutSeconds;
    }
}
