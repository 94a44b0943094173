package dev.arbor.api;

/**
 * Neon's error body (reference §6): {@code code} is an upper-snake reason such as {@code BRANCH_NAME_TAKEN}
 * (Neon itself often sends ""), {@code message} a sentence, {@code request_id} the request's id. {@code arbor}
 * carries the kind of failure, which a 400 alone does not tell (invalid input or a broken rule).
 */
public record ErrorBody(String code, String message, String requestId, ArborError arbor) {

    /** The failure kind, an {@link dev.arbor.domain.ErrorCode} name such as {@code RULE_VIOLATED}. */
    public record ArborError(String kind) {
    }
}
