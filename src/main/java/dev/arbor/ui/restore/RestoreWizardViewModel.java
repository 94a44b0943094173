package dev.arbor.ui.restore;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.BranchResult;
import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.Formats;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import dev.arbor.ui.project.ProjectState;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Restore wizard (seeds 001 and 003): the branch to restore, the source, the point in time, a
 * read-only preview, the backup and a confirmation in plain words, then the restore itself with a way
 * to undo it. Nothing changes before {@link #restore()}; every step says why Next is not yet possible,
 * and the rules come from {@link BranchPolicy}, the same the backend enforces.
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

    public enum SourceKind {
        OWN_HISTORY("From history"),
        OTHER_BRANCH("From another branch");

        private final String label;

        SourceKind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private record FollowUp(Branch backup, String undoProblem) {
    }

    private record Undone(BranchResult result, BranchPolicy policy, Branch backup) {
    }

    private final BranchBackend backend;
    private final Activity activity;
    private final ProjectState state;
    private final Consumer<String> onShowBranch;
    private final Runnable onClose;
    private final PointPickerModel picker;
    private final RestorePreviewModel preview;
    private final UiExecutor executor;
    // kept, so that dispose() can take it off the project state: a wizard that is closed no longer follows it
    private final ChangeListener<Number> following = (o, a, b) -> follow();
    private boolean disposed;
    /** The name of the target or source that another client deleted while the wizard was open, or null. */
    private String deletedTarget;
    private String deletedSource;

    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObjectProperty<Branch> target = new SimpleObjectProperty<>(this, "target");
    private final ObjectProperty<SourceKind> sourceKind = new SimpleObjectProperty<>(this, "sourceKind", SourceKind.OWN_HISTORY);
    private final ObjectProperty<Branch> source = new SimpleObjectProperty<>(this, "source");
    private final BooleanProperty fromHead = new SimpleBooleanProperty(this, "fromHead", true);
    private final StringProperty backupName = new SimpleStringProperty(this, "backupName", "");

    private final ObservableList<Branch> allBranches = FXCollections.observableArrayList();
    private final FilteredList<Branch> targets = new FilteredList<>(allBranches);
    // one read-only view, kept: a view made per call would be collected with the listeners added to it
    private final ObservableList<Branch> targetsView = FXCollections.unmodifiableObservableList(targets);
    private final ObservableList<Branch> sources = FXCollections.observableArrayList();
    private final ObservableList<Branch> sourcesView = FXCollections.unmodifiableObservableList(sources);
    private final ObservableList<String> targetFacts = FXCollections.observableArrayList();
    private final ObservableList<String> targetFactsView = FXCollections.unmodifiableObservableList(targetFacts);
    private final ObservableList<Step> steps = FXCollections.observableArrayList();
    private final ObservableList<Step> stepsView = FXCollections.unmodifiableObservableList(steps);
    private final ObservableList<String> summary = FXCollections.observableArrayList();
    private final ObservableList<String> summaryView = FXCollections.unmodifiableObservableList(summary);
    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(this, "step", Step.BRANCH);
    private final ReadOnlyStringWrapper stepProblem = new ReadOnlyStringWrapper(this, "stepProblem");
    private final ReadOnlyBooleanWrapper canNext = new ReadOnlyBooleanWrapper(this, "canNext");
    private final ReadOnlyBooleanWrapper canBack = new ReadOnlyBooleanWrapper(this, "canBack");
    private final ReadOnlyStringWrapper backupProblem = new ReadOnlyStringWrapper(this, "backupProblem");
    private final ReadOnlyBooleanWrapper backupRequired = new ReadOnlyBooleanWrapper(this, "backupRequired");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyObjectWrapper<UserError> failure = new ReadOnlyObjectWrapper<>(this, "failure");
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper(this, "outcome", "");
    private final ReadOnlyObjectWrapper<Branch> restored = new ReadOnlyObjectWrapper<>(this, "restored");
    private final ReadOnlyObjectWrapper<Branch> backup = new ReadOnlyObjectWrapper<>(this, "backup");
    private final ReadOnlyStringWrapper undoProblem = new ReadOnlyStringWrapper(this, "undoProblem");
    private final ReadOnlyBooleanWrapper undone = new ReadOnlyBooleanWrapper(this, "undone");
    private final ReadOnlyStringWrapper undoConfirmation = new ReadOnlyStringWrapper(this, "undoConfirmation");

    public RestoreWizardViewModel(BranchBackend backend, UiExecutor executor, Activity activity, ProjectState state,
                                  String targetId, Consumer<String> onShowBranch, Runnable onClose) {
        this.backend = Objects.requireNonNull(backend);
        this.activity = Objects.requireNonNull(activity);
        this.state = Objects.requireNonNull(state);
        this.onShowBranch = Objects.requireNonNull(onShowBranch);
        this.onClose = Objects.requireNonNull(onClose);
        this.executor = Objects.requireNonNull(executor);
        this.picker = new PointPickerModel(backend, executor, state.clock());
        this.preview = new RestorePreviewModel(backend, executor);
        loadBranches();
        search.addListener((o, a, b) -> filterTargets());
        target.addListener((o, a, b) -> targetChanged());
        sourceKind.addListener((o, a, b) -> sourceChanged());
        source.addListener((o, a, b) -> sourceChanged());
        fromHead.addListener((o, a, b) -> sourceChanged());
        backupName.addListener((o, a, b) -> check());
        picker.problemProperty().addListener((o, a, b) -> check());
        picker.resolvingProperty().addListener((o, a, b) -> check());
        picker.pointProperty().addListener((o, a, b) -> check());
        state.versionProperty().addListener(following);
        target.set(state.branch(targetId));
        if (target.get() == null) {
            targetChanged();
        }
    }

    // Properties: inputs

    /** Narrows the branch picker by any part of a branch's name or id. */
    public StringProperty searchProperty() {
        return search;
    }

    public ObjectProperty<Branch> targetProperty() {
        return target;
    }

    public ObjectProperty<SourceKind> sourceKindProperty() {
        return sourceKind;
    }

    /** For {@link SourceKind#OTHER_BRANCH}: the branch the data comes from. */
    public ObjectProperty<Branch> sourceProperty() {
        return source;
    }

    /** For {@link SourceKind#OTHER_BRANCH}: restore from the source's latest data (head); on by default. */
    public BooleanProperty fromHeadProperty() {
        return fromHead;
    }

    /** The name of the backup branch that keeps the target's current state; empty for none where allowed. */
    public StringProperty backupNameProperty() {
        return backupName;
    }

    public PointPickerModel picker() {
        return picker;
    }

    public RestorePreviewModel preview() {
        return preview;
    }

    // Properties: what the inputs lead to

    /** The branches matching the search, the default first. */
    public ObservableList<Branch> targets() {
        return targetsView;
    }

    /** Every branch but the target. */
    public ObservableList<Branch> sources() {
        return sourcesView;
    }

    /** What the target is: root or child, children, protection, computes. */
    public ObservableList<String> targetFacts() {
        return targetFactsView;
    }

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

    public ReadOnlyStringProperty backupProblemProperty() {
        return backupProblem.getReadOnlyProperty();
    }

    /** The rules need a backup for this restore (own history, or a target with children). */
    public ReadOnlyBooleanProperty backupRequiredProperty() {
        return backupRequired.getReadOnlyProperty();
    }

    /** The confirmation in plain words, one consequence a line. */
    public ObservableList<String> summary() {
        return summaryView;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Why the restore or the undo failed, as the backend said it. */
    public ReadOnlyObjectProperty<UserError> failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** How the restore (or its undo) ended, in words. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** The restored branch, after the restore. */
    public ReadOnlyObjectProperty<Branch> restoredProperty() {
        return restored.getReadOnlyProperty();
    }

    /** The backup the restore created, or null. */
    public ReadOnlyObjectProperty<Branch> backupProperty() {
        return backup.getReadOnlyProperty();
    }

    /** Why Undo is not possible, or null when it is. */
    public ReadOnlyStringProperty undoProblemProperty() {
        return undoProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty undoneProperty() {
        return undone.getReadOnlyProperty();
    }

    /** The question asked before Undo runs, while it waits for an answer; null otherwise. */
    public ReadOnlyStringProperty undoConfirmationProperty() {
        return undoConfirmation.getReadOnlyProperty();
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

    /** Escape or Cancel: closes without changing anything (or, after the restore, closes). */
    public void cancel() {
        if (!running.get()) {
            close();
        }
    }

    /**
     * Stops following the project state; the wizard is closed. Called on every way out of the wizard, and
     * by whoever opened it when it goes away otherwise; calling it again does nothing.
     */
    public void dispose() {
        if (!disposed) {
            disposed = true;
            state.versionProperty().removeListener(following);
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
        Branch t = target.get();
        Branch from = pointBranch();
        PointInTime at = point();
        if (t == null || from == null || at == null) {
            return; // check() has said why
        }
        String name = backupNameOrNull();
        String pointText = pointText();
        RestoreSpec spec = new RestoreSpec(from.id(), at, name);
        String doing = "Restoring \"" + t.name() + "\"";
        String done = "Restored \"" + t.name() + "\" " + (from.id().equals(t.id()) ? "to its own history" : "from \""
                + from.name() + "\"") + " at " + pointText + "." + (name == null ? " No backup was kept."
                : " Its previous state is kept in \"" + name + "\".");
        running.set(true);
        failure.set(null);
        try {
            check();
            // only the restore itself runs here: once it returns, the restore has happened, whatever follows
            activity.run(doing, () -> backend.restore(t.id(), spec), (BranchResult r) -> {
                running.set(false);
                restored.set(r.branch());
                undoProblem.set(name == null ? "No backup was kept, so there is no earlier state to go back to."
                        : "Checking whether the restore can be undone…");
                outcome.set(done);
                go(Step.RESULT);
                onShowBranch.accept(t.id());
                if (name != null) {
                    followUp(r.branch(), name);
                }
                return outcome.get();
            }, error -> {
                running.set(false);
                failure.set(error);
                check();
            });
        } catch (RuntimeException e) {
            running.set(false);
            failure.set(UserError.of(e, "Arbor could not start the restore of \"" + t.name() + "\"."));
            check();
        }
    }

    /** After the restore: reads the backup and whether Undo is allowed; a failure here only rules out Undo. */
    private void followUp(Branch t, String name) {
        executor.submit(() -> {
            Branch kept = backend.getBranch(name);
            return new FollowUp(kept, undoVerdict(t, kept));
        }, f -> {
            if (undone.get()) {
                return;
            }
            backup.set(f.backup());
            undoProblem.set(f.undoProblem());
        }, thrown -> undoProblem.set("The restore succeeded, but Arbor could not check afterwards whether it can be "
                + "undone, so Undo is not offered: " + UserError.of(thrown, "the backend did not answer.").sentence()
                + " The backup \"" + name + "\" keeps the state from before the restore."));
    }

    /**
     * Undo: first asks (see {@link #undoConfirmationProperty()}), since it overwrites the branch again and
     * drops what was written after the restore; {@link #confirmUndo()} runs it, {@link #keepRestore()} does not.
     */
    public void undo() {
        if (!undoPossible()) {
            return;
        }
        Branch t = restored.get();
        undoConfirmation.set("Undo restores \"" + t.name() + "\" from \"" + backup.get().name() + "\", its state from "
                + "before the restore; changes made on \"" + t.name() + "\" since the restore are lost.");
    }

    /** The answer to Undo's question: no. */
    public void keepRestore() {
        undoConfirmation.set(null);
    }

    /** The answer to Undo's question: yes. Restores the target from its backup's latest data. */
    public void confirmUndo() {
        if (undoConfirmation.get() == null || !undoPossible()) {
            return;
        }
        undoConfirmation.set(null);
        Branch t = restored.get();
        Branch kept = backup.get();
        running.set(true);
        failure.set(null);
        activity.run("Undoing the restore of \"" + t.name() + "\"", () -> {
            BranchResult r = backend.restore(t.id(), new RestoreSpec(kept.id(), PointInTime.HEAD, null));
            try {
                List<Branch> all = backend.listBranches();
                return new Undone(r, BranchPolicy.of(backend.project(), all),
                        all.stream().filter(b -> b.id().equals(kept.id())).findFirst().orElse(null));
            } catch (RuntimeException e) {
                // the undo has happened; only what the outcome says about the backup is less precise
                return new Undone(r, null, null);
            }
        }, (Undone u) -> {
            running.set(false);
            undone.set(true);
            restored.set(u.result().branch());
            undoProblem.set("The restore has been undone.");
            outcome.set("Undone: \"" + t.name() + "\" has its data from before the restore again, read from \"" + kept.name()
                    + "\". " + backupAfterUndo(u.result().branch(), kept, u.policy(), u.backup()));
            onShowBranch.accept(t.id());
            return outcome.get();
        }, error -> {
            running.set(false);
            failure.set(error);
        });
    }

    private boolean undoPossible() {
        return step.get() == Step.RESULT && restored.get() != null && backup.get() != null && undoProblem.get() == null
                && !undone.get() && !running.get();
    }

    /** What becomes of the backup after Undo, by the rules for deleting it. */
    private static String backupAfterUndo(Branch t, Branch kept, BranchPolicy policy, Branch now) {
        String b = "\"" + kept.name() + "\"";
        if (kept.id().equals(t.parentId())) {
            return "The backup " + b + " stays as the parent of \"" + t.name() + "\" and keeps it as its child, so it "
                    + "cannot be deleted while it has children.";
        }
        if (policy == null || now == null) {
            return "The backup " + b + " stays.";
        }
        List<String> kids = policy.childrenOf(now.id()).stream().map(Branch::name).sorted().toList();
        if (!kids.isEmpty()) {
            return "The backup " + b + " stays and keeps the child " + (kids.size() == 1 ? "branch " : "branches ")
                    + String.join(", ", kids.stream().map(k -> "\"" + k + "\"").toList())
                    + " that moved to it, so it cannot be deleted while it has children.";
        }
        BranchPolicy.Verdict v = policy.canDelete(now);
        return v.allowed() ? "The backup " + b + " stays; delete it when you no longer need it."
                : "The backup " + b + " stays. " + v.message();
    }

    /** The result's link to the restored branch: shows it on the Branches page. */
    public void showRestored() {
        show(restored.get());
    }

    /** The result's link to the backup. */
    public void showBackup() {
        show(backup.get());
    }

    // Steps

    private void go(Step s) {
        step.set(s);
        Branch from = pointBranch();
        switch (s) {
            case POINT -> picker.load(from);
            case PREVIEW -> {
                // a deleted target or source, or no point yet: check() says why, the preview is not loaded
                if (from != null && target.get() != null && point() != null) {
                    preview.load(from, point(), pointText(), target.get());
                }
            }
            default -> { }
        }
        check();
    }

    private void check() {
        Branch t = target.get();
        BranchPolicy policy = state.policy();
        Step s = step.get();
        backupRequired.set(t != null && (sourceKind.get() == SourceKind.OWN_HISTORY || (policy != null && policy.hasChildren(t))));
        backupProblem.set(t == null ? null : backupVerdict(t, policy));
        String gone = s == Step.BRANCH || s == Step.RESULT ? null : missing();
        String why = gone != null ? gone : switch (s) {
            case BRANCH -> t == null ? (deletedTarget != null ? deleted(deletedTarget) + " choose another branch to restore."
                    : "Choose the branch to restore.")
                    : policy == null ? null : refusal(policy.check(BranchPolicy.Action.RESTORE, t));
            case SOURCE -> sourceKind.get() == SourceKind.OTHER_BRANCH && source.get() == null
                    ? (deletedSource != null ? deleted(deletedSource) + " choose another branch to restore from."
                    : "Choose the branch to restore from.") : null;
            case POINT -> picker.problemProperty().get() != null ? picker.problemProperty().get()
                    : picker.resolvingProperty().get() ? "Resolving the point in time…"
                    : picker.pointProperty().get() == null ? "Choose a point in time." : null;
            case PREVIEW -> null;
            case CONFIRM -> running.get() ? "Restoring…" : backupProblem.get();
            case RESULT -> null;
        };
        stepProblem.set(why);
        canNext.set(why == null && !running.get());
        canBack.set(!running.get() && s != Step.BRANCH && s != Step.RESULT);
        if (s == Step.CONFIRM) {
            summary.setAll(summaryLines());
        }
    }

    /** Why a step after the first cannot go on: the target, or the source where one is needed, is gone. */
    private String missing() {
        if (target.get() == null) {
            return deletedTarget != null ? deleted(deletedTarget) + " choose another branch to restore."
                    : "Choose the branch to restore.";
        }
        if (step.get() != Step.SOURCE && sourceKind.get() == SourceKind.OTHER_BRANCH && source.get() == null) {
            return deletedSource != null ? deleted(deletedSource) + " choose another branch to restore from."
                    : "Choose the branch to restore from.";
        }
        return null;
    }

    private static String deleted(String name) {
        return "\"" + name + "\" was deleted while the wizard was open;";
    }

    private String backupVerdict(Branch t, BranchPolicy policy) {
        String name = backupNameOrNull();
        if (name != null && !BranchPolicy.nameShape(name).allowed()) {
            return BranchPolicy.nameShape(name).message();
        }
        if (policy == null) {
            return null;
        }
        Branch from = pointBranch();
        if (from == null) {
            return null;
        }
        BranchPolicy.Verdict v = isReset() ? policy.canReset(t, name)
                : policy.canRestore(t, from, point() == null ? PointInTime.HEAD : point(), name);
        if (v.allowed() && name != null) {
            v = policy.branchCapacity(t.isRoot());
        }
        return refusal(v);
    }

    private List<String> summaryLines() {
        Branch t = target.get();
        Branch from = pointBranch();
        if (t == null || from == null) {
            return List.of();
        }
        BranchPolicy policy = state.policy();
        List<String> children = policy == null ? List.of() : policy.childrenOf(t.id()).stream().map(Branch::name).sorted().toList();
        return new RestoreSummary(t, from, state.branch(t.parentId()), isHead(), pointText(), backupNameOrNull(), children,
                undoAfter(t, policy)).lines();
    }

    /**
     * Why Undo will not be possible after this restore, or null when it will. Undo restores the target from
     * the backup's head; where the backup becomes the target's parent, that is a reset from parent.
     */
    private String undoAfter(Branch t, BranchPolicy policy) {
        if (backupNameOrNull() == null || policy == null || t.isRoot() || isReset()) {
            return null; // the backup becomes a root, or the target keeps its parent: Undo is a plain restore
        }
        return refusal(policy.check(BranchPolicy.Action.RESET_FROM_PARENT, t));
    }

    private String undoVerdict(Branch t, Branch kept) {
        if (kept == null) {
            return "No backup was kept, so there is no earlier state to go back to.";
        }
        BranchPolicy policy = BranchPolicy.of(backend.project(), backend.listBranches());
        // from the parent's head the backend resets, with the reset's rules
        return refusal(kept.id().equals(t.parentId()) ? policy.canReset(t, null) : policy.canRestore(t, kept, PointInTime.HEAD, null));
    }

    // What the inputs mean

    /** The branch whose history the point is in: the target itself, or the source. */
    private Branch pointBranch() {
        return sourceKind.get() == SourceKind.OWN_HISTORY ? target.get() : source.get();
    }

    private boolean isHead() {
        return sourceKind.get() == SourceKind.OTHER_BRANCH && fromHead.get();
    }

    private boolean isReset() {
        Branch t = target.get();
        Branch s = source.get();
        return isHead() && t != null && s != null && s.id().equals(t.parentId());
    }

    private PointInTime point() {
        return isHead() ? PointInTime.HEAD : picker.pointProperty().get();
    }

    private String backupNameOrNull() {
        String n = backupName.get();
        return n == null || n.isBlank() ? null : n.strip();
    }

    /** The point in words, with its time and LSN where the backend knows them. */
    String pointText() {
        Branch from = pointBranch();
        PointInTime p = point();
        if (p == null || from == null) {
            return "";
        }
        String zone = picker.zone() == ZoneOffset.UTC ? "UTC" : picker.zone().getId();
        ResolvedPoint r = picker.resolvedProperty().get();
        return switch (p) {
            case PointInTime.Head h -> "its latest data (head" + (from.headLsn() == null ? ""
                    : ", now LSN " + from.headLsn() + (from.headTimestamp() == null ? ""
                    : " committed at " + Formats.dateTimeMillis(from.headTimestamp(), picker.zone()) + " " + zone)) + ")";
            case PointInTime.AtTimestamp at -> Formats.dateTimeMillis(at.timestamp(), picker.zone()) + " " + zone
                    + (r != null && r.lsn() != null ? " (LSN " + r.lsn() + ")" : " (the backend resolves the LSN when it restores)");
            case PointInTime.AtLsn l -> "LSN " + l.lsn() + (r != null && r.committedAt() != null
                    ? " (committed at " + Formats.dateTimeMillis(r.committedAt(), picker.zone()) + " " + zone + ")" : "");
        };
    }

    // Following the project

    private void targetChanged() {
        Branch t = target.get();
        if (t != null) {
            deletedTarget = null;
        }
        sources.setAll(allBranches.stream().filter(b -> t == null || !b.id().equals(t.id())).toList());
        if (t != null && source.get() != null && source.get().id().equals(t.id())) {
            source.set(null);
        }
        backupName.set(t == null ? "" : RestoreSpec.consoleBackupName(t.name(),
                t.headTimestamp() != null ? t.headTimestamp() : state.clock().instant()));
        describeTarget();
        steps.setAll(sequence());
        check();
    }

    private void sourceChanged() {
        if (source.get() != null) {
            deletedSource = null;
        }
        steps.setAll(sequence());
        check();
    }

    private List<Step> sequence() {
        List<Step> s = new ArrayList<>(List.of(Step.values()));
        if (isHead()) {
            s.remove(Step.POINT);
        }
        return s;
    }

    private void describeTarget() {
        Branch t = target.get();
        BranchPolicy policy = state.policy();
        if (t == null) {
            targetFacts.clear();
            return;
        }
        List<String> facts = new ArrayList<>();
        Branch parent = state.branch(t.parentId());
        facts.add(t.isRoot() ? (t.isSchemaOnly() ? "A schema-only root branch (no parent)." : "A root branch (no parent).")
                : "A child of \"" + (parent == null ? t.parentId() : parent.name()) + "\".");
        if (t.isDefault()) {
            facts.add("The project's default branch.");
        }
        facts.add(t.isProtected() ? "Protected." : "Not protected.");
        if (t.backup()) {
            facts.add("A backup left by an earlier restore.");
        }
        List<String> kids = policy == null ? List.of() : policy.childrenOf(t.id()).stream().map(Branch::name).sorted().toList();
        facts.add(kids.isEmpty() ? "No child branches." : kids.size() + (kids.size() == 1 ? " child branch: " : " child branches: ")
                + String.join(", ", kids) + ".");
        List<Endpoint> computes = state.endpointsOf(t.id());
        facts.add(computes.isEmpty() ? "No computes." : "Computes: " + String.join(", ", computes.stream()
                .map(e -> e.id() + " (" + e.type().wireName().replace('_', '-') + ", " + e.currentState().wireName() + ")").toList()) + ".");
        if (t.headTimestamp() != null) {
            facts.add("Latest data: LSN " + t.headLsn() + " at " + Formats.dateTimeMillis(t.headTimestamp(), state.zone()) + ".");
        }
        targetFacts.setAll(facts);
    }

    private void loadBranches() {
        allBranches.setAll(state.branches().stream()
                .sorted(Comparator.comparing((Branch b) -> !b.isDefault()).thenComparing(Branch::name)).toList());
        filterTargets();
    }

    private void filterTargets() {
        String q = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        targets.setPredicate(b -> q.isEmpty() || b.name().toLowerCase(Locale.ROOT).contains(q)
                || b.id().toLowerCase(Locale.ROOT).contains(q));
    }

    /** Another client may change branches while the wizard is open: it follows them until the restore runs. */
    private void follow() {
        if (running.get() || step.get() == Step.RESULT) {
            return;
        }
        loadBranches();
        Branch t = target.get() == null ? null : state.branch(target.get().id());
        Branch s = source.get() == null ? null : state.branch(source.get().id());
        boolean targetGone = target.get() != null && t == null;
        boolean sourceGone = source.get() != null && s == null && sourceKind.get() == SourceKind.OTHER_BRANCH;
        if (targetGone) {
            deletedTarget = target.get().name();
        }
        if (sourceGone) {
            deletedSource = source.get().name();
        }
        if (t != target.get()) {
            String typed = backupName.get();
            target.set(t);
            if (t != null) {
                backupName.set(typed);
            }
        }
        List<Branch> others = allBranches.stream().filter(b -> t == null || !b.id().equals(t.id())).toList();
        if (!others.equals(sources)) {
            sources.setAll(others);
        }
        if (s != source.get()) {
            source.set(s);
        }
        describeTarget();
        // back to the step where another branch can be chosen
        if (targetGone) {
            step.set(Step.BRANCH);
        } else if (sourceGone && steps.indexOf(step.get()) > steps.indexOf(Step.SOURCE)) {
            step.set(Step.SOURCE);
        }
        check();
    }

    private void show(Branch b) {
        if (b != null) {
            close();
            onShowBranch.accept(b.id());
        }
    }

    private static String refusal(BranchPolicy.Verdict v) {
        return v.allowed() ? null : v.message();
    }
}
