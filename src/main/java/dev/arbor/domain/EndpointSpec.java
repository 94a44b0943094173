package dev.arbor.domain;

/** What to create: an endpoint's type, size and suspend timeout (0 = default, -1 = never). */
public record EndpointSpec(Endpoint.Type type, double minCu, double maxCu, long suspendTimeoutSeconds) {
    /**
     * The most computes one branch may have: its read-write compute and read-only ones beside it. The cap also
     * bounds what a single request can ask for, so one request cannot hold the project for minutes.
     */
    public static final int MAX_PER_BRANCH = 10;

    /** Refuses a request for more computes than a branch may have, before anything is made. */
    public static void checkCount(int requested) {
        if (requested > MAX_PER_BRANCH) {
            throw ArborException.invalid("TOO_MANY_ENDPOINTS", "A branch can have at most " + MAX_PER_BRANCH
                    + " computes (one read-write, the rest read-only); this request asks for " + requested + ".");
        }
    }

    public EndpointSpec {
        if (type == null) {
            throw ArborException.invalid("INVALID_ENDPOINT", "An endpoint needs a type: read_write or read_only.");
        }
        if (minCu < 0.25 || maxCu < minCu || maxCu > 16) {
            throw ArborException.invalid("INVALID_ENDPOINT_SIZE",
                    "Compute size must be between 0.25 and 16 CU with the minimum not above the maximum (got "
                            + minCu + "–" + maxCu + ").");
        }
        if (suspendTimeoutSeconds < -1 || suspendTimeoutSeconds > 604800
                || (suspendTimeoutSeconds > 0 && suspendTimeoutSeconds < 60)) {
            throw ArborException.invalid("INVALID_SUSPEND_TIMEOUT",
                    "Suspend timeout must be -1 (never), 0 (default, 300 s) or 60 to 604800 seconds (got "
                            + suspendTimeoutSeconds + ").");
        }
    }

    public static EndpointSpec readWrite() {
        return new EndpointSpec(Endpoint.Type.READ_WRITE, 0.25, 1, 0);
    }

    public static EndpointSpec readOnly() {
        return new EndpointSpec(Endpoint.Type.READ_ONLY, 0.25, 1, 0);
    }
}
