package dev.arbor.ui.common;

import java.time.Duration;
import java.time.Instant;

/** "Automatically delete after": the choices the create dialog and Set expiration offer. */
public enum ExpirationChoice {
    NEVER("Never", null),
    ONE_HOUR("1 hour", Duration.ofHours(1)),
    ONE_DAY("1 day", Duration.ofDays(1)),
    SEVEN_DAYS("7 days", Duration.ofDays(7)),
    CUSTOM("A date and time…", null);

    private final String label;
    private final Duration after;

    ExpirationChoice(String label, Duration after) {
        this.label = label;
        this.after = after;
    }

    /** The expiration time for a choice with a fixed span, from {@code now}; null for Never and Custom. */
    public Instant from(Instant now) {
        return after == null ? null : now.plus(after);
    }

    @Override
    public String toString() {
        return label;
    }
}
