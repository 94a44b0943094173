package dev.arbor.ui.sql;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What ran, per branch, newest first, for this session of the console only. Kept in memory on purpose: statements
 * carry data and secrets ({@code ALTER ROLE … PASSWORD}, customer rows in a WHERE), and the settings store is not a
 * place for either; a branch's editor opened again in the same session finds its history. At most
 * {@value #LIMIT} entries a branch.
 */
public final class SqlHistory {
    static final int LIMIT = 200;

    /** A statement that ran, when, and how it ended in words ("3 rows in 12 ms", the error's sentence). */
    public record Entry(String statement, Instant at, String outcome, boolean failed) {
    }

    private final Map<String, ObservableList<Entry>> byBranch = new HashMap<>();
    private final Map<String, ObservableList<Entry>> views = new HashMap<>();

    /** The branch's history, newest first; it changes as statements run. */
    public ObservableList<Entry> of(String branchId) {
        return views.computeIfAbsent(branchId, id -> FXCollections.unmodifiableObservableList(list(id)));
    }

    void add(String branchId, Entry entry) {
        ObservableList<Entry> l = list(branchId);
        l.add(0, entry);
        if (l.size() > LIMIT) {
            l.remove(LIMIT, l.size());
        }
    }

    private ObservableList<Entry> list(String branchId) {
        return byBranch.computeIfAbsent(branchId, id -> FXCollections.observableArrayList());
    }
}
