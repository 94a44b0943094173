package dev.arbor.testing;

/**
 * How the test run shares two cores. Most test classes run one after another on one thread, the console's (TestFX)
 * among them. The classes that spend their time on real Postgres (starting computes, replaying WAL, waiting for
 * servers to come up and go down) mostly wait rather than compute — the machine stays two-thirds idle while one of
 * them runs — so they run in three lanes beside that thread: each is marked {@code @Execution(CONCURRENT)} with
 * {@code @ResourceLock} of one lane, and a lane runs its classes one at a time, their methods in order. The lanes are
 * balanced by the classes' measured times. None of these classes reads or sets system properties, the default locale
 * or the data home, and none is a window test: a class in the console's stream never takes a lane's lock, or that
 * stream would stop behind the lane's queue.
 */
public final class Parallel {
    /** The first lane of Postgres-heavy classes. */
    public static final String POSTGRES_1 = "arbor.postgres-1";
    /** The second lane. */
    public static final String POSTGRES_2 = "arbor.postgres-2";
    /** The third lane. */
    public static final String POSTGRES_3 = "arbor.postgres-3";

    private Parallel() {
    }
}
