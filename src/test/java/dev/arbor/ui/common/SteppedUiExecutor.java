package dev.arbor.ui.common;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link UiExecutor} that a test drives step by step, to put background work, backend changes and
 * hand-overs to the UI thread in an order the real threads can produce but rarely do.
 */
public final class SteppedUiExecutor implements UiExecutor {
    private final Queue<Supplier<Runnable>> work = new ArrayDeque<>();
    private final Queue<Runnable> uiThread = new ArrayDeque<>();
    private int cancelled;

    @Override
    public <T> Task submit(Callable<? extends T> task, Consumer<? super T> onSuccess,
                           Consumer<? super Throwable> onFailure) {
        boolean[] running = {false};
        CancellableTask handle = new CancellableTask(() -> {
            cancelled++;
            if (running[0]) {
                Thread.currentThread().interrupt(); // the work runs on this very thread, as the test drives it
            }
        });
        work.add(() -> {
            if (handle.isCancelled()) {
                return () -> { }; // interrupted before it began: the work never runs
            }
            running[0] = true;
            try {
                T result = task.call();
                return () -> handle.deliver(() -> onSuccess.accept(result));
            } catch (Throwable failure) {
                return () -> handle.deliver(() -> onFailure.accept(failure));
            } finally {
                running[0] = false;
                Thread.interrupted(); // the worker thread ends here; the test's thread goes on
            }
        });
        return handle;
    }

    /** How many tasks were cancelled before their outcome arrived (each would have had its thread interrupted). */
    public int cancelledCount() {
        return cancelled;
    }

    /** How many pieces of background work wait to run. */
    public int waitingWork() {
        return work.size();
    }

    @Override
    public void onUiThread(Runnable action) {
        uiThread.add(action);
    }

    /** Runs the oldest piece of background work; its result waits for {@link #runUiThread()}. */
    public void runNextWork() {
        uiThread.add(runNextWorkHoldingResult());
    }

    /**
     * Runs the oldest piece of background work and returns its hand-over instead of queueing it, as
     * when a worker thread is held up between finishing and reaching the UI thread.
     */
    public Runnable runNextWorkHoldingResult() {
        Supplier<Runnable> next = work.poll();
        if (next == null) {
            throw new IllegalStateException("No background work is waiting.");
        }
        return next.get();
    }

    /** Runs everything handed to the UI thread so far, in order, including what that hands over. */
    public void runUiThread() {
        Runnable next;
        while ((next = uiThread.poll()) != null) {
            next.run();
        }
    }

    /** Runs work and UI hand-overs until nothing is left. */
    public void runAll() {
        while (!work.isEmpty() || !uiThread.isEmpty()) {
            if (!work.isEmpty()) {
                runNextWork();
            }
            runUiThread();
        }
    }
}
