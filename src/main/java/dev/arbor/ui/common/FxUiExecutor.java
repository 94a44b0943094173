package dev.arbor.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The production {@link UiExecutor}: one virtual thread per piece of work, because backend calls
 * spend their time waiting on disk or network, and {@link Platform#runLater} to come back. This is the
 * only class that calls {@code runLater}, so every hand-over to the FX thread keeps one order.
 */
public final class FxUiExecutor implements UiExecutor, AutoCloseable {
    private final ExecutorService workers =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("arbor-work-", 0).factory());

    @Override
    public <T> Task submit(Callable<? extends T> work, Consumer<? super T> onSuccess,
                           Consumer<? super Throwable> onFailure) {
        AtomicReference<Future<?>> worker = new AtomicReference<>();
        CancellableTask task = new CancellableTask(() -> interrupt(worker.get()));
        worker.set(workers.submit(() -> {
            if (task.isCancelled()) {
                return;
            }
            T result;
            try {
                result = work.call();
            } catch (Throwable failure) {
                // Errors too: a NoClassDefFoundError must reach the person, not leave a spinner forever.
                Platform.runLater(() -> task.deliver(() -> onFailure.accept(failure)));
                return;
            }
            // The same single hand-over as before cancelling existed: a backend event the work caused was
            // handed over first, so the result arrives after the state it changed.
            Platform.runLater(() -> task.deliver(() -> onSuccess.accept(result)));
        }));
        if (task.isCancelled()) {
            interrupt(worker.get()); // cancelled by another thread before the worker was known
        }
        return task;
    }

    private static void interrupt(Future<?> worker) {
        if (worker != null) {
            worker.cancel(true);
        }
    }

    @Override
    public void onUiThread(Runnable action) {
        Platform.runLater(action);
    }

    /** Stops accepting work and interrupts what is running; results still in flight are dropped. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
