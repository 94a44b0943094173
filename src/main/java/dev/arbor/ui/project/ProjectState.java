package dev.arbor.ui.project;

import dev.arbor.backend.BackendEvent;
import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.Project;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open project as the console last saw it: the project, its branches, their computes and the rules over
 * them, kept current by the backend's events. Every ViewModel of the project reads it, and follows
 * {@link #versionProperty()} to hear of changes; the Branches table also keeps its rows in step as a
 * {@link Follower}. It changes on the UI thread only (the console makes and starts it on the worker that opened
 * the project, before anything else sees it); backend calls go through the {@link UiExecutor}.
 */
public final class ProjectState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectState.class);

    /**
     * A model that keeps its own picture of the project in step with the state, as the Branches table keeps rows.
     *
     * @param <P> its picture of a whole snapshot
     */
    public interface Follower<P> {
        /** Builds the picture of a snapshot, on the worker that took it: 10,000 rows cost the UI thread nothing. */
        P picture(ProjectSnapshot snapshot);

        /** On the UI thread: the state now holds the snapshot this picture was made of. */
        void reloaded(P picture);

        /** On the UI thread: the state has applied this change, before its version goes up. */
        void applied(BackendEvent event);
    }

    /** A follower's picture of a snapshot. */
    private record Picture<P>(Follower<P> follower, P picture) {
        static <P> Picture<P> of(Follower<P> follower, ProjectSnapshot snapshot) {
            return new Picture<>(follower, follower.picture(snapshot));
        }

        void install() {
            follower.reloaded(picture);
        }
    }

    /** A snapshot with the pictures of the followers there were when it was taken. */
    private record Load(ProjectSnapshot snapshot, List<Picture<?>> pictures) {
    }

    /** What the first load brought: the subscription (null where it could not subscribe) and the snapshot. */
    private record FirstLoad(AutoCloseable subscription, Load load) {
    }

    private final BranchBackend backend;
    private final UiExecutor executor;
    private final Clock clock;
    private final ZoneId zone;
    private final List<Follower<?>> followers = new CopyOnWriteArrayList<>();

    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyBooleanWrapper liveUpdates = new ReadOnlyBooleanWrapper(this, "liveUpdates");
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(this, "version");

    private Project project;
    // The branches as last seen, by id, in the backend's order.
    private Map<String, Branch> branches = new LinkedHashMap<>();
    private Map<String, Endpoint> endpointsById = new HashMap<>();
    private Map<String, Endpoint> primaryComputes = new HashMap<>();
    private BranchPolicy policy;
    // Events that arrive while a load is in flight wait here: the load's snapshot may have been taken
    // before them, so they are applied after it rather than overwritten by it.
    private List<BackendEvent> heldEvents;
    private long loadGeneration;
    private AutoCloseable subscription;
    private boolean started;
    private boolean closed;

    public ProjectState(BranchBackend backend, UiExecutor executor, ZoneId zone) {
        this(backend, executor, Clock.system(zone));
    }

    public ProjectState(BranchBackend backend, UiExecutor executor, Clock clock) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.clock = Objects.requireNonNull(clock);
        this.zone = clock.getZone();
    }

    // Properties

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** The last load's failure, or null. */
    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True while the state follows the backend's changes without a refresh. */
    public ReadOnlyBooleanProperty liveUpdatesProperty() {
        return liveUpdates.getReadOnlyProperty();
    }

    /** Goes up whenever a branch or a compute changes, for models that follow the project. */
    public ReadOnlyLongProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    /** Null before the first load. */
    public Project project() {
        return project;
    }

    /** The branch with this id as last seen, or null. */
    public Branch branch(String id) {
        return id == null ? null : branches.get(id);
    }

    /** Every branch as last seen, in the backend's order (a branch created since comes last). */
    public List<Branch> branches() {
        return List.copyOf(branches.values());
    }

    /** The endpoints of a branch as last seen, read-write first. */
    public List<Endpoint> endpointsOf(String branchId) {
        return endpointsById.values().stream().filter(e -> e.branchId().equals(branchId))
                .sorted((a, b) -> a.type().compareTo(b.type())).toList();
    }

    /** The compute the console shows for a branch (its read-write one), or null. */
    public Endpoint primaryCompute(String branchId) {
        return primaryComputes.get(branchId);
    }

    /** The rules over the branches as last seen; null before the first load. */
    public BranchPolicy policy() {
        if (policy == null && project != null) {
            policy = BranchPolicy.of(project, branches.values());
        }
        return policy;
    }

    public ZoneId zone() {
        return zone;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Keeps {@code follower} in step from now on. Made before the first load, it gets its picture built with the
     * load, off the UI thread; made after, it gets the picture of what the state holds now.
     */
    public <P> void follow(Follower<P> follower) {
        followers.add(Objects.requireNonNull(follower));
        if (project != null) {
            Picture.of(follower, new ProjectSnapshot(project, branches, endpointsById, primaryComputes)).install();
        }
    }

    // Commands

    /**
     * The first load: subscribes to the backend's changes, then takes the snapshot, in one piece of work.
     * Subscribing first means no change can fall between the snapshot and the first event. The console starts it
     * on the worker that opened the project, so the branches load while the UI thread builds the page.
     */
    public void start() {
        if (started || closed) {
            return;
        }
        started = true;
        beginLoading();
        subscribeAndLoad(true);
    }

    // A first load that fails is tried once more, and only that failure is shown.
    private void subscribeAndLoad(boolean firstTry) {
        long generation = ++loadGeneration;
        executor.submit(this::subscribeAndTake, this::firstLoaded, failure -> {
            if (firstTry && !closed) {
                LOG.warn("Loading the branches with the project failed; trying again: {}", failure.getMessage());
                subscribeAndLoad(false);
            } else {
                loadFailed(generation, failure);
            }
        });
    }

    // Off the UI thread.
    private FirstLoad subscribeAndTake() {
        AutoCloseable handle;
        try {
            handle = backend.subscribe(this::onBackendEvent);
        } catch (RuntimeException e) {
            LOG.warn("Could not subscribe to changes; the branches update on Refresh only", e);
            handle = null;
        }
        try {
            return new FirstLoad(handle, take());
        } catch (RuntimeException e) {
            closeQuietly(handle);
            throw e;
        }
    }

    // Off the UI thread.
    private Load take() {
        ProjectSnapshot snapshot = ProjectSnapshot.take(backend);
        List<Picture<?>> pictures = new ArrayList<>(followers.size());
        for (Follower<?> f : followers) {
            pictures.add(Picture.of(f, snapshot));
        }
        return new Load(snapshot, pictures);
    }

    private void firstLoaded(FirstLoad first) {
        if (closed) {
            closeQuietly(first.subscription());
            return;
        }
        if (first.subscription() != null) {
            subscription = first.subscription();
            liveUpdates.set(true);
        }
        // A refresh pressed while this load was under way may have landed first: its snapshot is the newer one,
        // so this one is dropped; the changes the subscription saw meanwhile were applied on top of it.
        boolean newerLanded = heldEvents == null;
        if (!newerLanded) {
            loaded(++loadGeneration, first.load());
        }
    }

    /** Loads the project again, for backends without live events or after a failure. */
    public void refresh() {
        if (closed) {
            return;
        }
        beginLoading();
        long generation = ++loadGeneration;
        executor.submit(this::take, load -> loaded(generation, load), failure -> loadFailed(generation, failure));
    }

    /** Stops following changes. Blocks briefly to unsubscribe, so call it when the project goes away. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        liveUpdates.set(false);
        closeQuietly(subscription);
        subscription = null;
    }

    // Loading

    private void beginLoading() {
        loading.set(true);
        if (heldEvents == null) {
            heldEvents = new ArrayList<>();
        }
    }

    private void loaded(long generation, Load load) {
        if (closed || generation != loadGeneration) {
            return; // a newer refresh is on its way and will replace this snapshot
        }
        ProjectSnapshot snapshot = load.snapshot();
        project = snapshot.project;
        branches = snapshot.branches;
        endpointsById = snapshot.endpoints;
        primaryComputes = snapshot.primaryComputes;
        for (Follower<?> f : followers) {
            load.pictures().stream().filter(p -> p.follower() == f).findFirst()
                    .orElseGet(() -> Picture.of(f, snapshot)).install();
        }
        List<BackendEvent> held = heldEvents;
        heldEvents = null;
        held.forEach(this::apply);
        loading.set(false);
        error.set(null);
        changed();
    }

    private void loadFailed(long generation, Throwable failure) {
        if (closed || generation != loadGeneration) {
            return;
        }
        if (failure instanceof ArborException) {
            LOG.warn("Loading the branches failed: {}", failure.getMessage());
        } else {
            LOG.error("Loading the branches failed", failure);
        }
        // The state still holds the last good load; held events bring it closer to the truth.
        List<BackendEvent> held = heldEvents;
        heldEvents = null;
        held.forEach(this::apply);
        loading.set(false);
        error.set(UserError.of(failure, "Arbor could not load the branches."));
        changed();
    }

    // Live updates

    // Called on whichever thread changed the backend; nothing here may touch state directly.
    private void onBackendEvent(BackendEvent event) {
        executor.onUiThread(() -> {
            if (closed) {
                return;
            }
            if (heldEvents != null) {
                heldEvents.add(event);
            } else {
                apply(event);
                changed();
            }
        });
    }

    // Applying an event twice, or one the snapshot already contains, leaves the same state.
    private void apply(BackendEvent event) {
        switch (event) {
            case BackendEvent.BranchCreated created -> branches.put(created.branch().id(), created.branch());
            case BackendEvent.BranchChanged changed -> branches.put(changed.branch().id(), changed.branch());
            case BackendEvent.BranchDeleted deleted -> remove(deleted.branchId());
            case BackendEvent.EndpointChanged changed ->
                    ProjectSnapshot.putEndpoint(endpointsById, primaryComputes, changed.endpoint());
            case BackendEvent.OperationChanged ignored -> {
                return;
            }
        }
        for (Follower<?> f : followers) {
            f.applied(event);
        }
    }

    private void remove(String branchId) {
        branches.remove(branchId);
        endpointsById.values().removeIf(e -> e.branchId().equals(branchId));
        primaryComputes.remove(branchId);
    }

    private void changed() {
        policy = null;
        version.set(version.get() + 1);
    }

    private static void closeQuietly(AutoCloseable handle) {
        if (handle == null) {
            return;
        }
        try {
            handle.close();
        } catch (Exception e) {
            LOG.warn("Could not unsubscribe from changes", e);
        }
    }
}
