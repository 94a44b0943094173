package dev.arbor.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.arbor.api.ErrorBody;
import dev.arbor.api.NeonJson;
import dev.arbor.api.NeonMapper;
import dev.arbor.domain.ArborException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP handler: gives every request an id, checks the API key, reads the body up to the limit,
 * routes, and writes the answer or a Neon error body. Every failure becomes a status with
 * {@code {code, message, request_id}}; only a bug becomes a 500. HEAD is answered as GET without the body.
 * At most as many requests as the semaphore has permits are worked on at once; the others wait, already read.
 */
final class ApiHandler implements HttpHandler {
    static final String PREFIX = "/api/v2";
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final long DRAIN_LIMIT = 16L << 20;
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Router router;
    private final ApiKey key;
    private final int maxBodyBytes;
    private final NeonMapper mapper;
    private final Semaphore working;

    ApiHandler(Router router, ApiKey key, int maxBodyBytes, NeonMapper mapper, Semaphore working) {
        this.router = router;
        this.key = key;
        this.maxBodyBytes = maxBodyBytes;
        this.mapper = mapper;
        this.working = working;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = requestId(exchange.getRequestHeaders().getFirst("X-Request-ID"));
        exchange.getResponseHeaders().set("X-Request-ID", requestId);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        try (exchange) {
            Reply reply;
            try {
                reply = dispatch(exchange, method, path);
            } catch (Router.MethodNotAllowed e) {
                exchange.getResponseHeaders().set("Allow", e.allow());
                reply = failure(e, requestId);
            } catch (HttpFailure e) {
                reply = failure(e, requestId);
            } catch (ArborException e) {
                reply = new Reply(e.code().httpStatus(), mapper.toErrorBody(e, requestId));
            } catch (RuntimeException e) {
                LOG.error("{} {} failed (request {})", method, path, requestId, e);
                reply = failure(500, "INTERNAL", "The server failed to handle this request; its log has the details"
                        + " (request " + requestId + ").", "INTERNAL", requestId);
            }
            LOG.debug("{} {} → {} (request {})", method, path, reply.status(), requestId);
            if (!RequestDeadlines.answering()) {
                throw new RequestTimedOut();
            }
            write(exchange, reply, "HEAD".equals(method));
        } catch (RequestTimedOut e) {
            LOG.debug("{} {}: the client was too slow to send its request; connection closed (request {})", method, path,
                    requestId);
        } catch (IOException e) {
            // the client went away mid-answer; nothing more to tell it
            LOG.debug("{} {}: connection closed early (request {})", method, path, requestId);
        }
    }

    private Reply dispatch(HttpExchange exchange, String method, String rawPath) throws IOException {
        if (!key.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            throw new HttpFailure(401, "UNAUTHORIZED",
                    "A valid API key is required: send it as \"Authorization: Bearer <key>\".");
        }
        if (!rawPath.equals(PREFIX) && !rawPath.startsWith(PREFIX + "/")) {
            throw new HttpFailure(404, "NOT_FOUND", "This server answers only under " + PREFIX + ".");
        }
        List<String> segments = segments(rawPath.substring(PREFIX.length()));
        Router.Match match = router.match(method, segments);
        byte[] body = readBody(exchange);
        if (!RequestDeadlines.requestRead()) {
            throw new RequestTimedOut();
        }
        Call call = new Call(match.params(), query(exchange.getRequestURI().getRawQuery()), body);
        try {
            working.acquire();
        } catch (InterruptedException e) {
            throw new HttpFailure(503, "UNAVAILABLE", "The server is stopping; send the request again once it is back.");
        }
        try {
            return match.handler().handle(call);
        } finally {
            working.release();
        }
    }

    /** The read deadline passed before the whole request arrived: the connection is closed, nothing is answered. */
    private static final class RequestTimedOut extends IOException {
        RequestTimedOut() {
            super("the client was too slow to send its request", null);
        }
    }

    /**
     * Reads at most the limit; a larger body (declared or sent) is refused. What is refused is still drained,
     * up to a bound, so the client gets to read the 413 instead of seeing its upload cut off.
     */
    private byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                throw HttpFailure.badRequest("INVALID_CONTENT_LENGTH", "Content-Length is not a number.");
            }
        }
        InputStream in = exchange.getRequestBody();
        try {
            if (length > maxBodyBytes) {
                drain(in);
                throw tooLarge();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > maxBodyBytes) {
                    drain(in);
                    throw tooLarge();
                }
                out.write(buf, 0, n);
            }
            in.close();
            return out.toByteArray();
        } catch (ClosedByInterruptException e) {
            // the read deadline passed
            throw e;
        } catch (IOException e) {
            // The stream stays open: closing it would wait to drain a body that is not coming. The server drains
            // it (within the deadline) after the answer has gone out.
            throw HttpFailure.badRequest("INVALID_BODY", "The request body could not be read: it ended before its"
                    + " declared length or its chunked encoding is malformed.");
        }
    }

    private static void drain(InputStream in) throws IOException {
        long left = DRAIN_LIMIT;
        byte[] buf = new byte[8192];
        int n;
        while (left > 0 && (n = in.read(buf)) > 0) {
            left -= n;
        }
    }

    private HttpFailure tooLarge() {
        return new HttpFailure(413, "REQUEST_TOO_LARGE", "The request body is larger than this server accepts ("
                + maxBodyBytes + " bytes).");
    }

    /** The HTTP layer's refusals carry the kind their status stands for, as the backend's failures do. */
    private static Reply failure(HttpFailure e, String requestId) {
        return failure(e.status(), e.code(), e.getMessage(), NeonMapper.kindOfStatus(e.status()).name(), requestId);
    }

    private static Reply failure(int status, String code, String message, String kind, String requestId) {
        return new Reply(status, new ErrorBody(code, message, requestId, kind == null ? null : new ErrorBody.ArborError(kind)));
    }

    private static void write(HttpExchange exchange, Reply reply, boolean head) throws IOException {
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        byte[] bytes = NeonJson.mapper().writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (head) {
            // the JDK sends no body for HEAD and wants the length the GET would have set by hand
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The client's X-Request-ID when it is a plain token (it is echoed into headers and logs), else a new UUID. */
    private static String requestId(String given) {
        return given != null && SAFE_REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    /** Splits a raw path on '/' and decodes each segment, so an encoded '/' stays inside its segment. */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return out;
        }
        for (String s : p.split("/", -1)) {
            out.add(decode(s.replace("+", "%2B")));
        }
        return out;
    }

    /**
     * Query parameters, first value wins. A literal '+' is kept as '+' rather than read as a space, because
     * timestamps with offsets ({@code 10:00:00+02:00}) are sent unencoded by hand-written requests.
     */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1).replace("+", "%2B"));
            out.putIfAbsent(name, value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpFailure.badRequest("INVALID_URL", "The URL has a malformed percent-encoding: \"" + s + "\".");
        }
    }
}
