package dev.arbor.remote;

import dev.arbor.domain.ArborException;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a caller stop a request or a wait from another thread. Cancelling wakes any {@link #sleep} at once
 * and aborts the HTTP call in flight. Stopping a wait does not stop the work on the server: a mutation
 * already accepted carries on there.
 */
public final class Cancellation {
    /** A token nobody cancels, for callers that rely on thread interruption alone. */
    public static Cancellation none() {
        return new Cancellation();
    }

    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final CopyOnWriteArrayList<Runnable> hooks = new CopyOnWriteArrayList<>();

    public void cancel() {
        cancelled.countDown();
        hooks.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** A hook registration; closing it never throws. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Runs {@code hook} on cancel (at once if already cancelled); close the handle when it no longer applies. */
    Registration onCancel(Runnable hook) {
        hooks.add(hook);
        if (isCancelled()) {
            hook.run();
        }
        return () -> hooks.remove(hook);
    }

    /** Throws when cancelled or when the thread was interrupted. */
    void check() {
        if (isCancelled()) {
            throw stopped();
        }
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(null);
        }
    }

    /** Waits for {@code d}, ending early (with an exception) on cancel or interrupt. */
    void sleep(Duration d) {
        check();
        try {
            if (cancelled.await(Math.max(0, d.toMillis()), TimeUnit.MILLISECONDS)) {
                throw stopped();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
    }

    static ArborException stopped() {
        return ArborException.unavailable("CANCELLED",
                "Stopped waiting for the Neon API. Work the server had already accepted may still finish; reload to see it.",
                null);
    }

    static ArborException interrupted(Throwable cause) {
        return ArborException.unavailable("INTERRUPTED",
                "Waiting for the Neon API was interrupted. Work the server had already accepted may still finish; reload to see it.",
                cause);
    }
}
