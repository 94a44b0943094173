package dev.arbor.ui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one seam between the UI thread and backend work. Backend calls block, so ViewModels hand them
 * to {@link #submit}; results, failures and anything passed to {@link #onUiThread} arrive on the UI
 * thread, the only thread allowed to change state that views are bound to.
 */
public interface UiExecutor {

    /**
     * Runs {@code work} off the UI thread, then hands its result to {@code onSuccess} or whatever it
     * threw to {@code onFailure}, on the UI thread.
     */
    <T> void submit(Callable<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /** Runs {@code action} on the UI thread, after everything handed over before it. */
    void onUiThread(Runnable action);
}
