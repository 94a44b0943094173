package dev.arbor.ui.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Ctrl+K: type part of a branch's name or id, or of an action's name, and press Enter. */
public final class CommandPaletteViewModel {
    static final int MAX_BRANCHES = 30;

    private final Supplier<List<PaletteItem>> actions;
    private final Supplier<List<PaletteItem>> branches;
    private final Runnable onClose;
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final ObservableList<PaletteItem> results = FXCollections.observableArrayList();

    CommandPaletteViewModel(Supplier<List<PaletteItem>> actions, Supplier<List<PaletteItem>> branches, Runnable onClose) {
        this.actions = Objects.requireNonNull(actions);
        this.branches = Objects.requireNonNull(branches);
        this.onClose = Objects.requireNonNull(onClose);
        query.addListener((o, a, b) -> search());
        search();
    }

    public StringProperty queryProperty() {
        return query;
    }

    /** Actions first, then branches, each whose label or detail contains the query. */
    public ObservableList<PaletteItem> results() {
        return FXCollections.unmodifiableObservableList(results);
    }

    public void choose(PaletteItem item) {
        if (item != null) {
            onClose.run();
            item.run().run();
        }
    }

    /** Enter in the search field: the first result. */
    public void chooseFirst() {
        choose(results.isEmpty() ? null : results.get(0));
    }

    public void cancel() {
        onClose.run();
    }

    private void search() {
        String q = query.get() == null ? "" : query.get().strip().toLowerCase(Locale.ROOT);
        List<PaletteItem> found = new ArrayList<>();
        for (PaletteItem a : actions.get()) {
            if (matches(a, q)) {
                found.add(a);
            }
        }
        int n = 0;
        for (PaletteItem b : branches.get()) {
            if (n < MAX_BRANCHES && matches(b, q)) {
                found.add(b);
                n++;
            }
        }
        results.setAll(found);
    }

    private static boolean matches(PaletteItem item, String q) {
        return q.isEmpty() || item.label().toLowerCase(Locale.ROOT).contains(q)
                || (item.detail() != null && item.detail().toLowerCase(Locale.ROOT).contains(q));
    }
}
