package dev.arbor.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status area's model: what the console is doing now, how far it has got, and how the last piece
 * of work ended. A failure stays as a sentence, with its code and details kept for a details pane.
 */
public final class Activity {
    private static final Logger LOG = LoggerFactory.getLogger(Activity.class);

    private final UiExecutor executor;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyObjectWrapper<UserError> failure = new ReadOnlyObjectWrapper<>(this, "failure");
    private int running;
    private final ReadOnlyBooleanWrapper stoppable = new ReadOnlyBooleanWrapper(this, "stoppable");
    private final List<UiExecutor.Task> waiting = new ArrayList<>();
    // which project's work this is: work begun before the last clear() reports nowhere when it ends
    private int generation;

    public Activity(UiExecutor executor) {
        this.executor = Objects.requireNonNull(executor);
    }

    // Properties

    /** True while at least one piece of work runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What runs now, or how the last piece of work ended; empty before anything ran. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** From 0 to 1 for work that knows its size; -1 when it does not. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** True while work begun with {@link #runStoppable} can still be stopped with {@link #stopWaiting()}. */
    public ReadOnlyBooleanProperty stoppableProperty() {
        return stoppable.getReadOnlyProperty();
    }

    /** The last failure, until the next success or until dismissed. */
    public ReadOnlyObjectProperty<UserError> failureProperty() {
        return failure.getReadOnlyProperty();
    }

    // Commands

    /**
     * Runs {@code work} off the UI thread and reports it: {@code doing} while it runs, then the sentence
     * {@code onSuccess} returns, or the failure as a sentence, which also goes to {@code onFailure}.
     * Cancelling the returned task reports that the console stopped waiting, and that a change already
     * sent may still complete; neither callback runs then.
     */
    public <T> UiExecutor.Task run(String doing, Callable<? extends T> work, Function<? super T, String> onSuccess,
                                   Consumer<UserError> onFailure) {
        return start(doing, work, onSuccess, onFailure, false);
    }

    /**
     * As {@link #run}, for work no dialog waits for (a confirmed action runs after its dialog closed): the
     * status line offers to stop waiting for it ({@link #stoppableProperty()}, {@link #stopWaiting()}).
     */
    public <T> UiExecutor.Task runStoppable(String doing, Callable<? extends T> work,
                                            Function<? super T, String> onSuccess, Consumer<UserError> onFailure) {
        return start(doing, work, onSuccess, onFailure, true);
    }

    private <T> UiExecutor.Task start(String doing, Callable<? extends T> work, Function<? super T, String> onSuccess,
                                      Consumer<UserError> onFailure, boolean offerStop) {
        begin(doing);
        int begunIn = generation;
        boolean[] delivered = {false};
        UiExecutor.Task[] mine = new UiExecutor.Task[1];
        UiExecutor.Task task = executor.submit(work, result -> {
            delivered[0] = true;
            forget(mine[0]);
            String outcome = onSuccess.apply(result);
            if (begunIn == generation) {
                succeeded(outcome);
            }
        }, thrown -> {
            delivered[0] = true;
            forget(mine[0]);
            UserError error = UserError.of(thrown, "Arbor could not finish: " + doing);
            log(doing, thrown);
            if (begunIn == generation) {
                failed(error);
            }
            onFailure.accept(error);
        });
        mine[0] = new UiExecutor.Task() {
            @Override
            public boolean cancel() {
                if (!task.cancel()) {
                    return false;
                }
                forget(this);
                if (begunIn == generation) {
                    stopped(doing);
                }
                return true;
            }

            @Override
            public boolean isCancelled() {
                return task.isCancelled();
            }
        };
        if (offerStop && !delivered[0]) {
            waiting.add(mine[0]);
            stoppable.set(true);
        }
        return mine[0];
    }

    /**
     * Stop waiting, in the status line: stops waiting for every piece of work begun with {@link #runStoppable}.
     * Each is reported as stopped; a change already sent may still complete, and the live updates show it.
     */
    public void stopWaiting() {
        for (UiExecutor.Task t : List.copyOf(waiting)) {
            t.cancel();
        }
    }

    private void forget(UiExecutor.Task task) {
        waiting.remove(task);
        stoppable.set(!waiting.isEmpty());
    }

    /** Marks the start of work that reports its own end with {@link #succeeded} or {@link #failed}. */
    public void begin(String doing) {
        running++;
        busy.set(true);
        progress.set(-1);
        message.set(doing + "…");
    }

    /** Reports progress of the work that runs now; call it on the UI thread. */
    public void progress(double fraction, String doing) {
        progress.set(fraction);
        message.set(doing);
    }

    public void succeeded(String outcome) {
        end();
        failure.set(null);
        message.set(outcome);
    }

    /**
     * Reports work the person stopped waiting for. Stopping cannot take back a change the backend already
     * received, so the sentence does not claim it was undone.
     */
    public void stopped(String doing) {
        end();
        failure.set(null);
        message.set("Stopped waiting: " + doing + ". A change already sent may still complete; the list shows it if it does.");
    }

    public void failed(UserError error) {
        end();
        failure.set(error);
        message.set(error.sentence());
    }

    /** Reports a refusal that no work preceded (bad input), leaving the count of running work alone. */
    public void refused(UserError error) {
        failure.set(error);
        message.set(error.sentence());
    }

    /**
     * Forgets everything reported so far, for another project: nothing runs, no message, no failure; work still
     * running for the last project ends without a word here.
     */
    public void clear() {
        generation++;
        running = 0;
        waiting.clear(); // the last project's work ends without a word here, and is no longer offered to stop
        stoppable.set(false);
        busy.set(false);
        progress.set(-1);
        failure.set(null);
        message.set("");
    }

    public void dismissFailure() {
        failure.set(null);
        message.set("");
    }

    private void end() {
        running = Math.max(0, running - 1);
        busy.set(running > 0);
        progress.set(-1);
    }

    private static void log(String doing, Throwable thrown) {
        if (thrown instanceof dev.arbor.domain.ArborException) {
            LOG.warn("{} failed: {}", doing, thrown.getMessage());
        } else {
            LOG.error("{} failed", doing, thrown);
        }
    }
}
