package dev.arbor.ui.branches;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.TransformationList;

/**
 * The rows a filter lets through, in their source's order. Unlike {@link javafx.collections.transformation.FilteredList},
 * a new filter is reported as the rows that leave, then the rows that arrive, never as one replacement of the
 * whole list: a {@code TableView} answers a replacement by throwing away and rebuilding every cell (new nodes,
 * CSS from scratch), which made each search keystroke over 10,000 branches cost a full table rebuild. Narrowing
 * the search only removes rows and widening it only adds them, so the table keeps its cells and only updates
 * their items; a selected row that still matches stays selected.
 */
final class FilteredRows<E> extends TransformationList<E, E> {
    private List<E> shown;
    private int[] sourceIndex;
    private Predicate<? super E> predicate;

    FilteredRows(ObservableList<E> source) {
        super(source);
        shown = new ArrayList<>(source);
        sourceIndex = new int[shown.size()];
        for (int i = 0; i < sourceIndex.length; i++) {
            sourceIndex[i] = i;
        }
    }

    /** Lets through the rows {@code test} accepts; null lets every row through. */
    void setPredicate(Predicate<? super E> test) {
        predicate = test;
        update(false);
    }

    @Override
    public E get(int index) {
        return shown.get(index);
    }

    @Override
    public int size() {
        return shown.size();
    }

    @Override
    public int getSourceIndex(int index) {
        if (index < 0 || index >= shown.size()) {
            throw new IndexOutOfBoundsException(index);
        }
        return sourceIndex[index];
    }

    @Override
    public int getViewIndex(int index) {
        int i = java.util.Arrays.binarySearch(sourceIndex, 0, shown.size(), index);
        return i < 0 ? -1 : i;
    }

    @Override
    protected void sourceChanged(ListChangeListener.Change<? extends E> c) {
        boolean permuted = false;
        while (c.next()) {
            permuted |= c.wasPermutated();
        }
        update(permuted);
    }

    private void update(boolean permuted) {
        ObservableList<? extends E> source = getSource();
        List<E> next = new ArrayList<>();
        int[] nextIndex = new int[source.size()];
        for (int i = 0; i < source.size(); i++) {
            E e = source.get(i);
            if (predicate == null || predicate.test(e)) {
                nextIndex[next.size()] = i;
                next.add(e);
            }
        }
        List<E> old = shown;
        if (permuted) {
            reorder(old, next, nextIndex);
        } else {
            removeThenAdd(old, next, nextIndex);
        }
    }

    // Rows keep their relative order: the ones that no longer pass leave in one change, the new ones arrive
    // in a second, so neither change replaces the list unless nothing at all stays.
    private void removeThenAdd(List<E> old, List<E> next, int[] nextIndex) {
        Set<E> inNext = identitySet(next);
        List<E> kept = new ArrayList<>(Math.min(old.size(), next.size()));
        for (E e : old) {
            if (inNext.contains(e)) {
                kept.add(e);
            }
        }
        int[] keptIndex = keptIndexes(kept, next, nextIndex);
        if (keptIndex == null) {
            replaceAll(old, next, nextIndex);
            return;
        }
        if (kept.size() < old.size()) {
            beginChange();
            int stays = 0;
            for (int i = 0; i < old.size(); ) {
                if (inNext.contains(old.get(i))) {
                    stays++;
                    i++;
                    continue;
                }
                int end = i;
                while (end < old.size() && !inNext.contains(old.get(end))) {
                    end++;
                }
                nextRemove(stays, new ArrayList<>(old.subList(i, end)));
                i = end;
            }
            shown = kept;
            sourceIndex = keptIndex;
            endChange();
        }
        if (next.size() == kept.size()) {
            shown = next;
            sourceIndex = nextIndex;
            return;
        }
        Set<E> before = identitySet(kept);
        beginChange();
        for (int i = 0; i < next.size(); ) {
            if (before.contains(next.get(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < next.size() && !before.contains(next.get(end))) {
                end++;
            }
            nextAdd(i, end);
            i = end;
        }
        shown = next;
        sourceIndex = nextIndex;
        endChange();
    }

    // Rows that stayed but moved (a source change this list cannot follow step by step): one replacement.
    private void replaceAll(List<E> old, List<E> next, int[] nextIndex) {
        beginChange();
        shown = next;
        sourceIndex = nextIndex;
        nextReplace(0, next.size(), new ArrayList<>(old));
        endChange();
    }

    // A new sort order: the same rows in new places.
    private void reorder(List<E> old, List<E> next, int[] nextIndex) {
        Map<E, Integer> newPlace = new IdentityHashMap<>(next.size() * 2);
        for (int i = 0; i < next.size(); i++) {
            newPlace.put(next.get(i), i);
        }
        if (old.size() != next.size() || !newPlace.keySet().containsAll(identitySet(old))) {
            removeThenAdd(old, next, nextIndex);
            return;
        }
        int[] permutation = new int[old.size()];
        for (int i = 0; i < old.size(); i++) {
            permutation[i] = newPlace.get(old.get(i));
        }
        beginChange();
        shown = next;
        sourceIndex = nextIndex;
        nextPermutation(0, old.size(), permutation);
        endChange();
    }

    /** Where the kept rows sit in the source, or null when they are not in the same order in {@code next}. */
    private static <E> int[] keptIndexes(List<E> kept, List<E> next, int[] nextIndex) {
        int[] result = new int[kept.size()];
        int k = 0;
        for (int i = 0; i < next.size() && k < kept.size(); i++) {
            if (next.get(i) == kept.get(k)) {
                result[k++] = nextIndex[i];
            }
        }
        return k == kept.size() ? result : null;
    }

    private static <E> Set<E> identitySet(List<E> items) {
        Set<E> set = Collections.newSetFromMap(new IdentityHashMap<>(items.size() * 2));
        set.addAll(items);
        return set;
    }
}
