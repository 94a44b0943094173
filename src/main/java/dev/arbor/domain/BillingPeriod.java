package dev.arbor.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The period usage is counted in: a calendar month in UTC, as Neon bills. Compute hours ("so far in the current
 * billing period", seed 002) start again from zero at the first instant of each month.
 */
public final class BillingPeriod {
    private BillingPeriod() {
    }

    /** The first instant of the month {@code t} falls in, UTC. */
    public static Instant startOf(Instant t) {
        return YearMonth.from(t.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
