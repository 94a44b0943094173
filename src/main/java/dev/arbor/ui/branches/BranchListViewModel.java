package dev.arbor.ui.branches;

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
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Branches table: every branch of the project as a row, kept current by the backend's events,
 * narrowed by the search text and a quick filter. All state changes on the UI thread; backend calls
 * go through the {@link UiExecutor}.
 */
public final class BranchListViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BranchListViewModel.class);

    /**
     * One load of the project's branches with everything the first screen needs already built: the rows
     * and the maps they are looked up in. Built off the UI thread, so 10,000 rows cost the UI thread nothing.
     */
    private record Snapshot(Project project, Map<String, Branch> branches, Map<String, Endpoint> endpoints,
                            Map<String, Endpoint> primaryComputes, List<BranchRow> rows) {

        static Snapshot take(BranchBackend backend, ZoneId zone, Instant now) {
            Project project = backend.project();
            List<Branch> list = backend.listBranches();
            List<Endpoint> endpoints = backend.listProjectEndpoints();
            Map<String, Branch> byId = new LinkedHashMap<>(list.size() * 2);
            list.forEach(b -> byId.put(b.id(), b));
            Map<String, Endpoint> endpointsById = new HashMap<>(endpoints.size() * 2);
            Map<String, Endpoint> primaries = new HashMap<>(endpoints.size() * 2);
            endpoints.forEach(e -> putEndpoint(endpointsById, primaries, e));
            List<BranchRow> rows = new ArrayList<>(list.size());
            for (Branch b : list) {
                rows.add(rowOf(b, byId, primaries, zone, now));
            }
            return new Snapshot(project, byId, endpointsById, primaries, rows);
        }
    }

    /**
     * The list's first load, started on a worker as soon as the project is open, before the list and its page
     * exist: a subscription to the backend's changes (made first, so no change falls between it and the
     * snapshot), the events it sees meanwhile, and the snapshot with its rows. The page is built on the UI
     * thread while it runs, and {@link #start(FirstLoad)} takes it over. Its state changes on the UI thread only.
     */
    public static final class FirstLoad {
        private boolean arrived;
        private boolean abandoned;
        private Loaded result;
        private java.util.function.Consumer<Loaded> taker;

        private FirstLoad() {
        }

        private void arrived(Loaded loaded) {
            arrived = true;
            if (abandoned) {
                closeQuietly(loaded);
            } else if (taker != null) {
                taker.accept(loaded);
            } else {
                result = loaded;
            }
        }

        /** Lets go of the load, for a project closed before a list took it over. */
        public void discard() {
            abandoned = true;
            closeQuietly(result);
            result = null;
        }
    }

    /** What a first load brought: null parts where it could not subscribe. */
    private record Loaded(EventRelay relay, AutoCloseable subscription, Snapshot snapshot) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (subscription != null) {
                subscription.close();
            }
        }
    }

    /** Holds a subscription's events until a list takes them over, then passes them on. */
    private static final class EventRelay implements java.util.function.Consumer<BackendEvent> {
        private List<BackendEvent> held = new ArrayList<>();
        private java.util.function.Consumer<BackendEvent> target;

        @Override
        public synchronized void accept(BackendEvent event) {
            if (target != null) {
                target.accept(event);
            } else {
                held.add(event);
            }
        }

        synchronized List<BackendEvent> handTo(java.util.function.Consumer<BackendEvent> next) {
            target = next;
            List<BackendEvent> events = held;
            held = List.of();
            return events;
        }
    }

    private final BranchBackend backend;
    private final UiExecutor executor;
    private final ZoneId zone;
    private final Clock clock;

    private final ObservableList<BranchRow> rows = FXCollections.observableArrayList();
    private final ObservableList<BranchRow> publicRows = FXCollections.unmodifiableObservableList(rows);
    // Sorted, then filtered: a keystroke in the search field filters the sorted rows in one pass and never
    // sorts; only a new sort order sorts, once, over all rows.
    private final SortedList<BranchRow> sorted = new SortedList<>(publicRows);
    private final FilteredRows<BranchRow> visible = new FilteredRows<>(sorted);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObjectProperty<QuickFilter> filter = new SimpleObjectProperty<>(this, "filter", QuickFilter.ALL);
    private final IntegerProperty inactiveDays = new SimpleIntegerProperty(this, "inactiveDays", 7);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyBooleanWrapper liveUpdates = new ReadOnlyBooleanWrapper(this, "liveUpdates");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper(this, "count", "");
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(this, "version");
    private final ReadOnlyBooleanWrapper updating = new ReadOnlyBooleanWrapper(this, "updating");

    // The branches the rows were made from, by id, in the backend's order.
    private Map<String, Branch> branches = new LinkedHashMap<>();
    private Map<String, Endpoint> primaryComputes = new HashMap<>();
    private Map<String, Endpoint> endpointsById = new HashMap<>();
    private Project project;
    private BranchPolicy policy;
    // Events that arrive while a load is in flight wait here: the load's snapshot may have been taken
    // before them, so they are applied after it rather than overwritten by it.
    private List<BackendEvent> heldEvents;
    private long loadGeneration;
    private AutoCloseable subscription;
    private boolean started;
    private boolean closed;

    public BranchListViewModel(BranchBackend backend, UiExecutor executor, ZoneId zone) {
        this(backend, executor, Clock.system(zone));
    }

    public BranchListViewModel(BranchBackend backend, UiExecutor executor, Clock clock) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.clock = Objects.requireNonNull(clock);
        this.zone = clock.getZone();
        search.addListener((o, a, b) -> applyFilter());
        filter.addListener((o, a, b) -> applyFilter());
        inactiveDays.addListener((o, a, b) -> applyFilter());
    }

    // Properties

    /** Every row, in the backend's order. */
    public ObservableList<BranchRow> rows() {
        return publicRows;
    }

    /** The rows the search and the quick filter let through, in the {@link #sortOrderProperty() sort order}. */
    public ObservableList<BranchRow> visibleRows() {
        return visible;
    }

    /** How the visible rows are sorted (a table binds its column order here); null keeps the backend's order. */
    public ObjectProperty<java.util.Comparator<? super BranchRow>> sortOrderProperty() {
        return sorted.comparatorProperty();
    }

    /** Matched against any part of a branch's name or id, ignoring case. */
    public StringProperty searchProperty() {
        return search;
    }

    public ObjectProperty<QuickFilter> filterProperty() {
        return filter;
    }

    /** The N of {@link QuickFilter#INACTIVE}. */
    public IntegerProperty inactiveDaysProperty() {
        return inactiveDays;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** The last load's failure, or null. */
    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True while the rows follow the backend's changes without a refresh. */
    public ReadOnlyBooleanProperty liveUpdatesProperty() {
        return liveUpdates.getReadOnlyProperty();
    }

    /** One sentence about the list: loading, how many branches, or what went wrong. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** How many rows show: "12 branches", or "3 of 12 branches" while a search or filter narrows them. */
    public ReadOnlyStringProperty countProperty() {
        return count.getReadOnlyProperty();
    }

    /** Goes up whenever a branch or a compute changes, for models that follow the list. */
    public ReadOnlyLongProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    /**
     * True while rows are being replaced for a change; a table's selection moves on its own then, and
     * a view restores it from its model when {@link #versionProperty()} changes.
     */
    public ReadOnlyBooleanProperty updatingProperty() {
        return updating.getReadOnlyProperty();
    }

    /** The branch with this id as last seen, or null. */
    public Branch branch(String id) {
        return id == null ? null : branches.get(id);
    }

    /** The endpoints of a branch as last seen, read-write first. */
    public List<Endpoint> endpointsOf(String branchId) {
        return endpointsById.values().stream().filter(e -> e.branchId().equals(branchId))
                .sorted((a, b) -> a.type().compareTo(b.type())).toList();
    }

    /** The rules over the branches as last seen; null before the first load. */
    public BranchPolicy policy() {
        if (policy == null && project != null) {
            policy = BranchPolicy.of(project, branches.values());
        }
        return policy;
    }

    public Project project() {
        return project;
    }

    public ZoneId zone() {
        return zone;
    }

    public Clock clock() {
        return clock;
    }

    // Commands

    /**
     * Subscribes to the backend's changes, then loads the branches. Subscribing first means no change
     * can fall between the snapshot and the first event.
     */
    public void start() {
        if (started || closed) {
            return;
        }
        started = true;
        beginLoading();
        subscribeThenLoad();
    }

    private void subscribeThenLoad() {
        executor.submit(() -> backend.subscribe(this::onBackendEvent), this::subscribed, failure -> {
            LOG.warn("Could not subscribe to changes; the list updates on Refresh only", failure);
            refresh();
        });
    }

    /**
     * Starts with the load begun when the project opened ({@link #startLoading}); the list shows that it is
     * loading until the load arrives, and then needs no further round trip. Without one, the same as
     * {@link #start()}.
     */
    public void start(FirstLoad first) {
        if (first == null) {
            start();
            return;
        }
        if (started || closed) {
            first.discard();
            start();
            return;
        }
        started = true;
        beginLoading();
        first.taker = this::take;
        if (first.arrived) {
            Loaded loaded = first.result;
            first.result = null;
            take(loaded);
        }
    }

    /**
     * Begins the first load for a list over {@code backend}, from any thread: the work goes to {@code executor},
     * the result comes back on the UI thread and waits there for {@link #start(FirstLoad)}.
     */
    public static FirstLoad startLoading(BranchBackend backend, UiExecutor executor, Clock clock) {
        FirstLoad first = new FirstLoad();
        executor.submit(() -> load(backend, clock), first::arrived, failure -> first.arrived(null));
        return first;
    }

    // Subscribes, then takes the snapshot; null when the snapshot fails (the list's own start reports why).
    private static Loaded load(BranchBackend backend, Clock clock) {
        EventRelay relay = new EventRelay();
        AutoCloseable subscription;
        try {
            subscription = backend.subscribe(relay);
        } catch (RuntimeException e) {
            LOG.warn("Could not subscribe to changes; the list updates on Refresh only", e);
            subscription = null;
        }
        try {
            return new Loaded(relay, subscription, Snapshot.take(backend, clock.getZone(), clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("Loading the branches with the project failed; the list tries again: {}", e.getMessage());
            closeQuietly(subscription);
            return null;
        }
    }

    private void take(Loaded first) {
        if (closed) {
            closeQuietly(first);
            return;
        }
        if (first == null) {
            subscribeThenLoad();
            return;
        }
        // A refresh pressed while this load was under way may have landed first: its snapshot is the newer one,
        // so this one is dropped, and the changes the load's subscription saw are applied on top of the rows.
        boolean newerLanded = heldEvents == null;
        if (first.subscription() != null) {
            subscription = first.subscription();
            liveUpdates.set(true);
            List<BackendEvent> seen = first.relay().handTo(this::onBackendEvent);
            if (newerLanded) {
                updating.set(true);
                try {
                    seen.forEach(this::apply);
                } finally {
                    updating.set(false);
                }
                changed();
            } else {
                heldEvents.addAll(seen);
            }
        }
        if (!newerLanded) {
            loaded(++loadGeneration, first.snapshot());
        }
    }

    /** Loads the branches again, for backends without live events or after a failure. */
    public void refresh() {
        if (closed) {
            return;
        }
        beginLoading();
        long generation = ++loadGeneration;
        executor.submit(() -> Snapshot.take(backend, zone, clock.instant()),
                snapshot -> loaded(generation, snapshot),
                failure -> loadFailed(generation, failure));
    }

    public void clearSearch() {
        search.set("");
        filter.set(QuickFilter.ALL);
    }

    /** Stops following changes. Blocks briefly to unsubscribe, so call it when the page goes away. */
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
        updateStatus();
    }

    private void subscribed(AutoCloseable handle) {
        if (closed) {
            closeQuietly(handle);
            return;
        }
        subscription = handle;
        liveUpdates.set(true);
        refresh();
    }

    private void loaded(long generation, Snapshot snapshot) {
        if (closed || generation != loadGeneration) {
            return; // a newer refresh is on its way and will replace this snapshot
        }
        project = snapshot.project();
        branches = snapshot.branches();
        endpointsById = snapshot.endpoints();
        primaryComputes = snapshot.primaryComputes();
        updating.set(true);
        try {
            rows.setAll(snapshot.rows());
            List<BackendEvent> held = heldEvents;
            heldEvents = null;
            held.forEach(this::apply);
        } finally {
            updating.set(false);
        }
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
        // The rows still show the last good state; held events bring it closer to the truth.
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
                updating.set(true);
                try {
                    apply(event);
                } finally {
                    updating.set(false);
                }
                changed();
            }
        });
    }

    // Applying an event twice, or one the snapshot already contains, leaves the same rows.
    private void apply(BackendEvent event) {
        switch (event) {
            case BackendEvent.BranchCreated created -> upsert(created.branch());
            case BackendEvent.BranchChanged changed -> upsert(changed.branch());
            case BackendEvent.BranchDeleted deleted -> remove(deleted.branchId());
            case BackendEvent.EndpointChanged changed -> endpointChanged(changed.endpoint());
            case BackendEvent.OperationChanged ignored -> { }
        }
    }

    private void upsert(Branch b) {
        Branch previous = branches.put(b.id(), b);
        BranchRow row = rowOf(b, branches, primaryComputes, zone, clock.instant());
        int index = indexOf(b.id());
        if (index < 0) {
            rows.add(row);
        } else {
            replace(index, row);
        }
        if (previous == null || !previous.name().equals(b.name())) {
            refreshChildrenOf(b.id());
        }
    }

    private void remove(String branchId) {
        if (branches.remove(branchId) != null) {
            rows.removeIf(row -> row.id().equals(branchId));
        }
        endpointsById.values().removeIf(e -> e.branchId().equals(branchId));
        primaryComputes.remove(branchId);
    }

    private void endpointChanged(Endpoint e) {
        putEndpoint(e);
        Branch b = branches.get(e.branchId());
        int index = indexOf(e.branchId());
        if (b != null && index >= 0) {
            replace(index, rowOf(b, branches, primaryComputes, zone, clock.instant()));
        }
    }

    private void putEndpoint(Endpoint e) {
        putEndpoint(endpointsById, primaryComputes, e);
    }

    // The primary compute is the branch's read-write endpoint, as the Neon Console shows it.
    private static void putEndpoint(Map<String, Endpoint> byId, Map<String, Endpoint> primaries, Endpoint e) {
        byId.put(e.id(), e);
        Endpoint current = primaries.get(e.branchId());
        if (current == null || current.id().equals(e.id()) || e.type() == Endpoint.Type.READ_WRITE) {
            primaries.put(e.branchId(), e);
        }
    }

    private void refreshChildrenOf(String parentId) {
        java.time.Instant now = clock.instant();
        for (int i = 0; i < rows.size(); i++) {
            Branch child = branches.get(rows.get(i).id());
            if (child != null && parentId.equals(child.parentId())) {
                replace(i, rowOf(child, branches, primaryComputes, zone, now));
            }
        }
    }

    // A removal and an addition rather than one replacement: JavaFX 21's multi-selection TableView
    // throws from its behaviour when a selected row is replaced in a sorted view (the page re-selects by id).
    private void replace(int index, BranchRow row) {
        rows.remove(index);
        rows.add(index, row);
    }

    private int indexOf(String branchId) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id().equals(branchId)) {
                return i;
            }
        }
        return -1;
    }

    private static BranchRow rowOf(Branch b, Map<String, Branch> byId, Map<String, Endpoint> primaries, ZoneId zone,
                                   Instant now) {
        Branch parent = b.parentId() == null ? null : byId.get(b.parentId());
        return BranchRow.of(b, parent == null ? null : parent.name(), primaries.get(b.id()), zone, now);
    }

    // Filtering

    private void applyFilter() {
        String text = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        QuickFilter f = filter.get() == null ? QuickFilter.ALL : filter.get();
        java.time.Instant now = clock.instant();
        int days = Math.max(0, inactiveDays.get());
        visible.setPredicate(text.isEmpty() && f == QuickFilter.ALL ? null
                : row -> row.matches(text) && f.accepts(row, now, days));
        updateStatus();
    }

    private void changed() {
        policy = null;
        version.set(version.get() + 1);
        updateStatus();
    }

    private void updateStatus() {
        int n = rows.size();
        String all = n == 1 ? "1 branch" : n + " branches";
        count.set(visible.size() == n ? all : visible.size() + " of " + all);
        if (loading.get() && rows.isEmpty()) {
            status.set("Loading branches…");
        } else if (error.get() != null) {
            status.set(error.get().sentence());
        } else {
            status.set(all);
        }
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
