package dev.arbor.ui.branches;

import dev.arbor.backend.BackendEvent;
import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Branches page: every branch of the project as a row, kept current by the backend's events.
 * All state changes on the UI thread; backend calls go through the {@link UiExecutor}.
 */
public final class BranchListViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BranchListViewModel.class);

    private final BranchBackend backend;
    private final UiExecutor executor;
    private final ZoneId zone;

    private final ObservableList<BranchRow> rows = FXCollections.observableArrayList();
    private final ObservableList<BranchRow> publicRows = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyBooleanWrapper liveUpdates = new ReadOnlyBooleanWrapper(this, "liveUpdates");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    // The branches the rows were made from, by id, in the backend's order.
    private final Map<String, Branch> branches = new LinkedHashMap<>();
    // Events that arrive while a load is in flight wait here: the load's snapshot may have been taken
    // before them, so they are applied after it rather than overwritten by it.
    private List<BackendEvent> heldEvents;
    private long loadGeneration;
    private AutoCloseable subscription;
    private boolean started;
    private boolean closed;

    public BranchListViewModel(BranchBackend backend, UiExecutor executor, ZoneId zone) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.zone = Objects.requireNonNull(zone);
    }

    // Properties

    /** The rows, in the backend's order; the view sorts its own copy. */
    public ObservableList<BranchRow> rows() {
        return publicRows;
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
        executor.submit(() -> backend.subscribe(this::onBackendEvent), this::subscribed, failure -> {
            LOG.warn("Could not subscribe to changes; the list updates on Refresh only", failure);
            refresh();
        });
    }

    /** Loads the branches again, for backends without live events or after a failure. */
    public void refresh() {
        if (closed) {
            return;
        }
        beginLoading();
        long generation = ++loadGeneration;
        executor.submit(backend::listBranches,
                list -> loaded(generation, list),
                failure -> loadFailed(generation, failure));
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

    private void loaded(long generation, List<Branch> list) {
        if (closed || generation != loadGeneration) {
            return; // a newer refresh is on its way and will replace this snapshot
        }
        branches.clear();
        list.forEach(b -> branches.put(b.id(), b));
        rows.setAll(list.stream().map(this::rowOf).toList());
        List<BackendEvent> held = heldEvents;
        heldEvents = null;
        held.forEach(this::apply);
        loading.set(false);
        error.set(null);
        updateStatus();
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
        updateStatus();
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
                updateStatus();
            }
        });
    }

    // Applying an event twice, or one the snapshot already contains, leaves the same rows.
    private void apply(BackendEvent event) {
        switch (event) {
            case BackendEvent.BranchCreated created -> upsert(created.branch());
            case BackendEvent.BranchChanged changed -> upsert(changed.branch());
            case BackendEvent.BranchDeleted deleted -> remove(deleted.branchId());
            case BackendEvent.EndpointChanged ignored -> { }
            case BackendEvent.OperationChanged ignored -> { }
        }
    }

    private void upsert(Branch b) {
        Branch previous = branches.put(b.id(), b);
        BranchRow row = rowOf(b);
        int index = indexOf(b.id());
        if (index < 0) {
            rows.add(row);
        } else {
            rows.set(index, row);
        }
        if (previous == null || !previous.name().equals(b.name())) {
            refreshChildrenOf(b.id());
        }
    }

    private void remove(String branchId) {
        if (branches.remove(branchId) != null) {
            rows.removeIf(row -> row.id().equals(branchId));
        }
    }

    private void refreshChildrenOf(String parentId) {
        for (int i = 0; i < rows.size(); i++) {
            Branch child = branches.get(rows.get(i).id());
            if (child != null && parentId.equals(child.parentId())) {
                rows.set(i, rowOf(child));
            }
        }
    }

    private int indexOf(String branchId) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id().equals(branchId)) {
                return i;
            }
        }
        return -1;
    }

    private BranchRow rowOf(Branch b) {
        Branch parent = b.parentId() == null ? null : branches.get(b.parentId());
        return BranchRow.of(b, parent == null ? null : parent.name(), zone);
    }

    private void updateStatus() {
        if (loading.get() && rows.isEmpty()) {
            status.set("Loading branches…");
        } else if (error.get() != null) {
            status.set(error.get().sentence());
        } else {
            int n = rows.size();
            status.set(n == 1 ? "1 branch" : n + " branches");
        }
    }

    private void closeQuietly(AutoCloseable handle) {
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
