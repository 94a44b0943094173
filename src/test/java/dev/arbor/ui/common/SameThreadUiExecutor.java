package dev.arbor.ui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** A {@link UiExecutor} for ViewModel tests: everything runs at once on the caller's thread. */
public final class SameThreadUiExecutor implements UiExecutor {

    @Override
    public <T> void submit(Callable<? extends T> work, Consumer<? super T> onSuccess,
                           Consumer<? super Throwable> onFailure) {
        T result;
        try {
            result = work.call();
        } catch (Throwable failure) {
            onFailure.accept(failure);
            return;
        }
        onSuccess.accept(result);
    }

    @Override
    public void onUiThread(Runnable action) {
        action.run();
    }
}
