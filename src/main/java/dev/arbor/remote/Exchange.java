package dev.arbor.remote;

import java.util.Set;

/** One logical API call, as errors and logs describe it: never with headers, so never with the key. */
record Exchange(String method, String path, String host, String requestId) {
    /** The methods HTTP defines as safe to send twice (RFC 9110 §9.2.2) that this client uses. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS");

    boolean idempotent() {
        return IDEMPOTENT.contains(method);
    }

    String describe() {
        return method + " " + path;
    }
}
