package dev.arbor.ui.diff;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Database;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.UnifiedDiff;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import dev.arbor.ui.project.ProjectState;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Schema diff: two branches, each at its head or a point in its history, and one database; the unified diff from
 * the base's schema to the compared one's, computed by {@link UnifiedDiff} from the backend's {@code schemaSql} — the
 * very text {@code arbor serve} returns for {@code compare_schema}. Reading runs off the UI thread and can be stopped;
 * a failure is a sentence and leaves the diff shown before in place.
 */
public final class SchemaDiffModel {

    /**
     * A diff as it was computed.
     *
     * @param caption what was compared, in words
     * @param text    the unified diff; empty when the schemas are the same
     */
    public record Result(String caption, String database, String text, List<DiffLine> lines, int added, int removed,
                         int hunks) {
        public boolean same() {
            return text.isEmpty();
        }

        /** What the diff says in one sentence. */
        public String summary() {
            if (same()) {
                return "The schemas are the same: " + caption + ".";
            }
            return plural(added, "line") + " added and " + plural(removed, "line") + " removed in "
                    + plural(hunks, "place") + ": " + caption + ".";
        }

        private static String plural(int n, String word) {
            return n + " " + word + (n == 1 ? "" : "s");
        }
    }

    private final BranchBackend backend;
    private final UiExecutor executor;
    private final ProjectState state;
    private final Runnable onClose;
    private final DiffSide base;
    private final DiffSide compared;
    private final InvalidationListener following = o -> follow();

    private final ObservableList<Branch> branches = FXCollections.observableArrayList();
    private final ObservableList<String> databases = FXCollections.observableArrayList();
    private final ObjectProperty<String> database = new SimpleObjectProperty<>(this, "database");
    private final ReadOnlyObjectWrapper<Result> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyObjectWrapper<UserError> failure = new ReadOnlyObjectWrapper<>(this, "failure");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final ReadOnlyBooleanWrapper canCompare = new ReadOnlyBooleanWrapper(this, "canCompare");
    private final ReadOnlyStringWrapper databasesText = new ReadOnlyStringWrapper(this, "databasesText", "");
    private UiExecutor.Task comparison = UiExecutor.Task.DONE;
    private UiExecutor.Task databaseLoad = UiExecutor.Task.DONE;
    private long databaseGeneration;
    /** Compares once on opening, when the first database list arrives, as Neon's Compare to parent does. */
    private boolean compareWhenReady = true;
    private boolean closed;

    /**
     * Opens on {@code baseId} against {@code compareId}, both at their heads; either may be null (the person picks).
     */
    public SchemaDiffModel(BranchBackend backend, UiExecutor executor, ProjectState state, String baseId,
                           String compareId, Runnable onClose) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.state = Objects.requireNonNull(state);
        this.onClose = Objects.requireNonNull(onClose);
        this.base = new DiffSide("base", backend, executor, state.clock());
        this.compared = new DiffSide("compared", backend, executor, state.clock());
        base.branchProperty().set(state.branch(baseId));
        compared.branchProperty().set(state.branch(compareId));
        listBranches();
        base.branchProperty().addListener((o, a, b) -> loadDatabases());
        compared.branchProperty().addListener((o, a, b) -> loadDatabases());
        base.problemProperty().addListener((o, a, b) -> check());
        compared.problemProperty().addListener((o, a, b) -> check());
        database.addListener((o, a, b) -> check());
        state.versionProperty().addListener(following);
        loadDatabases();
    }

    // Properties: inputs

    /** The side the diff starts from: its lines are the removals ({@code ---}, {@code a/}). */
    public DiffSide base() {
        return base;
    }

    /** The side the diff goes to: its lines are the additions ({@code +++}, {@code b/}). */
    public DiffSide compared() {
        return compared;
    }

    /** The database of the two branches to compare. */
    public ObjectProperty<String> databaseProperty() {
        return database;
    }

    // Properties: what the inputs lead to

    /** The project's branches, the default first. */
    public ObservableList<Branch> branches() {
        return FXCollections.unmodifiableObservableList(branches);
    }

    /**
     * The databases of the two branches, by name. One that only one branch has is listed too; comparing it fails with
     * the backend's sentence, as {@code compare_schema} does.
     */
    public ObservableList<String> databases() {
        return FXCollections.unmodifiableObservableList(databases);
    }

    /** Loading the databases, or why they could not be loaded; empty once they are. */
    public ReadOnlyStringProperty databasesTextProperty() {
        return databasesText.getReadOnlyProperty();
    }

    /** The last diff computed, or null before the first. */
    public ReadOnlyObjectProperty<Result> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** What is being read while {@link #loadingProperty()}. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Why the last comparison failed; the diff shown before it stays. */
    public ReadOnlyObjectProperty<UserError> failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** Why Compare is off, or null when it is on. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCompareProperty() {
        return canCompare.getReadOnlyProperty();
    }

    /** The diff to copy: the unified diff shown, or "" when there is none or the schemas are the same. */
    public String diffText() {
        Result r = result.get();
        return r == null ? "" : r.text();
    }

    // Commands

    /** Reads both schemas and diffs them; a comparison already running is stopped first. */
    public void compare() {
        check();
        if (!canCompare.get()) {
            return;
        }
        Branch from = base.branchProperty().get();
        Branch to = compared.branchProperty().get();
        PointInTime fromPoint = base.point();
        PointInTime toPoint = compared.point();
        String db = database.get();
        String caption = base.describe(fromPoint) + " → " + compared.describe(toPoint) + ", database \"" + db + "\"";
        comparison.cancel();
        failure.set(null);
        loading.set(true);
        progress.set("Reading the schema of \"" + db + "\" on \"" + from.name() + "\" and \"" + to.name() + "\"…");
        comparison = executor.submit(() -> {
            String before = backend.schemaSql(from.id(), db, fromPoint);
            String after = backend.schemaSql(to.id(), db, toPoint);
            return UnifiedDiff.diff("a/" + from.name() + "/" + db, before, "b/" + to.name() + "/" + db, after);
        }, text -> {
            loading.set(false);
            progress.set("");
            result.set(resultOf(caption, db, text));
        }, thrown -> {
            loading.set(false);
            progress.set("");
            failure.set(UserError.of(thrown, "Arbor could not read the schemas to compare."));
        });
    }

    /** Stops reading: the diff shown before stays. */
    public void stop() {
        comparison.cancel();
        loading.set(false);
        progress.set("");
    }

    /** Compares the other way round: the compared side becomes the base. */
    public void swap() {
        Branch b = base.branchProperty().get();
        DiffSide.At at = base.atProperty().get();
        base.branchProperty().set(compared.branchProperty().get());
        base.atProperty().set(compared.atProperty().get());
        compared.branchProperty().set(b);
        compared.atProperty().set(at);
    }

    /** Closes the Schema diff: stops everything it was reading and stops following the project. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        comparison.cancel();
        databaseLoad.cancel();
        base.stop();
        compared.stop();
        state.versionProperty().removeListener(following);
        onClose.run();
    }

    // Loading and checking

    private void loadDatabases() {
        long mine = ++databaseGeneration;
        databaseLoad.cancel();
        Branch a = base.branchProperty().get();
        Branch b = compared.branchProperty().get();
        check();
        if (a == null && b == null) {
            databases.clear();
            return;
        }
        databasesText.set("Loading the databases…");
        databaseLoad = executor.submit(() -> {
            TreeSet<String> names = new TreeSet<>();
            for (Branch x : new Branch[] {a, b}) {
                if (x != null) {
                    backend.listDatabases(x.id()).stream().map(Database::name).forEach(names::add);
                }
            }
            return List.copyOf(names);
        }, names -> {
            if (mine != databaseGeneration) {
                return;
            }
            databasesText.set(names.isEmpty() ? "Neither branch has a database." : "");
            String keep = database.get();
            databases.setAll(names);
            database.set(keep != null && names.contains(keep) ? keep : names.contains("neondb") ? "neondb"
                    : names.isEmpty() ? null : names.get(0));
            check();
            if (compareWhenReady && canCompare.get()) {
                compareWhenReady = false;
                compare();
            }
        }, thrown -> {
            if (mine == databaseGeneration) {
                databasesText.set(UserError.of(thrown, "Arbor could not list the branches' databases.").sentence());
            }
        });
    }

    /** Another client changed the project: a side whose branch was deleted says so. */
    private void follow() {
        for (DiffSide side : List.of(base, compared)) {
            Branch b = side.branchProperty().get();
            if (b != null && state.branch(b.id()) == null) {
                side.branchGone();
            }
        }
        listBranches();
        check();
    }

    /**
     * The branches to choose from. A side's own branch stays in the list as the very object chosen, even once it is
     * gone: a list without it would make its picker drop the choice, and with it the sentence saying why.
     */
    private void listBranches() {
        List<Branch> chosen = new java.util.ArrayList<>();
        for (DiffSide side : List.of(base, compared)) {
            if (side.branchProperty().get() != null) {
                chosen.add(side.branchProperty().get());
            }
        }
        java.util.Map<String, Branch> byId = new java.util.LinkedHashMap<>();
        for (Branch b : state.branches()) {
            byId.put(b.id(), b);
        }
        for (Branch c : chosen) {
            byId.put(c.id(), c);
        }
        List<Branch> wanted = sorted(List.copyOf(byId.values()));
        // an event that changes no name (a compute starting, a size) leaves the list alone
        if (!ids(wanted).equals(ids(branches))) {
            branches.setAll(wanted);
        }
    }

    private static List<String> ids(List<Branch> list) {
        return list.stream().map(b -> b.id() + "\u0000" + b.name()).toList();
    }

    private void check() {
        String why = base.problemProperty().get();
        if (why == null) {
            why = compared.problemProperty().get();
        }
        if (why == null && database.get() == null) {
            why = databases.isEmpty() && !databasesText.get().isEmpty() ? databasesText.get() : "Choose a database.";
        }
        problem.set(why);
        canCompare.set(why == null);
    }

    private static List<Branch> sorted(List<Branch> all) {
        return all.stream().sorted(Comparator.comparing((Branch b) -> !b.isDefault()).thenComparing(Branch::name)).toList();
    }

    private static Result resultOf(String caption, String db, String text) {
        List<DiffLine> lines = DiffLine.parse(text);
        int added = 0;
        int removed = 0;
        int hunks = 0;
        for (DiffLine l : lines) {
            switch (l.kind()) {
                case ADDED -> added++;
                case REMOVED -> removed++;
                case HUNK -> hunks++;
                default -> {
                }
            }
        }
        return new Result(caption, db, text, lines, added, removed, hunks);
    }
}
