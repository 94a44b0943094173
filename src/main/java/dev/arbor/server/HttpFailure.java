package dev.arbor.server;

/**
 * A refusal decided by the HTTP layer itself (no route, wrong method, bad body, missing key), before the
 * backend is asked. Backend failures stay {@link dev.arbor.domain.ArborException}s.
 */
class HttpFailure extends RuntimeException {
    private final int status;
    private final String code;
    private final dev.arbor.domain.ErrorCode kind;

    HttpFailure(int status, String code, String message) {
        this(status, code, message, null);
    }

    /** @param kind the failure's kind when the status alone would name another (null: the status's own) */
    HttpFailure(int status, String code, String message, dev.arbor.domain.ErrorCode kind) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.kind = kind;
    }

    dev.arbor.domain.ErrorCode kind() {
        return kind;
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
