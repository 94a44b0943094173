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

    /** {@link #UNKNOWN} is a type a server reported that this version does not know; it is never sent. */
    public enum Type {
        READ_WRITE, READ_ONLY, UNKNOWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** A type asked for in a request: read_write or read_only, anything else is refused. */
        public static Type fromWire(String s) {
            Type t = reported(s);
            if (t == UNKNOWN) {
                throw ArborException.invalid("INVALID_ENDPOINT_TYPE",
                        "\"" + s + "\" is not an endpoint type; use read_write or read_only.");
            }
            return t;
        }

        /** A type a server reported: one this version does not know is {@link #UNKNOWN}, not an error. */
        public static Type reported(String s) {
            for (Type t : values()) {
                if (t != UNKNOWN && t.wireName().equalsIgnoreCase(s)) {
                    return t;
                }
            }
            return UNKNOWN;
        }
    }

    /** {@link #UNKNOWN} is a state a server reported that this version does not know. */
    public enum State {
        INIT, ACTIVE, IDLE, UNKNOWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State fromWire(String s) {
            for (State t : values()) {
                if (t.wireName().equalsIgnoreCase(s)) {
                    return t;
                }
            }
            return UNKNOWN;
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
