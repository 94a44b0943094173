package dev.arbor.ui.create;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.BranchResult;
import dev.arbor.backend.HistoryWindow;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.ExpirationChoice;
import dev.arbor.ui.common.Formats;
import dev.arbor.ui.common.HistoryPoints;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import dev.arbor.ui.project.ProjectState;
import java.time.Instant;
import java.util.Comparator;
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

/**
 * The Create branch dialog. Every field is checked as it changes: the name by the rules, a point in
 * time against the parent's history window (loaded when the parent is chosen), the expiration by the
 * rules; the backend resolves the point once more before it creates, so a window that moved meanwhile
 * is still caught, with its sentence.
 */
public final class CreateBranchViewModel {
    private final BranchBackend backend;
    private final UiExecutor executor;
    private final Activity activity;
    private final ProjectState state;
    private final Consumer<Branch> onCreated;
    private final Runnable onClose;

    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final ObjectProperty<Branch> parent = new SimpleObjectProperty<>(this, "parent");
    private final ObjectProperty<PointKind> pointKind = new SimpleObjectProperty<>(this, "pointKind", PointKind.HEAD);
    private final StringProperty timestamp = new SimpleStringProperty(this, "timestamp", "");
    private final StringProperty lsn = new SimpleStringProperty(this, "lsn", "");
    private final BooleanProperty schemaOnly = new SimpleBooleanProperty(this, "schemaOnly");
    private final BooleanProperty protect = new SimpleBooleanProperty(this, "protect");
    private final ObjectProperty<ExpirationChoice> expiration = new SimpleObjectProperty<>(this, "expiration", ExpirationChoice.NEVER);
    private final StringProperty customExpiration = new SimpleStringProperty(this, "customExpiration", "");
    private final BooleanProperty addCompute = new SimpleBooleanProperty(this, "addCompute", true);

    private final ReadOnlyStringWrapper nameProblem = new ReadOnlyStringWrapper(this, "nameProblem");
    private final ReadOnlyStringWrapper parentProblem = new ReadOnlyStringWrapper(this, "parentProblem");
    private final ReadOnlyStringWrapper pointProblem = new ReadOnlyStringWrapper(this, "pointProblem");
    private final ReadOnlyStringWrapper expirationProblem = new ReadOnlyStringWrapper(this, "expirationProblem");
    private final ReadOnlyStringWrapper windowText = new ReadOnlyStringWrapper(this, "windowText", "");
    private final ReadOnlyObjectWrapper<HistoryWindow> window = new ReadOnlyObjectWrapper<>(this, "window");
    private final ReadOnlyObjectWrapper<UserError> failure = new ReadOnlyObjectWrapper<>(this, "failure");
    private final ReadOnlyBooleanWrapper creating = new ReadOnlyBooleanWrapper(this, "creating");
    private final ReadOnlyBooleanWrapper canCreate = new ReadOnlyBooleanWrapper(this, "canCreate");
    private final ObservableList<Branch> parents = FXCollections.observableArrayList();
    private long windowGeneration;
    private UiExecutor.Task creation = UiExecutor.Task.DONE;
    private UiExecutor.Task windowLoad = UiExecutor.Task.DONE;
    /** Another client may take the name or change the parent while the dialog is open. */
    private final ChangeListener<Number> following = (o, a, b) -> check();

    public CreateBranchViewModel(BranchBackend backend, UiExecutor executor, Activity activity, ProjectState state,
                                 String parentId, Consumer<Branch> onCreated, Runnable onClose) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.activity = Objects.requireNonNull(activity);
        this.state = Objects.requireNonNull(state);
        this.onCreated = Objects.requireNonNull(onCreated);
        this.onClose = Objects.requireNonNull(onClose);
        parents.setAll(state.branches().stream()
                .sorted(Comparator.comparing((Branch b) -> !b.isDefault()).thenComparing(Branch::name)).toList());
        name.addListener((o, a, b) -> check());
        parent.addListener((o, a, b) -> parentChanged());
        pointKind.addListener((o, a, b) -> check());
        timestamp.addListener((o, a, b) -> check());
        lsn.addListener((o, a, b) -> check());
        schemaOnly.addListener((o, a, b) -> check());
        protect.addListener((o, a, b) -> check());
        expiration.addListener((o, a, b) -> check());
        customExpiration.addListener((o, a, b) -> check());
        state.versionProperty().addListener(following);
        customExpiration.set(Formats.dateTime(ExpirationChoice.ONE_DAY.from(state.clock().instant()), state.zone()));
        Branch initial = state.branch(parentId);
        parent.set(initial != null ? initial : parents.isEmpty() ? null : parents.get(0));
        check();
    }

    // Properties: inputs

    public StringProperty nameProperty() {
        return name;
    }

    public ObjectProperty<Branch> parentProperty() {
        return parent;
    }

    public ObjectProperty<PointKind> pointKindProperty() {
        return pointKind;
    }

    /** For {@link PointKind#TIMESTAMP}: {@code yyyy-MM-dd HH:mm:ss} in local time. */
    public StringProperty timestampProperty() {
        return timestamp;
    }

    /** For {@link PointKind#LSN}: {@code X/Y}. */
    public StringProperty lsnProperty() {
        return lsn;
    }

    public BooleanProperty schemaOnlyProperty() {
        return schemaOnly;
    }

    public BooleanProperty protectProperty() {
        return protect;
    }

    public ObjectProperty<ExpirationChoice> expirationProperty() {
        return expiration;
    }

    /** For {@link ExpirationChoice#CUSTOM}: {@code yyyy-MM-dd HH:mm} in local time. */
    public StringProperty customExpirationProperty() {
        return customExpiration;
    }

    public BooleanProperty addComputeProperty() {
        return addCompute;
    }

    // Properties: what the inputs lead to

    /** The branches a new branch can start from, the default first. */
    public ObservableList<Branch> parents() {
        return FXCollections.unmodifiableObservableList(parents);
    }

    public ReadOnlyStringProperty nameProblemProperty() {
        return nameProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty parentProblemProperty() {
        return parentProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty pointProblemProperty() {
        return pointProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty expirationProblemProperty() {
        return expirationProblem.getReadOnlyProperty();
    }

    /** The parent's history window in words, once loaded. */
    public ReadOnlyStringProperty windowTextProperty() {
        return windowText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<HistoryWindow> windowProperty() {
        return window.getReadOnlyProperty();
    }

    /** Why the last attempt failed, as the backend said it. */
    public ReadOnlyObjectProperty<UserError> failureProperty() {
        return failure.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty creatingProperty() {
        return creating.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCreateProperty() {
        return canCreate.getReadOnlyProperty();
    }

    // Commands

    public void create() {
        check();
        if (!canCreate.get()) {
            return;
        }
        Branch from = parent.get();
        PointInTime point = point();
        CreateBranchSpec spec = spec(from, point);
        creating.set(true);
        failure.set(null);
        canCreate.set(false);
        creation = activity.run("Creating \"" + spec.name() + "\"", () -> {
            if (!point.isHead()) {
                backend.resolve(from.id(), point); // refuses a point outside the window with its sentence
            }
            return backend.createBranch(spec);
        }, (BranchResult r) -> {
            creating.set(false);
            stopFollowing();
            onCreated.accept(r.branch());
            return "Created \"" + r.branch().name() + "\" from \"" + from.name() + "\".";
        }, error -> {
            creating.set(false);
            failure.set(error);
            check();
        });
    }

    /**
     * Closes the dialog. While creating, it stops waiting: the request may already have reached the backend,
     * so the status says the branch may still be created, and the list shows it if it is.
     */
    public void cancel() {
        windowLoad.cancel();
        creation.cancel();
        creating.set(false);
        stopFollowing();
        onClose.run();
    }

    /** The dialog has closed: the project state, which outlives it, keeps nothing of it. */
    private void stopFollowing() {
        state.versionProperty().removeListener(following);
    }

    // Checking

    private CreateBranchSpec spec(Branch from, PointInTime point) {
        CreateBranchSpec spec = CreateBranchSpec.named(name.get().strip()).withParent(from.id()).at(point);
        if (schemaOnly.get()) {
            spec = spec.schemaOnly();
        }
        if (protect.get()) {
            spec = spec.protect();
        }
        Instant expiresAt = expiresAt();
        if (expiresAt != null) {
            spec = spec.expiringAt(expiresAt);
        }
        if (addCompute.get()) {
            spec = spec.withEndpoint(EndpointSpec.readWrite());
        }
        return spec;
    }

    private void parentChanged() {
        window.set(null);
        windowText.set("");
        Branch from = parent.get();
        check();
        if (from == null) {
            return;
        }
        long mine = ++windowGeneration;
        windowLoad.cancel();
        windowLoad = executor.submit(() -> backend.historyWindow(from.id()), w -> {
            if (mine == windowGeneration) {
                window.set(w);
                windowText.set("\"" + from.name() + "\" has history from " + Formats.dateTimeSeconds(w.start(), state.zone())
                        + Formats.lsnAfter(w.startLsn()) + " to " + Formats.dateTimeSeconds(w.head(), state.zone())
                        + Formats.lsnAfter(w.headLsn()) + ".");
                if (timestamp.get().isBlank()) {
                    timestamp.set(Formats.dateTimeSeconds(w.head(), state.zone()));
                }
                if (lsn.get().isBlank()) {
                    lsn.set(w.headLsn().toString());
                }
                check();
            }
        }, thrown -> {
            if (mine == windowGeneration) {
                windowText.set(UserError.of(thrown, "Arbor could not load the parent's history window.").sentence());
            }
        });
    }

    private PointInTime point() {
        return switch (pointKind.get()) {
            case HEAD -> PointInTime.HEAD;
            case TIMESTAMP -> {
                Instant t = typedTime();
                yield t == null ? null : PointInTime.at(t);
            }
            case LSN -> Lsn.isWellFormed(lsn.get()) ? PointInTime.at(Lsn.parse(lsn.get())) : null;
        };
    }

    /**
     * The typed time. People type to the second and the window starts within one, so a time in the
     * window's first second means its start, which the field shows the same way.
     */
    private Instant typedTime() {
        return HistoryPoints.snapToStart(Formats.parseDateTime(timestamp.get(), state.zone()), window.get(),
                java.time.temporal.ChronoUnit.SECONDS);
    }

    private Instant expiresAt() {
        ExpirationChoice c = expiration.get();
        if (c == null || c == ExpirationChoice.NEVER) {
            return null;
        }
        return c == ExpirationChoice.CUSTOM ? Formats.parseDateTime(customExpiration.get(), state.zone())
                : c.from(state.clock().instant());
    }

    private void check() {
        BranchPolicy policy = state.policy();
        Branch from = parent.get();
        String n = name.get() == null ? "" : name.get().strip();
        BranchPolicy.Verdict nameVerdict = policy == null ? BranchPolicy.nameShape(n) : policy.nameAvailable(n, null);
        nameProblem.set(name.get() == null || name.get().isEmpty() ? null : nameVerdict.allowed() ? null : nameVerdict.message());

        if (from == null) {
            parentProblem.set("Choose the branch to start from.");
        } else if (policy != null) {
            BranchPolicy.Verdict v = schemaOnly.get() ? policy.branchCapacity(true) : policy.canCreateChild(from);
            if (v.allowed() && protect.get()) {
                v = policy.protectedCapacity();
            }
            parentProblem.set(v.allowed() ? null : v.message());
        }

        pointProblem.set(pointProblem(from));

        ExpirationChoice c = expiration.get();
        Instant at = expiresAt();
        if (c == ExpirationChoice.CUSTOM && at == null) {
            expirationProblem.set("Enter the date and time as yyyy-MM-dd HH:mm.");
        } else if (at != null) {
            BranchPolicy.Verdict v = BranchPolicy.expirationTime(at, state.clock().instant());
            expirationProblem.set(v.allowed() ? null : v.message());
        } else {
            expirationProblem.set(null);
        }

        canCreate.set(!creating.get() && !n.isEmpty() && nameVerdict.allowed() && parentProblem.get() == null
                && pointProblem.get() == null && expirationProblem.get() == null);
    }

    private String pointProblem(Branch from) {
        HistoryWindow w = window.get();
        String whose = from == null ? "the parent" : "\"" + from.name() + "\"";
        switch (pointKind.get()) {
            case HEAD -> {
                return null;
            }
            case TIMESTAMP -> {
                Instant t = typedTime();
                if (t == null) {
                    return "Enter the date and time as yyyy-MM-dd HH:mm:ss, for example "
                            + Formats.dateTimeSeconds(state.clock().instant(), state.zone()) + ".";
                }
                return HistoryPoints.timeProblem(t, w, whose, state.zone(), state.clock().instant(),
                        java.time.temporal.ChronoUnit.SECONDS);
            }
            case LSN -> {
                return HistoryPoints.lsnProblem(lsn.get(), w, whose);
            }
        }
        return null;
    }
}
