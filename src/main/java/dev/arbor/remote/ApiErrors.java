package dev.arbor.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.api.ErrorBody;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns what went wrong on the wire into an {@link ArborException} a person can read: the server's own
 * message when it sent one, else a sentence naming the status; the status, the server's {@code code} and
 * its {@code request_id} in the details. Nothing here ever sees the API key: it is only in a request header.
 */
final class ApiErrors {
    /** Input-format complaints; any other named code on a 400 is one of the branch rules (reference §7). */
    private static final Pattern INPUT_CODE = Pattern.compile("^(INVALID_|POINT_|EXPIRATION_|MALFORMED_).*");

    private ApiErrors() {
    }

    /** The error a non-2xx response stands for. */
    static ArborException fromResponse(Exchange x, int status, String contentType, byte[] body, ObjectMapper json) {
        ServerError server = ServerError.read(body, json);
        if (server == null) {
            return withoutJson(x, status, contentType, body);
        }
        ErrorCode code = server.kind != null ? server.kind : codeFor(status, server.code);
        String reason = server.code.isEmpty() ? defaultReason(status, code) : server.code;
        String message = server.message.isEmpty() ? statusSentence(x, status) : sentence(server.message);
        String requestId = server.requestId.isEmpty() ? x.requestId() : server.requestId;
        return new ArborException(code, reason, message, details(x, status, server.code, requestId), null);
    }

    /** A failure before any status was read: the connection, a timeout, or a body cut off. */
    static ArborException transport(Exchange x, IOException e) {
        boolean timeout = e instanceof SocketTimeoutException || e instanceof InterruptedIOException;
        boolean notConnected = e instanceof ConnectException || e instanceof UnknownHostException;
        String what = timeout ? "did not answer " + x.describe() + " in time"
                : notConnected ? "could not be reached (" + e.getClass().getSimpleName() + ")"
                : "dropped the connection during " + x.describe();
        String reason = timeout ? "TIMEOUT" : notConnected ? "CONNECTION_FAILED" : "CONNECTION_LOST";
        String advice = notConnected ? " Check the network and the base URL, then try again."
                : x.idempotent() ? " Try again in a moment."
                : " The change may or may not have been made: reload to check before trying again.";
        if (!x.idempotent() && !notConnected) {
            reason = "OUTCOME_UNKNOWN";
        }
        return new ArborException(ErrorCode.UNAVAILABLE, reason, "The Neon API at " + x.host() + " " + what + "." + advice,
                "request_id " + x.requestId() + " · " + x.describe() + " · " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }

    /** A 2xx whose body is not the JSON it should be: truncated, malformed or an HTML page. */
    static ArborException malformed(Exchange x, int status, String contentType, byte[] body, Exception cause) {
        String shape = looksLikeHtml(contentType, body) ? "a web page instead of JSON" : "a reply that is not valid JSON";
        String advice = x.idempotent() ? " Check the base URL (it should end in /api/v2) and try again."
                : " The change was probably made: reload to check before trying again.";
        return new ArborException(ErrorCode.INTERNAL, "MALFORMED_RESPONSE",
                "The server at " + x.host() + " answered " + x.describe() + " with " + shape + "." + advice,
                details(x, status, "", x.requestId()) + " · " + excerpt(body)
                        + (cause == null || cause.getMessage() == null ? "" : " · " + firstLine(cause.getMessage())),
                cause);
    }

    /**
     * A 2xx that should carry a secret (a password, a connection URI) but is not the JSON it should be. Unlike
     * {@link #malformed}, nothing of the body is kept: it may hold the password, and errors reach the status line,
     * the details pane and logs.
     */
    static ArborException malformedSecret(Exchange x, int status, String contentType, byte[] body) {
        String shape = looksLikeHtml(contentType, body) ? "a web page instead of JSON" : "a reply it could not read";
        return new ArborException(ErrorCode.INTERNAL, "MALFORMED_RESPONSE",
                "The server at " + x.host() + " answered " + x.describe() + " with " + shape
                        + ". Check the base URL (it should end in /api/v2) and try again.",
                details(x, status, "", x.requestId()) + " · body withheld: it may hold a password", null);
    }

    /** Whether {@code e} is this client's report of an answer with {@code status} (its details start "HTTP 412"). */
    static boolean hasStatus(ArborException e, int status) {
        return e.details() != null && e.details().startsWith("HTTP " + status + " ");
    }

    static ErrorCode codeFor(int status, String apiCode) {
        return switch (status) {
            case 401, 403 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 423 -> ErrorCode.LOCKED;
            case 422 -> ErrorCode.RULE_VIOLATED;
            case 400 -> apiCode.isEmpty() || INPUT_CODE.matcher(apiCode).matches()
                    ? ErrorCode.INVALID_INPUT : ErrorCode.RULE_VIOLATED;
            case 429, 502, 503, 504 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_INPUT;
        };
    }

    private static ArborException withoutJson(Exchange x, int status, String contentType, byte[] body) {
        ErrorCode code = codeFor(status, "");
        String message = statusSentence(x, status);
        if (looksLikeHtml(contentType, body)) {
            message += " It sent a web page instead of the API's JSON: the service may be down or behind a proxy,"
                    + " or the base URL may be wrong.";
        }
        return new ArborException(code, defaultReason(status, code), message,
                details(x, status, "", x.requestId()) + " · " + excerpt(body), null);
    }

    private static String statusSentence(Exchange x, int status) {
        return switch (status) {
            case 401 -> "The Neon API refused the API key (HTTP 401). Check that the key is correct and not revoked.";
            case 403 -> "The API key is not allowed to do this (HTTP 403). Use a key with access to this project.";
            case 404 -> "The Neon API found nothing at " + x.describe() + " (HTTP 404). It may have been deleted.";
            case 409 -> "The Neon API refused " + x.describe() + " because it conflicts with the project's current state (HTTP 409).";
            case 423 -> "The project is busy with another operation (HTTP 423). Try again in a moment.";
            case 429 -> "Too many requests to the Neon API (HTTP 429). Wait a little and try again.";
            case 503 -> "The Neon API is unavailable (HTTP 503). Try again in a moment.";
            default -> status >= 500
                    ? "The Neon API failed on " + x.describe() + " (HTTP " + status + "). Try again later."
                    : "The Neon API refused " + x.describe() + " (HTTP " + status + ").";
        };
    }

    private static String defaultReason(int status, ErrorCode code) {
        return switch (status) {
            case 401 -> "API_KEY_REJECTED";
            case 403 -> "FORBIDDEN";
            case 429 -> "RATE_LIMITED";
            default -> code.name();
        };
    }

    private static String details(Exchange x, int status, String apiCode, String requestId) {
        return "HTTP " + status + (apiCode.isEmpty() ? "" : " · code " + apiCode) + " · request_id " + requestId
                + " · " + x.describe();
    }

    /** Neon's messages are lower-case fragments ("branch not found"); the UI shows sentences. */
    static String sentence(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return t;
        }
        t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
        char last = t.charAt(t.length() - 1);
        return last == '.' || last == '!' || last == '?' ? t : t + ".";
    }

    static boolean looksLikeHtml(String contentType, byte[] body) {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("html")) {
            return true;
        }
        String head = new String(body, 0, Math.min(body.length, 64), StandardCharsets.UTF_8).stripLeading()
                .toLowerCase(Locale.ROOT);
        return head.startsWith("<!doctype html") || head.startsWith("<html");
    }

    private static String excerpt(byte[] body) {
        if (body.length == 0) {
            return "empty body";
        }
        String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return "body: " + s + (body.length > 200 ? "…" : "");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Neon's error body, read leniently: a body that is not one (an HTML page, a proxy's text) gives null. */
    private record ServerError(String code, String message, String requestId, ErrorCode kind) {
        static ServerError read(byte[] body, ObjectMapper json) {
            if (body.length == 0) {
                return null;
            }
            ErrorBody e;
            try {
                JsonNode tree = json.readTree(body);
                if (tree == null || !tree.isObject()) {
                    return null;
                }
                e = json.treeToValue(tree, ErrorBody.class);
            } catch (IOException notAnErrorBody) {
                return null;
            }
            if (e.code() == null && e.message() == null) {
                return null;
            }
            return new ServerError(nonNull(e.code()), nonNull(e.message()), nonNull(e.requestId()), kind(e));
        }

        /** Arbor's server names the kind of failure, which a 400 alone does not tell. */
        private static ErrorCode kind(ErrorBody e) {
            if (e.arbor() == null || e.arbor().kind() == null) {
                return null;
            }
            try {
                return ErrorCode.valueOf(e.arbor().kind());
            } catch (IllegalArgumentException unknown) {
                return null;
            }
        }

        private static String nonNull(String s) {
            return s == null ? "" : s;
        }
    }
}
