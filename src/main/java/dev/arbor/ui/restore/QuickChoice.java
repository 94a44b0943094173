package dev.arbor.ui.restore;

import java.time.Instant;

/**
 * A point offered with one click ("5 minutes ago", "the branch's creation"), or refused with a sentence
 * when it lies outside the history window or does not exist for the branch.
 *
 * @param at     the time chosen, or null when there is none
 * @param whyNot null when the choice can be made
 */
public record QuickChoice(String id, String label, Instant at, String whyNot) {
    public boolean allowed() {
        return whyNot == null;
    }
}
