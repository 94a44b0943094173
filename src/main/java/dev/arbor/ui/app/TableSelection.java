package dev.arbor.ui.app;

import dev.arbor.ui.branches.BranchRow;
import dev.arbor.ui.branches.BranchTableModel;
import dev.arbor.ui.project.ProjectState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.value.ChangeListener;
import javafx.util.Subscription;

/**
 * The branch table's selection and the page's, kept in step. The person's choice in the table becomes the page's
 * selection; a branch chosen elsewhere (a link, the palette, a new branch, the tree) is selected in the table and
 * scrolled into view; and rows a live update, a sort or a filter replaces keep their place in the selection, by id.
 *
 * <p>The table reports every change of its selection through {@link #tableChanged}; the ones it makes while it
 * shows what this model asked for, or while the list replaces its rows, are not the person's and change nothing.
 */
public final class TableSelection {
    /**
     * What the table should show: the rows (indices into {@link BranchTableModel#visibleRows()}) to select, the
     * row that has the keyboard and is the selected item ({@code -1}: none), and the row to scroll to the top of
     * the view ({@code -1}: leave the scrolling as it is).
     */
    public record Shown(List<Integer> selected, int focused, int scrollTo) {
        public Shown {
            selected = List.copyOf(selected);
        }
    }

    private final BranchesPageViewModel page;
    private final BranchTableModel list;
    private final ProjectState state;
    /** The branch of the table's selected item, as the table last reported it. */
    private String tableFocused;
    /** True while the table shows what this model asked for. */
    private boolean showing;

    TableSelection(BranchesPageViewModel page, BranchTableModel list, ProjectState state) {
        this.page = Objects.requireNonNull(page);
        this.list = Objects.requireNonNull(list);
        this.state = Objects.requireNonNull(state);
    }

    /**
     * A table follows the page's selection through {@code table} (which changes the table's selection as asked)
     * until the returned subscription ends. It is shown the page's selection at once.
     */
    public Subscription follow(Consumer<Shown> table) {
        Objects.requireNonNull(table);
        ChangeListener<String> chosen = (o, a, id) -> chosenElsewhere(id, table);
        ChangeListener<Number> changed = (o, a, b) -> show(table, kept());
        page.selectedIdProperty().addListener(chosen);
        state.versionProperty().addListener(changed);
        show(table, kept());
        return () -> {
            page.selectedIdProperty().removeListener(chosen);
            state.versionProperty().removeListener(changed);
        };
    }

    /**
     * The table's selection changed: {@code ids} are its selected rows' branches, {@code focused} the selected
     * item's (null: none).
     */
    public void tableChanged(List<String> ids, String focused) {
        tableFocused = focused;
        if (showing || list.updatingProperty().get()) {
            return;
        }
        page.setSelection(ids, focused);
    }

    private void chosenElsewhere(String id, Consumer<Shown> table) {
        if (id == null || id.equals(tableFocused)) {
            return;
        }
        int row = indexOf(id);
        if (row >= 0) {
            // a few rows of context above it
            show(table, new Shown(List.of(row), row, Math.max(0, row - 3)));
        }
    }

    /** The page's selection where the rows are now. */
    private Shown kept() {
        Set<String> wanted = new HashSet<>(page.selectedIds());
        String focused = page.selectedIdProperty().get();
        List<BranchRow> rows = list.visibleRows();
        List<Integer> selected = new ArrayList<>();
        int focus = -1;
        for (int i = 0; i < rows.size(); i++) {
            String id = rows.get(i).id();
            if (wanted.contains(id)) {
                selected.add(i);
            }
            if (id.equals(focused)) {
                focus = i;
            }
        }
        return new Shown(selected, focus, -1);
    }

    private int indexOf(String id) {
        List<BranchRow> rows = list.visibleRows();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private void show(Consumer<Shown> table, Shown shown) {
        showing = true;
        try {
            table.accept(shown);
        } finally {
            showing = false;
        }
    }
}
