package dev.arbor.remote;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long a request is tried again after a refusal the server calls transient (423, 429, 503)
 * or, for reads only, after a network failure. Both bounds apply: at most {@code maxAttempts} sends, and no
 * wait that would end after {@code maxElapsed} from the first send.
 *
 * @param initialBackoff first delay; each later one doubles, up to {@code maxBackoff}
 * @param maxRetryAfter  the longest {@code Retry-After} the client waits out; a longer one is reported instead
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxElapsed,
                          Duration maxRetryAfter) {

    /**
     * Follows Neon's own sample (500 ms doubling, 5 attempts) with a cap, so a client that keeps meeting a
     * locked project gives up within about half a minute rather than neonctl's 60 s.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8),
            Duration.ofSeconds(30), Duration.ofSeconds(20));

    /** Never retry: every failure is reported at once. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /**
     * The delay before retry number {@code retry} (1 for the first retry): exponential with "equal jitter",
     * half fixed and half random, so that many clients refused together do not come back together.
     */
    Duration backoff(int retry) {
        long base = initialBackoff.toMillis();
        long cap = Math.max(base, maxBackoff.toMillis());
        long exp = Math.min(cap, base << Math.min(retry - 1, 20));
        long half = exp / 2;
        long jitter = half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1);
        return Duration.ofMillis(half + jitter);
    }
}
