package dev.arbor.server;

import java.util.Locale;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error page, as a Neon error body: what Jetty refuses itself — a request its parser cannot read (a
 * malformed request line or URI, a bad header, a Content-Length that is not one number, a Transfer-Encoding it does
 * not support), a request arriving while the server stops — gets {@code {code, message, request_id}} as
 * {@code application/json}, like every refusal of {@link ApiHandler}. The sentence is this server's own; Jetty's
 * reason is kept only as a short, printable hint, never the request's text.
 */
final class NeonErrorHandler implements Request.Handler {
    private static final int MAX_HINT = 100;

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String reason = request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String s ? s : null;
        Throwable cause = request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
        if (cause instanceof HttpException e) {
            status = e.getCode();
            reason = reason == null ? e.getReason() : reason;
        }
        if (status < 400) {
            status = 500;
        }
        String requestId = ApiHandler.requestId(request.getHeaders().get("X-Request-ID"));
        response.getHeaders().put("X-Request-ID", requestId);
        Reply reply = ApiHandler.failure(describe(status, reason, badPercentEncoding(cause)), requestId);
        ApiHandler.write(response, reply, "HEAD".equals(request.getMethod()), callback);
        return true;
    }

    /** Jetty refuses a '%' without two hex digits after it while parsing the URI; the cause says so. */
    private static boolean badPercentEncoding(Throwable failure) {
        for (Throwable t = failure == null ? null : failure.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                String m = t.getMessage() == null ? "" : t.getMessage();
                if (m.contains("% encoding") || m.startsWith("!hex")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** This server's code and sentence for a status Jetty chose, with Jetty's reason as a hint where it helps. */
    static HttpFailure describe(int status, String reason, boolean badPercentEncoding) {
        String hint = hint(status, reason);
        String lower = hint == null ? "" : hint.toLowerCase(Locale.ROOT);
        String because = hint == null ? "" : " (" + hint + ")";
        return switch (status) {
            case 400 -> {
                if (badPercentEncoding) {
                    yield HttpFailure.badRequest("INVALID_URL", "The URL has a malformed percent-encoding: each '%'"
                            + " must be followed by two hex digits. Nothing changed.");
                }
                if (lower.contains("content-length")) {
                    yield HttpFailure.badRequest("INVALID_CONTENT_LENGTH", "Content-Length must be one whole number of"
                            + " bytes, sent once" + because + "; the request was not read and nothing changed.");
                }
                if (lower.contains("transfer-encoding")) {
                    yield HttpFailure.badRequest("INVALID_TRANSFER_ENCODING", "A request body is sent as it is or"
                            + " chunked, with chunked last" + because + "; the request was not read and nothing"
                            + " changed.");
                }
                yield HttpFailure.badRequest("MALFORMED_REQUEST", "The request is not well-formed HTTP/1.1" + because
                        + "; it was not read and nothing changed.");
            }
            case 408 -> new HttpFailure(408, "REQUEST_TIMEOUT", "The request did not arrive in time; nothing changed.");
            case 413 -> new HttpFailure(413, "REQUEST_TOO_LARGE", "The request is larger than this server accepts"
                    + because + "; nothing changed.");
            case 414 -> new HttpFailure(414, "URL_TOO_LONG", "The URL is longer than this server reads; nothing changed.");
            case 431 -> new HttpFailure(431, "HEADERS_TOO_LARGE", "The request's headers are larger than this server"
                    + " reads; nothing changed.");
            case 426, 505 -> new HttpFailure(status, "HTTP_VERSION_NOT_SUPPORTED", "This server speaks HTTP/1.0 and"
                    + " HTTP/1.1 only; nothing changed.");
            case 503 -> new HttpFailure(503, "UNAVAILABLE", "The server is stopping; send the request again once it is"
                    + " back.");
            default -> status >= 500
                    ? new HttpFailure(status, "INTERNAL", "The server failed to handle this request; its log has the"
                    + " details.")
                    : new HttpFailure(status, "HTTP_" + status, "The request was refused (" + HttpStatus.getMessage(status)
                    + "); nothing changed.");
        };
    }

    /** Jetty's reason when it is a short printable phrase that says more than the status, else nothing. */
    private static String hint(int status, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > MAX_HINT || reason.equals(HttpStatus.getMessage(status))) {
            return null;
        }
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return null;
            }
        }
        return reason.strip();
    }
}
