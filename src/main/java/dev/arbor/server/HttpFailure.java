package dev.arbor.server;

/**
 * A refusal decided by the HTTP layer itself (no route, wrong method, bad body, missing key), before the
 * backend is asked. Backend failures stay {@link dev.arbor.domain.ArborException}s.
 */
class HttpFailure extends RuntimeException {
    private final int status;
    private final String code;

    HttpFailure(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static HttpFailure badRequest(String code, String message) {
        return new HttpFailure(400, code, message);
    }
}
