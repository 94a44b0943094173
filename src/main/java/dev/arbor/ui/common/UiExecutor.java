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
     * threw to {@code onFailure}, on the UI thread, unless the returned task was cancelled first.
     */
    <T> Task submit(Callable<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /** Runs {@code action} on the UI thread, after everything handed over before it. */
    void onUiThread(Runnable action);

    /**
     * Work handed to {@link #submit} that the person may stop wanting: a dialog closed, Cancel pressed.
     * Cancelling interrupts the thread doing the work (the remote backend then aborts its HTTP call or its
     * wait) and drops the outcome: neither callback runs afterwards. It cannot un-send a change the backend
     * already received; the project's live updates show whatever the backend then does.
     */
    interface Task {
        /** A task whose outcome has already been delivered: there is nothing left to cancel. */
        Task DONE = new Task() {
            @Override
            public boolean cancel() {
                return false;
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };

        /**
         * Stops waiting for the work. True when this dropped an outcome not yet delivered; false when the
         * outcome had already been delivered or the task was cancelled before.
         */
        boolean cancel();

        boolean isCancelled();
    }
}
