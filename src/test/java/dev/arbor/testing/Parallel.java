package dev.arbor.testing;

/**
 * How the test run shares two cores. Most test classes run one after another on one thread, the console's (TestFX)
 * among them. The classes that spend their time on real Postgres (starting computes, replaying WAL, waiting for
 * fsyncs) are marked {@code @Execution(CONCURRENT)} with {@code @ResourceLock(POSTGRES_HEAVY)}: they run one at a
 * time, and their methods in order, on a second thread beside the others, so the waiting of one stream is the other's
 * working time. None of them reads or sets system properties, the default locale or the data home.
 */
public final class Parallel {
    /** The lock the Postgres-heavy classes share: one of them at a time. */
    public static final String POSTGRES_HEAVY = "arbor.postgres-heavy";

    private Parallel() {
    }
}
