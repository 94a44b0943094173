package dev.arbor.ui.branches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A table rebuilds every cell when its items report a replacement; these tests pin down that a new search
 * reports rows leaving and rows arriving instead, and that the list always holds what the filter lets through.
 */
class FilteredRowsTest {
    private final ObservableList<String> source = FXCollections.observableArrayList(
            "main", "dev/alex", "dev/maria", "preview/pr-1", "preview/pr-2", "staging");
    private final SortedList<String> sorted = new SortedList<>(source);
    private final FilteredRows<String> rows = new FilteredRows<>(sorted);
    private final List<String> changes = new ArrayList<>();

    // What a listener saw last: each change must turn it into the list as it is when the change arrives.
    private List<String> seen;

    @BeforeEach
    void record() {
        seen = List.copyOf(rows);
        rows.addListener((ListChangeListener<String>) c -> {
            StringBuilder text = new StringBuilder();
            List<String> replayed = new ArrayList<>(seen);
            while (c.next()) {
                if (c.wasPermutated()) {
                    text.append("permuted ");
                    List<String> moved = new ArrayList<>(replayed);
                    for (int i = c.getFrom(); i < c.getTo(); i++) {
                        moved.set(c.getPermutation(i), replayed.get(i));
                    }
                    replayed = moved;
                    continue;
                }
                if (c.wasRemoved()) {
                    text.append("removed ").append(c.getRemoved()).append(" at ").append(c.getFrom()).append(' ');
                    replayed.subList(c.getFrom(), c.getFrom() + c.getRemovedSize()).clear();
                }
                if (c.wasAdded()) {
                    text.append("added ").append(c.getAddedSubList()).append(" at ").append(c.getFrom()).append(' ');
                    replayed.addAll(c.getFrom(), c.getAddedSubList());
                }
            }
            changes.add(text.toString().strip());
            assertEquals(List.copyOf(rows), replayed, "the change leads from what listeners saw to what the list holds");
            seen = List.copyOf(rows);
        });
    }

    @Test
    void narrowingTheSearchOnlyRemovesRows() {
        rows.setPredicate(s -> s.startsWith("dev") || s.startsWith("preview"));
        changes.clear();

        rows.setPredicate(s -> s.contains("pr-"));

        assertEquals(List.of("preview/pr-1", "preview/pr-2"), List.copyOf(rows));
        assertEquals(List.of("removed [dev/alex, dev/maria] at 0"), changes);
    }

    @Test
    void wideningTheSearchOnlyAddsRows() {
        rows.setPredicate(s -> s.contains("pr-"));
        changes.clear();

        rows.setPredicate(null);

        assertEquals(source, List.copyOf(rows));
        assertEquals(List.of("added [main, dev/alex, dev/maria] at 0 added [staging] at 5"), changes);
    }

    @Test
    void aDifferentSearchRemovesThenAddsAndNeverReplaces() {
        rows.setPredicate(s -> s.startsWith("dev"));
        changes.clear();

        rows.setPredicate(s -> s.equals("dev/maria") || s.equals("staging"));

        assertEquals(List.of("dev/maria", "staging"), List.copyOf(rows));
        assertEquals(List.of("removed [dev/alex] at 0", "added [staging] at 1"), changes);
        assertFalse(changes.stream().anyMatch(c -> c.contains("removed") && c.contains("added")));
    }

    @Test
    void aNewSortOrderMovesTheRowsThatPassWithoutRemovingThem() {
        rows.setPredicate(s -> s.startsWith("dev") || s.equals("main"));
        changes.clear();

        sorted.setComparator(Comparator.naturalOrder());

        assertEquals(List.of("dev/alex", "dev/maria", "main"), List.copyOf(rows));
        assertEquals(List.of("permuted"), changes);
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i), sorted.get(rows.getSourceIndex(i)));
        }
    }

    @Test
    void rowsAddedAndRemovedAtTheSourcePassTheFilterAsTheyCome() {
        rows.setPredicate(s -> s.startsWith("dev"));
        sorted.setComparator(Comparator.naturalOrder());
        changes.clear();

        source.add("dev/bob");
        source.add("qa");
        source.remove("dev/alex");

        assertEquals(List.of("dev/bob", "dev/maria"), List.copyOf(rows));
        assertEquals(List.of("added [dev/bob] at 1", "removed [dev/alex] at 0"), changes);
        assertEquals(0, rows.getViewIndex(sorted.indexOf("dev/bob")));
        assertEquals(-1, rows.getViewIndex(sorted.indexOf("qa")));
        assertTrue(rows.getSourceIndex(1) == sorted.indexOf("dev/maria"));
    }
}
