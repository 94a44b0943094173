package dev.arbor.remote;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.util.Map;
import java.util.Objects;

/**
 * A Neon API key. The secret is reachable only inside this package, and {@link #toString()} never
 * shows it, so a key that ends up in a log line, an exception or a record's {@code toString()} stays
 * hidden.
 */
public final class ApiKey {
    /** The environment variable neonctl reads, so one exported key serves both tools. */
    public static final String ENVIRONMENT_VARIABLE = "NEON_API_KEY";

    private final String secret;

    private ApiKey(String secret) {
        this.secret = secret;
    }

    public static ApiKey of(String secret) {
        if (secret == null || secret.isBlank()) {
            throw ArborException.invalid("API_KEY_REQUIRED", "Enter a Neon API key; it cannot be empty.");
        }
        String s = secret.strip();
        // A header value with a line break would let a pasted key inject headers; refuse it.
        if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ArborException.invalid("INVALID_API_KEY", "The API key contains control characters; paste it again.");
        }
        return new ApiKey(s);
    }

    /** The key in {@code NEON_API_KEY}, refused with a sentence when it is not set. */
    public static ApiKey fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static ApiKey fromEnvironment(Map<String, String> env) {
        String value = env.get(ENVIRONMENT_VARIABLE);
        if (value == null || value.isBlank()) {
            throw new ArborException(ErrorCode.UNAUTHORIZED, "API_KEY_MISSING",
                    "No Neon API key was given and " + ENVIRONMENT_VARIABLE + " is not set. Create a key in the Neon Console"
                            + " (Account settings → API keys) and enter it, or export " + ENVIRONMENT_VARIABLE + ".");
        }
        return of(value);
    }

    /** The secret itself: only for the Authorization header and the profile file. */
    String reveal() {
        return secret;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey k && k.secret.equals(secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(secret);
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }
}
