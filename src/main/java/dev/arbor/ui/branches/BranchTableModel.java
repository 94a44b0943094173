package dev.arbor.ui.branches;

import dev.arbor.backend.BackendEvent;
import dev.arbor.domain.Branch;
import dev.arbor.ui.common.UserError;
import dev.arbor.ui.project.ProjectSnapshot;
import dev.arbor.ui.project.ProjectState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;

/**
 * The Branches table: every branch of the {@link ProjectState} as a row, kept in step with it, sorted and
 * narrowed by the search text and a quick filter. It changes on the UI thread only.
 */
public final class BranchTableModel {
    private final ProjectState state;

    private final ObservableList<BranchRow> rows = FXCollections.observableArrayList();
    private final ObservableList<BranchRow> publicRows = FXCollections.unmodifiableObservableList(rows);
    // Sorted, then filtered: a keystroke in the search field filters the sorted rows in one pass and never
    // sorts; only a new sort order sorts, once, over all rows.
    private final SortedList<BranchRow> sorted = new SortedList<>(publicRows);
    private final FilteredRows<BranchRow> visible = new FilteredRows<>(sorted);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObjectProperty<QuickFilter> filter = new SimpleObjectProperty<>(this, "filter", QuickFilter.ALL);
    private final IntegerProperty inactiveDays = new SimpleIntegerProperty(this, "inactiveDays", 7);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper(this, "count", "");
    private final ReadOnlyBooleanWrapper updating = new ReadOnlyBooleanWrapper(this, "updating");

    /** Follows {@code state} from now on; made before its first load, the rows are built with the load. */
    public BranchTableModel(ProjectState state) {
        this.state = Objects.requireNonNull(state);
        search.addListener((o, a, b) -> applyFilter());
        filter.addListener((o, a, b) -> applyFilter());
        inactiveDays.addListener((o, a, b) -> applyFilter());
        state.loadingProperty().addListener((o, was, now) -> updateStatus());
        state.versionProperty().addListener((o, a, b) -> updateStatus());
        state.follow(new RowKeeper());
        updateStatus();
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
    public ObjectProperty<Comparator<? super BranchRow>> sortOrderProperty() {
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

    /** The project's loading, for the table's spinner. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return state.loadingProperty();
    }

    /** The last load's failure, or null. */
    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return state.errorProperty();
    }

    /** True while the rows follow the backend's changes without a refresh. */
    public ReadOnlyBooleanProperty liveUpdatesProperty() {
        return state.liveUpdatesProperty();
    }

    /** One sentence about the list: loading, how many branches, or what went wrong. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** How many rows show: "12 branches", or "3 of 12 branches" while a search or filter narrows them. */
    public ReadOnlyStringProperty countProperty() {
        return count.getReadOnlyProperty();
    }

    /**
     * True while rows are being replaced for a change; a table's selection moves on its own then, and
     * a view restores it from its model when the state's version changes.
     */
    public ReadOnlyBooleanProperty updatingProperty() {
        return updating.getReadOnlyProperty();
    }

    // Commands

    /** The table's Refresh: loads the project again. */
    public void refresh() {
        state.refresh();
    }

    public void clearSearch() {
        search.set("");
        filter.set(QuickFilter.ALL);
    }

    // Following the state

    /** Builds the rows of a load off the UI thread, and keeps them in step with each change after. */
    private final class RowKeeper implements ProjectState.Follower<List<BranchRow>> {
        @Override
        public List<BranchRow> picture(ProjectSnapshot snapshot) {
            Instant now = state.clock().instant();
            List<BranchRow> list = new ArrayList<>(snapshot.branches().size());
            for (Branch b : snapshot.branches()) {
                Branch parent = snapshot.branch(b.parentId());
                list.add(BranchRow.of(b, parent == null ? null : parent.name(), snapshot.primaryCompute(b.id()),
                        state.zone(), now));
            }
            return list;
        }

        @Override
        public void reloaded(List<BranchRow> picture) {
            updating.set(true);
            try {
                rows.setAll(picture);
            } finally {
                updating.set(false);
            }
        }

        @Override
        public void applied(BackendEvent event) {
            updating.set(true);
            try {
                switch (event) {
                    case BackendEvent.BranchCreated created -> upsert(created.branch());
                    case BackendEvent.BranchChanged changed -> upsert(changed.branch());
                    case BackendEvent.BranchDeleted deleted -> rows.removeIf(row -> row.id().equals(deleted.branchId()));
                    case BackendEvent.EndpointChanged changed -> computeChanged(changed.endpoint().branchId());
                    case BackendEvent.OperationChanged ignored -> { }
                }
            } finally {
                updating.set(false);
            }
        }
    }

    private void upsert(Branch b) {
        int index = indexOf(b.id());
        boolean named = index < 0 || !rows.get(index).name().equals(b.name());
        BranchRow row = rowOf(b, state.clock().instant());
        if (index < 0) {
            rows.add(row);
        } else {
            replace(index, row);
        }
        if (named) {
            refreshChildrenOf(b.id());
        }
    }

    private void computeChanged(String branchId) {
        Branch b = state.branch(branchId);
        int index = indexOf(branchId);
        if (b != null && index >= 0) {
            replace(index, rowOf(b, state.clock().instant()));
        }
    }

    private void refreshChildrenOf(String parentId) {
        Instant now = state.clock().instant();
        for (int i = 0; i < rows.size(); i++) {
            Branch child = state.branch(rows.get(i).id());
            if (child != null && parentId.equals(child.parentId())) {
                replace(i, rowOf(child, now));
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

    private BranchRow rowOf(Branch b, Instant now) {
        Branch parent = state.branch(b.parentId());
        return BranchRow.of(b, parent == null ? null : parent.name(), state.primaryCompute(b.id()), state.zone(), now);
    }

    // Filtering

    private void applyFilter() {
        String text = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        QuickFilter f = filter.get() == null ? QuickFilter.ALL : filter.get();
        Instant now = state.clock().instant();
        int days = Math.max(0, inactiveDays.get());
        visible.setPredicate(text.isEmpty() && f == QuickFilter.ALL ? null
                : row -> row.matches(text) && f.accepts(row, now, days));
        updateStatus();
    }

    private void updateStatus() {
        int n = rows.size();
        String all = n == 1 ? "1 branch" : n + " branches";
        count.set(visible.size() == n ? all : visible.size() + " of " + all);
        if (state.loadingProperty().get() && rows.isEmpty()) {
            status.set("Loading branches…");
        } else if (state.errorProperty().get() != null) {
            status.set(state.errorProperty().get().sentence());
        } else {
            status.set(all);
        }
    }
}
