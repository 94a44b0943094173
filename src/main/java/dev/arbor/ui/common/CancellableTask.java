package dev.arbor.ui.common;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state a {@link UiExecutor.Task} moves through: running, then either delivered (its callback ran) or
 * cancelled (no callback will). Shared by the executors, so they agree on what cancelling means.
 */
public final class CancellableTask implements UiExecutor.Task {
    private static final int RUNNING = 0;
    private static final int DELIVERED = 1;
    private static final int CANCELLED = 2;

    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final Runnable onCancel;

    /** {@code onCancel} runs once, on the thread that cancels, when the cancel dropped an outcome. */
    public CancellableTask(Runnable onCancel) {
        this.onCancel = onCancel;
    }

    @Override
    public boolean cancel() {
        if (!state.compareAndSet(RUNNING, CANCELLED)) {
            return false;
        }
        onCancel.run();
        return true;
    }

    @Override
    public boolean isCancelled() {
        return state.get() == CANCELLED;
    }

    /** Runs {@code callback} unless the task was cancelled; call it on the UI thread, at most once. */
    public void deliver(Runnable callback) {
        if (state.compareAndSet(RUNNING, DELIVERED)) {
            callback.run();
        }
    }
}
