package dev.arbor.ui.restore;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.project.ProjectState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Restore wizard (seeds 001 and 003): the branch to restore, the source, the point in time, a
 * read-only preview, the backup and a confirmation in plain words, then the restore itself with a way
 * to undo it. Each step has its own model; this one owns the order of the steps, says why Next is not
 * yet possible, and follows the project while the wizard is open. Nothing changes before
 * {@link #restore()}, and the rules come from {@link BranchPolicy}, the same the backend enforces.
 */
public final class RestoreWizardViewModel {

    public enum Step {
        BRANCH("Branch to restore"),
        SOURCE("Source"),
        POINT("Point in time"),
        PREVIEW("Preview"),
        CONFIRM("Backup and confirm"),
        RESULT("Restore");

        private final String title;

        Step(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final ProjectState state;
    private final Runnable onClose;
    private final RestoreTargetModel target;
    private final RestoreSourceModel source;
    private final PointPickerModel picker;
    private final RestorePreviewModel preview;
    private final RestoreConfirmModel confirm;
    private final RestoreOutcomeModel outcome;
    private final ChosenPoint point;
    // kept, so that dispose() can take it off the project state: a wizard that is closed no longer follows it
    private final ChangeListener<Number> following = (o, a, b) -> follow();
    private boolean disposed;

    private final ObservableList<Step> steps = FXCollections.observableArrayList();
    private final ObservableList<Step> stepsView = FXCollections.unmodifiableObservableList(steps);
    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(this, "step", Step.BRANCH);
    private final ReadOnlyStringWrapper stepProblem = new ReadOnlyStringWrapper(this, "stepProblem");
    private final ReadOnlyBooleanWrapper canNext = new ReadOnlyBooleanWrapper(this, "canNext");
    private final ReadOnlyBooleanWrapper canBack = new ReadOnlyBooleanWrapper(this, "canBack");

    public RestoreWizardViewModel(BranchBackend backend, UiExecutor executor, Activity activity, ProjectState state,
                                  String targetId, Consumer<String> onShowBranch, Runnable onClose) {
        this(backend, executor, activity, state, targetId, onShowBranch, onClose, null);
    }

    /** With the preview's SQL tab ({@code queries}, or null for none): read-only queries at the chosen point. */
    public RestoreWizardViewModel(BranchBackend backend, UiExecutor executor, Activity activity, ProjectState state,
                                  String targetId, Consumer<String> onShowBranch, Runnable onClose,
                                  PreviewQueries queries) {
        this.state = Objects.requireNonNull(state);
        this.onClose = Objects.requireNonNull(onClose);
        this.target = new RestoreTargetModel(state);
        this.source = new RestoreSourceModel(state, target);
        this.picker = new PointPickerModel(backend, executor, state.clock());
        this.preview = new RestorePreviewModel(backend, executor, queries);
        this.point = new ChosenPoint(source, picker);
        this.confirm = new RestoreConfirmModel(state, target, source, point);
        this.outcome = new RestoreOutcomeModel(backend, executor, activity, onShowBranch, b -> {
            close();
            onShowBranch.accept(b.id());
        });
        target.branchProperty().addListener((o, a, b) -> targetChanged());
        source.kindProperty().addListener((o, a, b) -> sourceChanged());
        source.branchProperty().addListener((o, a, b) -> sourceChanged());
        source.fromHeadProperty().addListener((o, a, b) -> sourceChanged());
        confirm.backupNameProperty().addListener((o, a, b) -> check());
        picker.problemProperty().addListener((o, a, b) -> check());
        picker.resolvingProperty().addListener((o, a, b) -> check());
        picker.pointProperty().addListener((o, a, b) -> check());
        state.versionProperty().addListener(following);
        // however the wizard leaves the preview (Back, Next, a deleted source), the point's way in is let go
        step.addListener((o, was, now) -> {
            if (was == Step.PREVIEW && now != Step.PREVIEW) {
                preview.left();
            }
        });
        target.branchProperty().set(state.branch(targetId));
        if (target.branchProperty().get() == null) {
            targetChanged();
        }
    }

    // Properties: the steps' models

    /** Step 1: the branch to restore. */
    public RestoreTargetModel target() {
        return target;
    }

    /** Step 2: where the data comes from. */
    public RestoreSourceModel source() {
        return source;
    }

    /** Step 3: the point in the source's history (left out for another branch's head). */
    public PointPickerModel picker() {
        return picker;
    }

    /** Step 4: the data at the point, read-only. */
    public RestorePreviewModel preview() {
        return preview;
    }

    /** Step 5: the backup and the confirmation. */
    public RestoreConfirmModel confirm() {
        return confirm;
    }

    /** Step 6: the restore, its result and Undo. */
    public RestoreOutcomeModel outcome() {
        return outcome;
    }

    // Properties: where the wizard is

    /** The steps this restore goes through; Point in time is left out for another branch's head. */
    public ObservableList<Step> steps() {
        return stepsView;
    }

    public ReadOnlyObjectProperty<Step> stepProperty() {
        return step.getReadOnlyProperty();
    }

    /** Why the current step cannot go on yet, or null. */
    public ReadOnlyStringProperty stepProblemProperty() {
        return stepProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canNextProperty() {
        return canNext.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canBackProperty() {
        return canBack.getReadOnlyProperty();
    }

    /** "Step 2 of 5: Source". */
    public String stepCaption() {
        int i = steps.indexOf(step.get());
        return "Step " + (i + 1) + " of " + steps.size() + ": " + step.get().title();
    }

    // Commands

    public void next() {
        check();
        if (!canNext.get() || step.get() == Step.CONFIRM || step.get() == Step.RESULT) {
            return;
        }
        go(steps.get(steps.indexOf(step.get()) + 1));
    }

    public void back() {
        if (!canBack.get()) {
            return;
        }
        go(steps.get(steps.indexOf(step.get()) - 1));
    }

    /** Enter: the next step, the restore on the last step, closing once done. */
    public void primary() {
        switch (step.get()) {
            case CONFIRM -> restore();
            case RESULT -> cancel();
            default -> next();
        }
    }

    /**
     * Escape or Cancel: closes without changing anything (or, after the restore, closes). During the restore it
     * stops waiting for it: the restore may still complete, which the status says, and the list then shows it.
     */
    public void cancel() {
        close();
    }

    /** Escape: stops the preview's running query if there is one; otherwise cancels the wizard. */
    public void escape() {
        if (step.get() == Step.PREVIEW && preview.cancelQuery()) {
            return;
        }
        cancel();
    }

    /**
     * Stops following the project state; the wizard is closed. Called on every way out of the wizard, and
     * by whoever opened it when it goes away otherwise; calling it again does nothing.
     */
    public void dispose() {
        if (!disposed) {
            disposed = true;
            state.versionProperty().removeListener(following);
            picker.stop();
            preview.stop();
            outcome.stop();
        }
    }

    private void close() {
        dispose();
        onClose.run();
    }

    /** The only command that changes the project. */
    public void restore() {
        check();
        if (step.get() != Step.CONFIRM || !canNext.get()) {
            return;
        }
        // everything that can fail here is built before running is set: a failure leaves the wizard as it was
        Branch t = target.branchProperty().get();
        Branch from = point.branch();
        PointInTime at = point.point();
        if (t == null || from == null || at == null) {
            return; // check() has said why
        }
        RestoreSpec spec = new RestoreSpec(from.id(), at, confirm.backupNameOrNull());
        outcome.restore(t, from, point.text(), spec, this::check, () -> go(Step.RESULT));
    }

    // Steps

    private void go(Step s) {
        step.set(s);
        Branch from = point.branch();
        switch (s) {
            case POINT -> picker.load(from);
            case PREVIEW -> {
                // a deleted target or source, or no point yet: check() says why, the preview is not loaded
                Branch t = target.branchProperty().get();
                if (from != null && t != null && point.point() != null) {
                    preview.load(from, point.point(), point.text(), t);
                }
            }
            default -> { }
        }
        check();
    }

    private void check() {
        Step s = step.get();
        boolean running = outcome.runningProperty().get();
        confirm.check();
        // past the first step, a missing target or source (another client may have deleted it) is said first
        String why = switch (s) {
            case BRANCH -> target.problem();
            case SOURCE -> first(target.missing(), source.missing());
            case POINT -> first(target.missing(), source.missing(), picker.problemProperty().get() != null
                    ? picker.problemProperty().get()
                    : picker.resolvingProperty().get() ? "Resolving the point in time…"
                    : picker.pointProperty().get() == null ? "Choose a point in time." : null);
            case PREVIEW -> first(target.missing(), source.missing());
            case CONFIRM -> first(target.missing(), source.missing(),
                    running ? "Restoring…" : confirm.backupProblemProperty().get());
            case RESULT -> null;
        };
        stepProblem.set(why);
        canNext.set(why == null && !running);
        canBack.set(!running && s != Step.BRANCH && s != Step.RESULT);
        if (s == Step.CONFIRM) {
            confirm.summarize();
        }
    }

    private static String first(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    // Following the inputs and the project

    private void targetChanged() {
        confirm.suggestName();
        steps.setAll(sequence());
        check();
    }

    private void sourceChanged() {
        steps.setAll(sequence());
        check();
    }

    private List<Step> sequence() {
        List<Step> s = new ArrayList<>(List.of(Step.values()));
        if (source.isHead()) {
            s.remove(Step.POINT);
        }
        return s;
    }

    /** Another client may change branches while the wizard is open: it follows them until the restore runs. */
    private void follow() {
        if (outcome.runningProperty().get() || step.get() == Step.RESULT) {
            return;
        }
        String typed = confirm.backupNameProperty().get();
        Branch before = target.branchProperty().get();
        boolean targetGone = target.follow();
        if (target.branchProperty().get() != before && target.branchProperty().get() != null) {
            confirm.backupNameProperty().set(typed); // the same branch, newer: what was typed stays
        }
        boolean sourceGone = source.follow();
        // back to the step where another branch can be chosen
        if (targetGone) {
            step.set(Step.BRANCH);
        } else if (sourceGone && steps.indexOf(step.get()) > steps.indexOf(Step.SOURCE)) {
            step.set(Step.SOURCE);
        }
        check();
    }
}
