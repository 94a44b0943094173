package dev.arbor.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The engine's time: the options' clock to the millisecond, the precision the rows store. */
final class EngineClock {
    private final Clock clock;

    EngineClock(Clock clock) {
        this.clock = clock;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
