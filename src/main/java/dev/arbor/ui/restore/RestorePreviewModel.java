package dev.arbor.ui.restore;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.Capabilities;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Column;
import dev.arbor.domain.Database;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RowPage;
import dev.arbor.domain.TableInfo;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Time Travel Assist: the source's databases and tables at the chosen point, read-only, with row
 * counts and a paged table browser, compared with the target as it is now. Where the backend can give
 * only the schema at a point, the preview compares schemas and says why rows are not shown.
 */
public final class RestorePreviewModel {
    public static final int PAGE_SIZE = 25;

    private record Loaded(List<PreviewTable> tables, List<String> differences, String schema, String note) {
    }

    private final BranchBackend backend;
    private final UiExecutor executor;
    private final PreviewQueries queries;

    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper(this, "failure");
    private final ReadOnlyStringWrapper schema = new ReadOnlyStringWrapper(this, "schema", "");
    private final ObservableList<PreviewTable> tables = FXCollections.observableArrayList();
    // one read-only view, kept: a view made per call would be collected with the listeners added to it
    private final ObservableList<PreviewTable> tablesView = FXCollections.unmodifiableObservableList(tables);
    private final ObservableList<String> differences = FXCollections.observableArrayList();
    private final ObservableList<String> differencesView = FXCollections.unmodifiableObservableList(differences);
    private final ReadOnlyObjectWrapper<PreviewTable> browsing = new ReadOnlyObjectWrapper<>(this, "browsing");
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final ObservableList<String> columnsView = FXCollections.unmodifiableObservableList(columns);
    private final ObservableList<List<String>> rows = FXCollections.observableArrayList();
    private final ObservableList<List<String>> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper pageText = new ReadOnlyStringWrapper(this, "pageText", "");
    private final ReadOnlyBooleanWrapper hasPrevious = new ReadOnlyBooleanWrapper(this, "hasPrevious");
    private final ReadOnlyBooleanWrapper hasNext = new ReadOnlyBooleanWrapper(this, "hasNext");

    private Branch source;
    private PointInTime point;
    private Branch target;
    private long offset;
    private long total;
    private long generation;
    private long pageGeneration;
    private UiExecutor.Task previewLoad = UiExecutor.Task.DONE;
    private UiExecutor.Task pageLoad = UiExecutor.Task.DONE;

    public RestorePreviewModel(BranchBackend backend, UiExecutor executor) {
        this(backend, executor, null);
    }

    /** With the SQL tab's queries at the point, or none ({@code null}): then the table browser is all there is. */
    public RestorePreviewModel(BranchBackend backend, UiExecutor executor, PreviewQueries queries) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.queries = queries;
    }

    // Properties

    /** The SQL tab's queries at the point (Time Travel Assist), or null where the wizard has no SQL tab. */
    public PreviewQueries queries() {
        return queries;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** What the preview shows and, where rows cannot be shown, why not. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** Why the preview could not be loaded, or null. */
    public ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** The schema at the point as SQL, where the backend gives the schema but not rows. */
    public ReadOnlyStringProperty schemaProperty() {
        return schema.getReadOnlyProperty();
    }

    /** Every table at the point or on the target now, by database and name. */
    public ObservableList<PreviewTable> tables() {
        return tablesView;
    }

    /** How the target now differs from the point: schema first, then row counts. */
    public ObservableList<String> differences() {
        return differencesView;
    }

    /** The table the browser shows, or null. */
    public ReadOnlyObjectProperty<PreviewTable> browsingProperty() {
        return browsing.getReadOnlyProperty();
    }

    public ObservableList<String> columns() {
        return columnsView;
    }

    /** The page of rows the browser shows, each value as text. */
    public ObservableList<List<String>> rows() {
        return rowsView;
    }

    /** For example "Rows 26–50 of 120". */
    public ReadOnlyStringProperty pageTextProperty() {
        return pageText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasPreviousProperty() {
        return hasPrevious.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasNextProperty() {
        return hasNext.getReadOnlyProperty();
    }

    // Commands

    /**
     * Loads the preview of {@code source} at {@code point} (described as {@code pointText}) against
     * {@code target} now; a load still in flight is dropped.
     */
    public void load(Branch source, PointInTime point, String pointText, Branch target) {
        this.source = Objects.requireNonNull(source);
        this.point = Objects.requireNonNull(point);
        this.target = Objects.requireNonNull(target);
        long mine = ++generation;
        pageGeneration++;
        loading.set(true);
        failure.set(null);
        tables.clear();
        differences.clear();
        schema.set("");
        browsing.set(null);
        columns.clear();
        rows.clear();
        pageText.set("");
        hasPrevious.set(false);
        hasNext.set(false);
        Capabilities caps = backend.capabilities();
        note.set("Loading \"" + source.name() + "\" at " + pointText + "…");
        previewLoad.cancel();
        pageLoad.cancel();
        if (queries != null) {
            queries.showPoint(source, point, pointText);
        }
        previewLoad = executor.submit(() -> caps.rowsAtPoint() ? withRows(source, point, pointText, target)
                : caps.schemaAtPoint() ? schemaOnly(source, point, target) : nothing(), loaded -> {
            if (mine != generation) {
                return;
            }
            loading.set(false);
            note.set(loaded.note());
            tables.setAll(loaded.tables());
            differences.setAll(loaded.differences());
            schema.set(loaded.schema());
            if (caps.rowsAtPoint()) {
                tables.stream().filter(t -> t.rowsAtPoint() != null).findFirst().ifPresent(this::browse);
            }
        }, thrown -> {
            if (mine == generation) {
                loading.set(false);
                note.set("");
                failure.set(UserError.of(thrown, "Arbor could not load the preview.").sentence());
            }
        });
    }

    /** The wizard closed: stops reading the preview and its rows, and lets go of the point. */
    void stop() {
        generation++;
        pageGeneration++;
        previewLoad.cancel();
        pageLoad.cancel();
        loading.set(false);
        left();
    }

    /** The wizard left the preview: the SQL tab lets go of the point (what was typed stays). */
    void left() {
        if (queries != null) {
            queries.release();
        }
    }

    /** Escape: stops the SQL tab's query if one runs, and says whether it did. */
    boolean cancelQuery() {
        return queries != null && queries.cancelRunning();
    }

    /** Shows the first page of a table as it is at the point. */
    public void browse(PreviewTable table) {
        if (table == null || table.rowsAtPoint() == null || !backend.capabilities().rowsAtPoint()) {
            return;
        }
        browsing.set(table);
        loadPage(0);
    }

    public void nextPage() {
        if (hasNext.get()) {
            loadPage(offset + PAGE_SIZE);
        }
    }

    public void previousPage() {
        if (hasPrevious.get()) {
            loadPage(Math.max(0, offset - PAGE_SIZE));
        }
    }

    // Loading

    private void loadPage(long from) {
        PreviewTable t = browsing.get();
        long mine = ++pageGeneration;
        Branch s = source;
        PointInTime p = point;
        pageLoad.cancel();
        pageLoad = executor.submit(() -> backend.readRows(s.id(), t.database(), t.name(), p, from, PAGE_SIZE), (RowPage page) -> {
            if (mine != pageGeneration) {
                return;
            }
            offset = page.offset();
            total = page.total();
            List<String> names = page.schema().columns().stream().map(Column::name).toList();
            columns.setAll(names);
            rows.setAll(page.rows().stream().map(r -> names.stream().map(n -> text(r.get(n))).toList()).toList());
            long last = offset + page.rows().size();
            pageText.set(total == 0 ? "No rows at this point." : "Rows " + (offset + 1) + "–" + last + " of " + total);
            hasPrevious.set(offset > 0);
            hasNext.set(last < total);
        }, thrown -> {
            if (mine == pageGeneration) {
                rows.clear();
                pageText.set(UserError.of(thrown, "Arbor could not read the rows.").sentence());
            }
        });
    }

    private Loaded withRows(Branch source, PointInTime point, String pointText, Branch target) {
        Map<String, Map<String, TableInfo>> then = new LinkedHashMap<>();
        Map<String, Map<String, TableInfo>> now = new LinkedHashMap<>();
        Set<String> databases = databasesOf(source, target);
        for (String db : databases) {
            then.put(db, byName(tablesOrNone(source, db, point)));
            now.put(db, byName(tablesOrNone(target, db, PointInTime.HEAD)));
        }
        List<PreviewTable> all = new ArrayList<>();
        List<String> schemaDiffs = new ArrayList<>();
        List<String> countDiffs = new ArrayList<>();
        for (String db : databases) {
            Map<String, TableInfo> a = then.get(db);
            Map<String, TableInfo> b = now.get(db);
            for (String name : new TreeSet<>(union(a.keySet(), b.keySet()))) {
                TableInfo at = a.get(name);
                TableInfo cur = b.get(name);
                PreviewTable row = new PreviewTable(db, name, at == null ? null : at.rowCount(), cur == null ? null : cur.rowCount());
                all.add(row);
                String q = row.qualifiedName();
                if (cur == null) {
                    schemaDiffs.add(q + " is not on \"" + target.name() + "\" now; the restore brings it back with "
                            + rows(at.rowCount()) + ".");
                } else if (at == null) {
                    schemaDiffs.add(q + " is on \"" + target.name() + "\" now but not at the point; the restore removes it and its "
                            + rows(cur.rowCount()) + ".");
                } else {
                    if (!at.schema().columns().equals(cur.schema().columns()) || !at.schema().primaryKey().equals(cur.schema().primaryKey())) {
                        schemaDiffs.add(q + " has columns (" + columnsOf(at) + ") at the point and (" + columnsOf(cur) + ") now.");
                    }
                    if (at.rowCount() != cur.rowCount()) {
                        countDiffs.add(q + " has " + rows(at.rowCount()) + " at the point and " + rows(cur.rowCount())
                                + " now (" + row.change() + " after the restore).");
                    }
                }
            }
        }
        List<String> diffs = new ArrayList<>(schemaDiffs);
        diffs.addAll(countDiffs);
        if (diffs.isEmpty()) {
            diffs.add("\"" + target.name() + "\" now has the same tables, columns and row counts as the point.");
        }
        String note = "\"" + source.name() + "\" at " + pointText + ", read-only: " + all.stream()
                .filter(t -> t.rowsAtPoint() != null).count() + " tables in " + databases.size()
                + (databases.size() == 1 ? " database" : " databases") + ". Choose a table to browse its rows.";
        return new Loaded(all, diffs, "", note);
    }

    /** The databases of both branches, the source's first: the restore replaces all of the target's. */
    private Set<String> databasesOf(Branch source, Branch target) {
        Set<String> databases = databaseNames(source);
        databases.addAll(databaseNames(target));
        return databases;
    }

    private Set<String> databaseNames(Branch b) {
        return backend.listDatabases(b.id()).stream().map(Database::name).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private Loaded schemaOnly(Branch source, PointInTime point, Branch target) {
        StringBuilder sql = new StringBuilder();
        List<String> diffs = new ArrayList<>();
        // both sides: a database only on the target is dropped by the restore, and that is a difference
        Set<String> onTarget = databaseNames(target);
        Set<String> databases = databaseNames(source);
        databases.addAll(onTarget);
        for (String db : databases) {
            String atPoint = schemaOrNull(source, db, point);
            String then = atPoint == null ? "" : atPoint;
            String now = onTarget.contains(db) ? Objects.requireNonNullElse(schemaOrNull(target, db, PointInTime.HEAD), "") : "";
            if (atPoint == null && onTarget.contains(db)) {
                diffs.add(db + ": the database is on \"" + target.name() + "\" now but not at the point; the restore removes it.");
            }
            sql.append("-- database ").append(db).append('\n').append(atPoint == null ? "-- not at the point\n" : then + "\n");
            Set<String> a = statements(then);
            Set<String> b = statements(now);
            for (String s : a) {
                if (!b.contains(s)) {
                    diffs.add(db + ": only at the point: " + firstLine(s));
                }
            }
            for (String s : b) {
                if (!a.contains(s)) {
                    diffs.add(db + ": only on \"" + target.name() + "\" now: " + firstLine(s));
                }
            }
        }
        if (diffs.isEmpty()) {
            diffs.add("The schema of \"" + target.name() + "\" now is the same as at the point.");
        }
        String note = "Only the schema is shown: this backend can give the schema at a point in time, but not table "
                + "rows or row counts, so rows cannot be previewed or compared.";
        return new Loaded(List.of(), diffs, sql.toString(), note);
    }

    private static Loaded nothing() {
        return new Loaded(List.of(), List.of(), "", "This backend cannot read a branch at a point in time, so there is "
                + "nothing to preview. The summary on the next step says what the restore will do.");
    }

    private List<TableInfo> tablesOrNone(Branch b, String db, PointInTime p) {
        try {
            return backend.listTables(b.id(), db, p);
        } catch (ArborException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return List.of(); // the database did not exist there
            }
            throw e;
        }
    }

    /** The schema of {@code db} on {@code b} at {@code p}, or null where the database does not exist there. */
    private String schemaOrNull(Branch b, String db, PointInTime p) {
        try {
            return backend.schemaSql(b.id(), db, p);
        } catch (ArborException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private static Map<String, TableInfo> byName(List<TableInfo> infos) {
        Map<String, TableInfo> m = new LinkedHashMap<>();
        infos.forEach(i -> m.put(i.schema().name(), i));
        return m;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }

    private static Set<String> statements(String sql) {
        return Arrays.stream(sql.split(";")).map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("--"))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String firstLine(String statement) {
        int nl = statement.indexOf('\n');
        return nl < 0 ? statement : statement.substring(0, nl).strip() + " …";
    }

    private static String columnsOf(TableInfo t) {
        return t.schema().columns().stream().map(c -> c.name() + " " + c.type().sqlName()).collect(Collectors.joining(", "));
    }

    private static String rows(long n) {
        return n + (n == 1 ? " row" : " rows");
    }

    private static String text(Object v) {
        return v == null ? "NULL" : String.valueOf(v);
    }
}
