package dev.arbor.ui.tree;

import java.time.Instant;

/**
 * A point on a branch's lane where its data was replaced.
 *
 * @param kind what replaced it, as far as the backend tells: a reset keeps the branch point at the reset's
 *             time; older entries of the operations log do not say which of the two they were
 */
public record TreeMarker(Instant at, Kind kind) {

    public enum Kind {
        RESET("Reset to the parent's latest data"), RESTORE("Restored"), RESET_OR_RESTORE("Reset or restored");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
