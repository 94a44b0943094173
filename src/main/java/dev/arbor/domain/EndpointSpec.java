package dev.arbor.domain;

/** What to create: an endpoint's type, size and suspend timeout (0 = default, -1 = never). */
public record EndpointSpec(Endpoint.Type type, double minCu, double maxCu, long suspendTimeoutSeconds) {
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
