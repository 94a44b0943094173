package dev.arbor.server;

import dev.arbor.api.ErrorBody;
import dev.arbor.api.NeonJson;
import dev.arbor.api.NeonMapper;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.QuietException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP handler: gives every request an id, checks the API key, reads the body up to the limit,
 * routes, and writes the answer or a Neon error body. Every failure becomes a status with
 * {@code {code, message, request_id}}; only a bug becomes a 500. HEAD is answered as GET without the body.
 * At most as many requests as the semaphore has permits are worked on at once; the others wait, already read.
 */
final class ApiHandler extends Handler.Abstract {
    static final String PREFIX = "/api/v2";
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final long DRAIN_LIMIT = 16L << 20;
    /** A request attribute: its body has been read to the end. */
    private static final String BODY_READ = "arbor.bodyRead";
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Router router;
    private final ApiKey key;
    private final int maxBodyBytes;
    private final NeonMapper mapper;
    private final Semaphore working;
    private final RequestDeadlines deadlines;

    ApiHandler(Router router, ApiKey key, int maxBodyBytes, NeonMapper mapper, Semaphore working, RequestDeadlines deadlines) {
        super(InvocationType.BLOCKING);
        this.router = router;
        this.key = key;
        this.maxBodyBytes = maxBodyBytes;
        this.mapper = mapper;
        this.working = working;
        this.deadlines = deadlines;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = requestId(request.getHeaders().get("X-Request-ID"));
        response.getHeaders().put("X-Request-ID", requestId);
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        Connection connection = request.getConnectionMetaData().getConnection();
        Reply reply;
        try {
            reply = dispatch(request, connection, method, path);
        } catch (Router.MethodNotAllowed e) {
            response.getHeaders().put(HttpHeader.ALLOW, e.allow());
            reply = failure(e, requestId);
        } catch (HttpFailure e) {
            reply = failure(e, requestId);
        } catch (ArborException e) {
            reply = new Reply(e.code().httpStatus(), mapper.toErrorBody(e, requestId));
        } catch (RequestTimedOut e) {
            LOG.debug("{} {}: the client was too slow to send its request; connection closed (request {})", method, path,
                    requestId);
            callback.failed(e);
            return true;
        } catch (RuntimeException e) {
            LOG.error("{} {} failed (request {})", method, path, requestId, e);
            reply = failure(500, "INTERNAL", "The server failed to handle this request; its log has the details"
                    + " (request " + requestId + ").", "INTERNAL", requestId);
        }
        LOG.debug("{} {} → {} (request {})", method, path, reply.status(), requestId);
        if (hasBody(request) && request.getAttribute(BODY_READ) == null) {
            // Refused before its body was read (no key, no such route): Jetty cannot reuse a connection with a body
            // still on it, so it would close it after the answer; saying so lets the client send its next request on
            // a new connection instead of finding this one closed under it.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        if (!deadlines.answering(connection)) {
            callback.failed(new RequestTimedOut());
            return true;
        }
        // the next request's deadline starts before Jetty may read that request
        write(response, reply, "HEAD".equals(method), Callback.from(() -> deadlines.answered(connection), callback));
        return true;
    }

    private Reply dispatch(Request request, Connection connection, String method, String rawPath) {
        refuseUnknownTransferCodings(request);
        if (!key.accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            throw new HttpFailure(401, "UNAUTHORIZED",
                    "A valid API key is required: send it as \"Authorization: Bearer <key>\".");
        }
        if (!rawPath.equals(PREFIX) && !rawPath.startsWith(PREFIX + "/")) {
            throw new HttpFailure(404, "NOT_FOUND", "This server answers only under " + PREFIX + ".");
        }
        List<String> segments = segments(rawPath.substring(PREFIX.length()));
        Router.Match match = router.match(method, segments);
        byte[] body = readBody(request, connection);
        if (!deadlines.requestRead(connection)) {
            throw new RequestTimedOut();
        }
        Call call = new Call(match.params(), query(request.getHttpURI().getQuery()), body);
        try {
            working.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpFailure(503, "UNAVAILABLE", "The server is stopping; send the request again once it is back.");
        }
        try {
            return match.handler().handle(call);
        } finally {
            working.release();
        }
    }

    /**
     * Jetty reads a body whose last transfer coding is chunked and leaves any coding before it (gzip, say) to the
     * handler; this server decodes none, so such a body is refused rather than read as if it were plain.
     */
    private static void refuseUnknownTransferCodings(Request request) {
        for (String coding : request.getHeaders().getCSV(HttpHeader.TRANSFER_ENCODING, false)) {
            if (!coding.equalsIgnoreCase("chunked")) {
                throw new HttpFailure(501, "UNSUPPORTED_TRANSFER_ENCODING", "This server takes request bodies as they"
                        + " are or chunked; it does not decode the transfer coding \"" + printable(coding)
                        + "\". Nothing changed.");
            }
        }
    }

    /** A client's token, shortened and stripped of anything unprintable, for a sentence. */
    private static String printable(String token) {
        String s = token.codePoints().filter(c -> c >= 0x20 && c < 0x7f).limit(40)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return s.length() < token.length() ? s + "…" : s;
    }

    /**
     * The read deadline passed before the whole request arrived: the connection is closed, nothing is answered.
     * Quiet: Jetty does not log the request it fails with this.
     */
    private static final class RequestTimedOut extends RuntimeException implements QuietException {
        RequestTimedOut() {
            super("the client was too slow to send its request", null, false, false);
        }
    }

    /**
     * Reads at most the limit; a larger body (declared or sent) is refused. What is refused is still drained,
     * up to a bound, so the client gets to read the 413 instead of seeing its upload cut off. (Jetty has checked
     * the framing already: a Content-Length that is not one number never reaches this handler.)
     */
    private byte[] readBody(Request request, Connection connection) {
        long length = request.getLength();
        InputStream in = Request.asInputStream(request);
        try {
            if (length > maxBodyBytes) {
                drain(in);
                throw tooLarge();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (out.size() + n > maxBodyBytes) {
                    drain(in);
                    throw tooLarge();
                }
                out.write(buf, 0, n);
            }
            request.setAttribute(BODY_READ, Boolean.TRUE);
            return out.toByteArray();
        } catch (IOException | UncheckedIOException e) {
            if (deadlines.expired(connection)) {
                throw new RequestTimedOut();
            }
            throw HttpFailure.badRequest("INVALID_BODY", "The request body could not be read: it ended before its"
                    + " declared length or its chunked encoding is malformed.");
        }
    }

    /** In HTTP/1.1 a request has a body only when it declares a length above zero or a transfer coding. */
    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    private static void drain(InputStream in) throws IOException {
        long left = DRAIN_LIMIT;
        byte[] buf = new byte[8192];
        int n;
        while (left > 0 && (n = in.read(buf)) >= 0) {
            left -= n;
        }
    }

    private HttpFailure tooLarge() {
        return new HttpFailure(413, "REQUEST_TOO_LARGE", "The request body is larger than this server accepts ("
                + maxBodyBytes + " bytes).");
    }

    /** The HTTP layer's refusals carry the kind their status stands for, as the backend's failures do. */
    static Reply failure(HttpFailure e, String requestId) {
        return failure(e.status(), e.code(), e.getMessage(), (e.kind() != null ? e.kind() : kindOf(e.status())).name(), requestId);
    }

    /** What a status stands for; a 4xx (and a 501: the request asks what this server does not do) is the request's fault. */
    private static ErrorCode kindOf(int status) {
        ErrorCode kind = NeonMapper.kindOfStatus(status);
        return kind == ErrorCode.INTERNAL && (status < 500 || status == 501) ? ErrorCode.INVALID_INPUT : kind;
    }

    private static Reply failure(int status, String code, String message, String kind, String requestId) {
        return new Reply(status, new ErrorBody(code, message, requestId, kind == null ? null : new ErrorBody.ArborError(kind)));
    }

    /** Writes the reply as JSON (for HEAD only its headers, with the length the GET's body has). */
    static void write(Response response, Reply reply, boolean head, Callback callback) {
        response.setStatus(reply.status());
        if (reply.body() == null) {
            response.write(true, null, callback);
            return;
        }
        byte[] bytes;
        try {
            bytes = NeonJson.mapper().writeValueAsBytes(reply.body());
        } catch (IOException e) {
            callback.failed(e);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
    }

    /** The client's X-Request-ID when it is a plain token (it is echoed into headers and logs), else a new UUID. */
    static String requestId(String given) {
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
