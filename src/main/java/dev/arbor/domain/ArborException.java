package dev.arbor.domain;

import java.util.Objects;

/**
 * A failure a person can act on: a stable {@link ErrorCode}, a specific upper-snake {@code reason}
 * (for example {@code BRANCH_NAME_TAKEN}) and a sentence that says what happened and what to do.
 */
public class ArborException extends RuntimeException {
    private final ErrorCode code;
    private final String reason;
    private final String details;

    public ArborException(ErrorCode code, String reason, String message) {
        this(code, reason, message, null, null);
    }

    public ArborException(ErrorCode code, String reason, String message, String details, Throwable cause) {
        super(Objects.requireNonNull(message), cause);
        this.code = Objects.requireNonNull(code);
        this.reason = reason == null || reason.isBlank() ? code.name() : reason;
        this.details = details;
    }

    public ErrorCode code() {
        return code;
    }

    /** A stable upper-snake identifier of this particular failure, used as the API's {@code code}. */
    public String reason() {
        return reason;
    }

    /** Extra text for a details pane (for example the server's own message), or null. */
    public String details() {
        return details;
    }

    public static ArborException notFound(String what, String idOrName) {
        return new ArborException(ErrorCode.NOT_FOUND, what.toUpperCase(java.util.Locale.ROOT).replace(' ', '_') + "_NOT_FOUND",
                "No " + what + " named or with id \"" + idOrName + "\" exists in this project.");
    }

    public static ArborException invalid(String reason, String message) {
        return new ArborException(ErrorCode.INVALID_INPUT, reason, message);
    }

    public static ArborException rule(String reason, String message) {
        return new ArborException(ErrorCode.RULE_VIOLATED, reason, message);
    }

    public static ArborException conflict(String reason, String message) {
        return new ArborException(ErrorCode.CONFLICT, reason, message);
    }

    public static ArborException locked(String message) {
        return new ArborException(ErrorCode.LOCKED, "LOCKED", message);
    }

    public static ArborException unavailable(String reason, String message, Throwable cause) {
        return new ArborException(ErrorCode.UNAVAILABLE, reason, message, null, cause);
    }
}
