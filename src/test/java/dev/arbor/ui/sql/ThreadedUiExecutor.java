package dev.arbor.ui.sql;

import dev.arbor.ui.common.UiExecutor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link UiExecutor} with real threads and no toolkit, for ViewModel tests whose work must overlap (a cancel
 * while a statement runs): work on virtual threads as in the app, callbacks on one "UI" thread that the test also
 * uses to read and drive the model ({@link #call}).
 */
final class ThreadedUiExecutor implements UiExecutor, AutoCloseable {
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-ui"));

    @Override
    public <T> Task submit(Callable<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicBoolean delivered = new AtomicBoolean();
        Future<?> f = workers.submit(() -> {
            try {
                T result = work.call();
                ui.execute(() -> {
                    if (!cancelled.get() && delivered.compareAndSet(false, true)) {
                        onSuccess.accept(result);
                    }
                });
            } catch (Throwable t) {
                ui.execute(() -> {
                    if (!cancelled.get() && delivered.compareAndSet(false, true)) {
                        onFailure.accept(t);
                    }
                });
            }
        });
        return new Task() {
            @Override
            public boolean cancel() {
                if (delivered.get() || !cancelled.compareAndSet(false, true)) {
                    return false;
                }
                f.cancel(true);
                return true;
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
    }

    @Override
    public void onUiThread(Runnable action) {
        ui.execute(action);
    }

    /** Runs {@code c} on the UI thread and returns its answer. */
    <T> T call(Callable<T> c) throws Exception {
        return ui.submit(c).get(1, TimeUnit.MINUTES);
    }

    void run(Runnable r) throws Exception {
        call(() -> {
            r.run();
            return null;
        });
    }

    /** Waits until {@code condition}, read on the UI thread, holds. */
    void await(Callable<Boolean> condition, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (!call(condition)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        ui.shutdownNow();
    }
}
