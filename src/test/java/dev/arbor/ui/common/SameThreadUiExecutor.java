package dev.arbor.ui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** A {@link UiExecutor} for ViewModel tests: everything runs at once on the caller's thread,
 * so by the time a task is returned its outcome has been delivered and there is nothing to cancel. */
public final class SameThreadUiExecutor implements UiExecutor {

    @Override
    public <T> Task submit(Callable<? extends T> work, Consumer<? super T> onSuccess,
                           Consumer<? super Throwable> onFailure) {
        T result;
        try {
            result = work.call();
        } catch (Throwable failure) {
            onFailure.accept(failure);
            return Task.DONE;
        }
        onSuccess.accept(result);
        return Task.DONE;
    }

    @Override
    public void onUiThread(Runnable action) {
        action.run();
    }
}
