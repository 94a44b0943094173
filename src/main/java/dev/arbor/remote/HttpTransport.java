package dev.arbor.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one API call, retrying what the contract (reference §6) says is safe to retry, and hands back the
 * body of a 2xx or throws an {@link ArborException}.
 *
 * <ul>
 *   <li>423 and 503 are retried for every method: the server refused before doing anything.</li>
 *   <li>429 likewise, after the {@code Retry-After} the server asked for (else the usual backoff).</li>
 *   <li>A failure to connect is retried for every method: nothing was sent.</li>
 *   <li>Any other network failure or timeout is retried for GET only. A POST, PATCH or DELETE that may have
 *       reached the server is never sent again: the caller is told the outcome is unknown.</li>
 *   <li>An interrupt of the calling thread (how the console cancels work) aborts the call in flight and is
 *       never retried; a mutation already sent may still be carried out by the server.</li>
 * </ul>
 */
final class HttpTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final String USER_AGENT = "arbor/0.1 (+okhttp)";

    private final HttpUrl baseUrl;
    private final ApiKey apiKey;
    private final RetryPolicy retry;
    private final ObjectMapper json;
    private final OkHttpClient reads;
    private final OkHttpClient writes;

    HttpTransport(HttpUrl baseUrl, ApiKey apiKey, ClientOptions options, ObjectMapper json) {
        this.baseUrl = baseUrl;
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.retry = options.retry();
        this.json = json;
        // Every call runs on a dispatcher thread while the caller waits interruptibly (see execute), so the
        // dispatcher must not queue calls the caller would otherwise have run at once.
        Dispatcher dispatcher = new Dispatcher(
                Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("neon-http-", 0).factory()));
        dispatcher.setMaxRequests(256);
        dispatcher.setMaxRequestsPerHost(256);
        this.reads = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectTimeout(options.connectTimeout())
                .readTimeout(options.readTimeout())
                .writeTimeout(options.readTimeout())
                .callTimeout(options.callTimeout())
                .followRedirects(false) // a redirect could carry the Authorization header to another host
                .addInterceptor(new RequestLog())
                .build();
        // Mutations never reuse a pooled connection and OkHttp never silently re-sends them: a keep-alive
        // connection the server has just closed is the usual cause of "was my POST applied?" failures.
        this.writes = reads.newBuilder()
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .retryOnConnectionFailure(false)
                .build();
    }

    HttpUrl baseUrl() {
        return baseUrl;
    }

    /** A 2xx reply: its status, content type and whole body. */
    record Reply(int status, String contentType, byte[] body, Exchange exchange) {
    }

    /**
     * Sends {@code method path?query} with an optional JSON body, retrying as described above.
     *
     * @param path  relative to the base URL, segments already encoded (see {@link NeonApiClient#segment})
     */
    Reply send(String method, String path, Map<String, String> query, byte[] jsonBody, Cancellation cancel) {
        HttpUrl url = url(path, query);
        Exchange x = new Exchange(method, "/" + path + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery()),
                url.host(), UUID.randomUUID().toString());
        OkHttpClient client = x.idempotent() ? reads : writes;
        long deadline = System.nanoTime() + retry.maxElapsed().toNanos();
        for (int attempt = 1; ; attempt++) {
            cancel.check();
            Call call = client.newCall(request(method, url, jsonBody, x));
            Duration wait;
            ArborException failure;
            Cancellation.Registration abortOnCancel = cancel.onCancel(call::cancel);
            try {
                Answer answer = execute(call);
                int status = answer.status();
                if (status >= 200 && status < 300) {
                    return new Reply(status, answer.contentType(), answer.body(), x);
                }
                failure = ApiErrors.fromResponse(x, status, answer.contentType(), answer.body(), json);
                wait = retryableStatus(status) ? statusWait(answer.retryAfter(), attempt) : null;
            } catch (IOException e) {
                if (cancel.isCancelled()) {
                    throw Cancellation.stopped();
                }
                failure = ApiErrors.transport(x, e);
                wait = x.idempotent() || notSent(e) ? retry.backoff(attempt) : null;
            } finally {
                abortOnCancel.close();
            }
            if (wait == null || attempt >= retry.maxAttempts()
                    || System.nanoTime() + wait.toNanos() > deadline) {
                throw attempt > 1 ? afterRetries(failure, attempt) : failure;
            }
            LOG.debug("{} failed ({}), attempt {} of {}; retrying in {} ms", x.describe(), failure.reason(), attempt,
                    retry.maxAttempts(), wait.toMillis());
            cancel.sleep(wait);
        }
    }

    private HttpUrl url(String path, Map<String, String> query) {
        HttpUrl.Builder b = baseUrl.newBuilder().addEncodedPathSegments(path);
        query.forEach((k, v) -> {
            if (v != null) {
                b.addQueryParameter(k, v);
            }
        });
        return b.build();
    }

    private Request request(String method, HttpUrl url, byte[] jsonBody, Exchange x) {
        RequestBody body = jsonBody == null ? (method.equals("POST") ? RequestBody.create(new byte[0], JSON) : null)
                : RequestBody.create(jsonBody, JSON);
        return new Request.Builder().url(url).method(method, body)
                .header("Authorization", "Bearer " + apiKey.reveal())
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("X-Request-ID", x.requestId())
                .build();
    }

    /** What came back for one attempt, read whole on OkHttp's thread. */
    private record Answer(int status, String contentType, String retryAfter, byte[] body) {
    }

    /**
     * Runs {@code call} and waits for its answer in a way an interrupt ends: the console cancels work by
     * interrupting its thread, and a blocking socket read on a platform thread would not notice. The call is
     * then cancelled, and the caller told that the outcome of anything already sent is unknown to it.
     */
    private static Answer execute(Call call) throws IOException {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                answer.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    answer.complete(new Answer(response.code(), response.header("Content-Type"),
                            response.header("Retry-After"), bodyOf(response)));
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            }
        });
        try {
            return answer.get();
        } catch (InterruptedException e) {
            call.cancel();
            Thread.currentThread().interrupt();
            throw Cancellation.interrupted(e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    private static byte[] bodyOf(Response response) throws IOException {
        ResponseBody body = response.body();
        return body == null ? new byte[0] : body.bytes();
    }

    private static boolean retryableStatus(int status) {
        return status == 423 || status == 429 || status == 503;
    }

    private Duration statusWait(String retryAfter, int attempt) {
        var asked = RetryAfter.parse(retryAfter, Instant.now());
        if (asked.isPresent()) {
            // A server that names its wait gets exactly that, unless it is longer than a person should sit through.
            return asked.get().compareTo(retry.maxRetryAfter()) > 0 ? null : asked.get();
        }
        return retry.backoff(attempt);
    }

    /** Failures that happen before a single byte of the request leaves this machine. */
    private static boolean notSent(IOException e) {
        return e instanceof ConnectException || e instanceof UnknownHostException;
    }

    private static ArborException afterRetries(ArborException last, int attempts) {
        String note = last.code() == ErrorCode.LOCKED || last.code() == ErrorCode.UNAVAILABLE
                ? " (gave up after " + attempts + " attempts)" : "";
        return new ArborException(last.code(), last.reason(), last.getMessage(),
                last.details() == null ? note.strip() : last.details() + note, last.getCause());
    }

    /** True for a base URL on this machine, where plain HTTP exposes the key to nobody else. */
    static boolean isLoopback(HttpUrl url) {
        String host = url.host();
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return (host.matches("[0-9.]+") || host.contains(":")) && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void close() {
        reads.dispatcher().executorService().shutdown();
        reads.connectionPool().evictAll();
        writes.connectionPool().evictAll();
    }
}
