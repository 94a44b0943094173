package dev.arbor.ui.actions;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Deleting several branches: one confirmation that lists what goes and what stays and why, progress
 * while the deletions run one by one, then a summary.
 */
public final class BulkDeleteDialogModel implements ActionDialog {

    public enum Phase { CONFIRM, RUNNING, DONE }

    /** One deletion that failed, with the backend's sentence. */
    public record Failure(Branch branch, UserError error) {
    }

    private record Outcome(List<Branch> deleted, List<Failure> failures) {
    }

    private final DeletePlan plan;
    private final BranchBackend backend;
    private final UiExecutor executor;
    private final Activity activity;
    private final Runnable onClose;
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.CONFIRM);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final List<Failure> failures = new ArrayList<>();
    private UiExecutor.Task deleting = UiExecutor.Task.DONE;
    private String doing;

    BulkDeleteDialogModel(DeletePlan plan, BranchBackend backend, UiExecutor executor, Activity activity, Runnable onClose) {
        this.plan = plan;
        this.backend = backend;
        this.executor = executor;
        this.activity = activity;
        this.onClose = onClose;
    }

    @Override
    public String title() {
        int n = plan.deletions().size();
        return n == 0 ? "Nothing can be deleted" : n == 1 ? "Delete 1 branch" : "Delete " + n + " branches";
    }

    /** What deleting these branches does, in words that promise "cannot be undone" only where that is true. */
    public String deletionSentence() {
        return DeletionWords.forMany(backend.capabilities().deleteIsFinal());
    }

    public DeletePlan plan() {
        return plan;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** After the run: what was deleted, skipped and failed, in sentences. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** Deletes the planned branches in order; one failure does not stop the others that do not depend on it. */
    public void confirm() {
        if (phase.get() != Phase.CONFIRM || plan.isEmpty()) {
            return;
        }
        phase.set(Phase.RUNNING);
        int total = plan.deletions().size();
        doing = "Deleting " + total + (total == 1 ? " branch" : " branches");
        activity.begin(doing);
        deleting = executor.submit(() -> run(total), this::finished, thrown -> {
            UserError error = UserError.of(thrown, "Arbor could not finish deleting the branches.");
            activity.failed(error);
            summary.set(error.sentence());
            phase.set(Phase.DONE);
        });
    }

    /**
     * Closes the dialog. While deleting, it stops: no further branch is deleted, but a deletion already sent may
     * still complete, which the status says; the list shows what was deleted.
     */
    @Override
    public void cancel() {
        if (phase.get() == Phase.RUNNING && deleting.cancel()) {
            activity.stopped(doing);
        }
        onClose.run();
    }

    // Runs off the UI thread; progress goes back through the executor.
    private Outcome run(int total) {
        List<Branch> deleted = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        int done = 0;
        for (Branch b : plan.deletions()) {
            if (Thread.currentThread().isInterrupted()) {
                break; // cancelled: the rest are not asked for
            }
            try {
                backend.deleteBranch(b.id());
                deleted.add(b);
            } catch (RuntimeException e) {
                failed.add(new Failure(b, UserError.of(e, "Arbor could not delete \"" + b.name() + "\".")));
                // a parent of this branch later in the plan is then refused by the backend, with its own sentence
            }
            done++;
            double fraction = done / (double) total;
            String text = "Deleted " + done + " of " + total + "…";
            executor.onUiThread(() -> {
                if (deleting.isCancelled()) {
                    return;
                }
                progress.set(fraction);
                activity.progress(fraction, text);
            });
        }
        return new Outcome(deleted, failed);
    }

    private void finished(Outcome outcome) {
        failures.addAll(outcome.failures());
        StringBuilder s = new StringBuilder();
        int d = outcome.deleted().size();
        s.append(d == 1 ? "Deleted 1 branch." : "Deleted " + d + " branches.");
        if (!plan.skipped().isEmpty()) {
            s.append(" Skipped ").append(plan.skipped().size()).append(": ");
            s.append(String.join(", ", plan.skipped().stream().map(k -> "\"" + k.branch().name() + "\"").toList()));
            s.append('.');
        }
        for (Failure f : outcome.failures()) {
            s.append(" Could not delete \"").append(f.branch().name()).append("\": ").append(f.error().sentence());
        }
        summary.set(s.toString());
        progress.set(1);
        phase.set(Phase.DONE);
        if (outcome.failures().isEmpty()) {
            activity.succeeded(s.toString());
        } else {
            activity.failed(new UserError(s.toString(), outcome.failures().get(0).error().code(),
                    String.join("\n", outcome.failures().stream()
                            .map(f -> f.branch().name() + ": " + f.error().code() + " — " + f.error().sentence()).toList())));
        }
    }
}
