package dev.arbor.ui.actions;

import dev.arbor.domain.BranchPolicy.Action;

/**
 * One item of the Actions menu: enabled when the rules allow it, otherwise with their sentence.
 *
 * @param whyNot null when allowed
 */
public record MenuEntry(Action action, String label, boolean allowed, String whyNot) {
}
