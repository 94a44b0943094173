package dev.arbor.domain;

/** The kinds of failure every backend reports; each maps to one HTTP status in the Neon API. */
public enum ErrorCode {
    NOT_FOUND(404),
    CONFLICT(409),
    RULE_VIOLATED(400),
    LOCKED(423),
    INVALID_INPUT(400),
    UNAUTHORIZED(401),
    UNAVAILABLE(503),
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
