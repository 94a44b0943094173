package dev.arbor.remote;

import java.time.Duration;

/**
 * Timeouts, retries and operation polling for {@link NeonApiClient}. The defaults suit the real Neon API;
 * tests shrink them.
 *
 * @param connectTimeout   to open a connection
 * @param readTimeout      between two reads of the response (a stalled server)
 * @param callTimeout      for one whole HTTP exchange, however it is spent
 * @param retry            what transient refusals and failed reads are retried
 * @param pollInitial      first pause while waiting for an operation; it grows to {@code pollMax}
 * @param pollMax          longest pause between two polls of an operation (the contract asks for 2–5 s)
 * @param operationTimeout how long a mutation waits for its operations before giving up waiting
 */
public record ClientOptions(Duration connectTimeout, Duration readTimeout, Duration callTimeout, RetryPolicy retry,
                            Duration pollInitial, Duration pollMax, Duration operationTimeout) {

    public static final ClientOptions DEFAULT = new ClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), RetryPolicy.DEFAULT, Duration.ofMillis(250), Duration.ofSeconds(3),
            Duration.ofMinutes(10));

    public ClientOptions withTimeouts(Duration connect, Duration read, Duration call) {
        return new ClientOptions(connect, read, call, retry, pollInitial, pollMax, operationTimeout);
    }

    public ClientOptions withRetry(RetryPolicy policy) {
        return new ClientOptions(connectTimeout, readTimeout, callTimeout, policy, pollInitial, pollMax, operationTimeout);
    }

    public ClientOptions withPolling(Duration initial, Duration max, Duration timeout) {
        return new ClientOptions(connectTimeout, readTimeout, callTimeout, retry, initial, max, timeout);
    }
}
