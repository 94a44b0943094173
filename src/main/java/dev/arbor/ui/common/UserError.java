package dev.arbor.ui.common;

import dev.arbor.domain.ArborException;

/**
 * A failure as a person sees it: a sentence that says what happened and what to do, plus the stable
 * code and any details for a details pane.
 *
 * @param sentence what happened and what to do, shown in the window
 * @param code     the backend's stable reason (for example {@code LOCKED}), for the details pane
 * @param details  extra text, such as a server's own message, or null
 */
public record UserError(String sentence, String code, String details) {

    /**
     * Backend failures already carry a sentence written for people. Anything else is a fault in Arbor
     * or its surroundings: {@code whatFailed} says what the person was doing, and the exception's own
     * text goes to the details.
     */
    public static UserError of(Throwable failure, String whatFailed) {
        if (failure instanceof ArborException e) {
            return new UserError(e.getMessage(), e.reason(), e.details());
        }
        String text = failure.getMessage() == null ? failure.getClass().getName()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return new UserError(whatFailed + " Try again; if it keeps failing, the log has the details.",
                "INTERNAL", text);
    }
}
