package dev.arbor.ui.sql;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.PointAccess;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Database;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Role;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import dev.arbor.ui.restore.PreviewQueries;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Read-only SQL on a branch as it was at a point: the Restore wizard's SQL tab (Time Travel Assist). Statements go
 * through the backend's {@link PointAccess} for the point, which is opened on the first run and held while the point
 * is shown; another point or source closes it, and so does {@link #release()}. Each statement runs in a read-only
 * transaction, so whatever the backend's way in is, nothing typed here changes anything: a statement that would
 * write is refused with a sentence. A new point re-runs nothing; its results are cleared and the person runs again.
 */
public final class PointSqlModel implements PreviewQueries {

    /** What the tab is doing: no point shown yet, ready, connecting to the point, running. */
    public enum Phase { NO_POINT, READY, CONNECTING, RUNNING }

    private final BranchBackend backend;
    private final UiExecutor executor;

    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final StringProperty database = new SimpleStringProperty(this, "database");
    private final ObservableList<String> databases = FXCollections.observableArrayList();
    private final ObservableList<String> databasesView = FXCollections.unmodifiableObservableList(databases);
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.NO_POINT);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper(this, "banner", "");
    private final ObservableList<SqlResult> results = FXCollections.observableArrayList();
    private final ObservableList<SqlResult> resultsView = FXCollections.unmodifiableObservableList(results);
    private final ReadOnlyObjectWrapper<SqlError> error = new ReadOnlyObjectWrapper<>(this, "error");

    private Branch source;
    private PointInTime point;
    private String pointText = "";
    /** The way in at the shown point and its connection, or null until the first run. */
    private Held held;
    private UiExecutor.Task work = UiExecutor.Task.DONE;
    private UiExecutor.Task databaseLoad = UiExecutor.Task.DONE;
    /** Goes up whenever what is in flight no longer matters (another point, a release, a cancel). */
    private long generation;
    private long runStarted;

    public PointSqlModel(BranchBackend backend, UiExecutor executor) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
    }

    // Properties

    /** The script; it stays as typed while the wizard is open, whatever the point. */
    public StringProperty textProperty() {
        return text;
    }

    /** The database queries run in (a real input: the picker). */
    public StringProperty databaseProperty() {
        return database;
    }

    /** The source branch's databases, for the picker. */
    public ObservableList<String> databases() {
        return databasesView;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** One line about the last thing done ("Opening … at …", "Ran 2 statements in 9 ms."); "" after one result. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** What the tab reads, in words: the branch as it was at the point, read-only; "" before a point is shown. */
    public ReadOnlyStringProperty bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    /** The results of the last run, one per statement. */
    public ObservableList<SqlResult> results() {
        return resultsView;
    }

    /** Why the last run stopped short (a refusal, a write, no way in at the point), or null. */
    public ReadOnlyObjectProperty<SqlError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The result to show: the last one with rows (as psql shows the last), else the last; null before a run. */
    public SqlResult shownResult() {
        for (int i = results.size() - 1; i >= 0; i--) {
            if (results.get(i).hasRows()) {
                return results.get(i);
            }
        }
        return results.isEmpty() ? null : results.get(results.size() - 1);
    }

    // Commands

    @Override
    public void showPoint(Branch source, PointInTime point, String pointText) {
        Objects.requireNonNull(source);
        Objects.requireNonNull(point);
        boolean same = this.source != null && this.source.id().equals(source.id()) && point.equals(this.point);
        this.source = source;
        this.point = point;
        this.pointText = Objects.requireNonNull(pointText);
        banner.set("Queries read \"" + source.name() + "\" as it was at " + pointText + ", read-only: nothing run here "
                + "changes a branch.");
        if (phase.get() == Phase.NO_POINT) {
            phase.set(Phase.READY);
        }
        if (same) {
            return;
        }
        boolean hadResults = !results.isEmpty() || error.get() != null;
        stopAndLetGo();
        phase.set(Phase.READY); // a query in flight at the old point was dropped with it
        results.clear();
        error.set(null);
        status.set(hadResults ? "The point is now " + pointText + ". Nothing was run again: run the query to read there."
                : "Write a query and run it to read \"" + source.name() + "\" at " + pointText + ".");
        loadDatabases(source);
    }

    @Override
    public void release() {
        boolean busy = phase.get() == Phase.CONNECTING || phase.get() == Phase.RUNNING;
        stopAndLetGo();
        if (phase.get() != Phase.NO_POINT) {
            phase.set(Phase.READY);
        }
        if (busy) {
            status.set("Stopped: the preview was left while the query ran. Nothing was changed.");
        }
    }

    @Override
    public boolean cancelRunning() {
        Phase p = phase.get();
        if (p != Phase.CONNECTING && p != Phase.RUNNING) {
            return false;
        }
        cancel();
        return true;
    }

    /** Runs the selection {@code [from, to)}, or the whole script when nothing is selected. */
    public void run(int from, int to) {
        if (phase.get() != Phase.READY) {
            return;
        }
        String script = text.get() == null ? "" : text.get();
        int start = Math.max(0, Math.min(from, to));
        int end = Math.min(script.length(), Math.max(from, to));
        List<SqlScript.Statement> statements = start == end ? SqlScript.statements(script)
                : SqlScript.statements(script, start, end);
        error.set(null);
        if (statements.isEmpty()) {
            status.set(start == end ? "Nothing to run: write a query first." : "Nothing to run in the selection.");
            return;
        }
        String db = database.get();
        if (db == null) {
            status.set("\"" + source.name() + "\" has no database to query.");
            return;
        }
        results.clear();
        runStarted = System.nanoTime();
        Held h = held == null ? held = new Held(backend, source.id(), point) : held;
        boolean connected = h.connectedTo(db);
        long mine = ++generation;
        phase.set(connected ? Phase.RUNNING : Phase.CONNECTING);
        status.set(connected ? "Running…" : "Opening \"" + source.name() + "\" at " + pointText + "…");
        Branch at = source;
        work = executor.submit(() -> {
            SqlSession s = h.session(db, () -> role(at));
            executor.onUiThread(() -> {
                if (mine == generation) {
                    phase.set(Phase.RUNNING);
                    status.set(statements.size() == 1 ? "Running…" : "Running " + statements.size() + " statements…");
                }
            });
            for (int i = 0; i < statements.size(); i++) {
                SqlSession.Outcome o;
                try {
                    o = s.run(statements.get(i), true); // read-only, whatever the backend's way in allows
                } catch (SQLException e) {
                    boolean lost = (e.getSQLState() != null && e.getSQLState().startsWith("08")) || !s.isValid();
                    return new RunEnd(i, null, e, lost);
                }
                if (o instanceof SqlSession.Writes w) {
                    return new RunEnd(i, w.why(), null, false);
                }
                SqlScript.Statement st = statements.get(i);
                executor.onUiThread(() -> {
                    if (mine == generation) {
                        results.add(result(st, o));
                    }
                });
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
            return new RunEnd(-1, null, null, false);
        }, outcome -> {
            if (mine == generation) {
                ended(statements, outcome);
            }
        }, failure -> {
            if (mine == generation) {
                couldNotOpen(failure);
            }
        });
    }

    /** Runs the whole script. */
    public void runAll() {
        run(0, 0);
    }

    /** Stops opening the point, or stops the statement running; a stopped statement changed nothing. */
    public void cancel() {
        if (phase.get() == Phase.CONNECTING) {
            generation++;
            work.cancel();
            letGo(); // whatever the attempt has opened so far is closed with it
            phase.set(Phase.READY);
            status.set("Stopped opening \"" + source.name() + "\" at " + pointText + ".");
        } else if (phase.get() == Phase.RUNNING && held != null) {
            Held h = held;
            status.set("Cancelling…");
            executor.submit(() -> {
                h.cancel();
                return null;
            }, ignored -> { }, failure -> status.set("Arbor could not cancel the query: " + SqlEditorModel.message(failure)));
        }
    }

    /** Loads the next page of the result shown. */
    public void loadMore() {
        SqlResult last = results.isEmpty() ? null : results.get(results.size() - 1);
        if (phase.get() != Phase.READY || last == null || !last.moreProperty().get() || held == null) {
            return;
        }
        Held h = held;
        long mine = ++generation;
        phase.set(Phase.RUNNING);
        work = executor.submit(h::more, page -> {
            if (mine != generation) {
                return;
            }
            last.append(page.rows(), page.more());
            phase.set(Phase.READY);
            status.set(SqlResult.count(last.rows().size()) + " loaded" + (page.more() ? "; more to load." : ", all of them."));
        }, failure -> {
            if (mine != generation) {
                return;
            }
            last.noMore();
            phase.set(Phase.READY);
            status.set("Arbor could not load more rows: " + SqlEditorModel.message(failure));
        });
    }

    // Running

    private record RunEnd(int failedAt, String writes, SQLException failure, boolean lost) {
    }

    private static SqlResult result(SqlScript.Statement statement, SqlSession.Outcome o) {
        return switch (o) {
            case SqlSession.Rows rows -> SqlResult.rows(statement.text(), rows.columns(), rows.page(), rows.more(),
                    rows.elapsedMillis());
            case SqlSession.Done done -> SqlResult.done(statement.text(), done.command(), done.updateCount(),
                    done.elapsedMillis());
            case SqlSession.Writes w -> throw new IllegalStateException("not a result");
        };
    }

    private void ended(List<SqlScript.Statement> statements, RunEnd end) {
        phase.set(Phase.READY);
        if (end.failedAt() >= 0) {
            refused(statements, end);
            return;
        }
        long millis = (System.nanoTime() - runStarted) / 1_000_000;
        // one result says its own count and time under its rows
        status.set(results.size() == 1 ? "" : "Ran " + results.size() + " statements in " + millis + " ms.");
    }

    private void refused(List<SqlScript.Statement> statements, RunEnd end) {
        SqlScript.Statement s = statements.get(end.failedAt());
        int left = statements.size() - end.failedAt() - 1;
        String which = statements.size() == 1 ? "the statement" : "statement " + (end.failedAt() + 1);
        String after = left == 0 ? "" : " The " + (left == 1 ? "statement" : left + " statements") + " after it did not run.";
        if (end.writes() != null) {
            String sentence = "Not run: " + which + " would write, and here you only read \"" + source.name()
                    + "\" as it was at " + pointText + ". Nothing was changed." + after;
            error.set(new SqlError(sentence, "25006", -1));
            status.set(sentence);
            return;
        }
        SQLException e = end.failure();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String sentence;
        int offset = -1;
        if ("57014".equals(state)) {
            sentence = "Cancelled: the query was stopped and changed nothing." + after;
        } else if (end.lost()) {
            letGo();
            sentence = "The connection to \"" + source.name() + "\" at " + pointText + " was lost ("
                    + SqlEditorModel.message(e) + "). Run again to open it again.";
        } else {
            ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
            offset = m == null ? -1 : s.editorOffset(m.getPosition());
            String where = offset < 0 ? "" : " (line " + lineOf(text.get(), offset) + ", marked above)";
            String hint = m != null && m.getHint() != null ? " " + m.getHint() : "";
            sentence = "Postgres refused " + which + where + ": " + SqlEditorModel.message(e) + "." + hint + after;
        }
        error.set(new SqlError(sentence, state, offset));
        status.set(sentence);
    }

    private void couldNotOpen(Throwable failure) {
        letGo();
        phase.set(Phase.READY);
        String what = "Arbor could not open \"" + source.name() + "\" at " + pointText;
        UserError e = failure instanceof IllegalStateException ise ? new UserError(ise.getMessage(), "NOTHING_TO_CONNECT", null)
                : failure instanceof SQLException sql
                ? new UserError(what + ": " + SqlEditorModel.message(sql) + ". Run again to try once more.", sql.getSQLState(), null)
                : UserError.of(failure, what + ".");
        error.set(new SqlError(e.sentence(), e.code() == null ? "" : e.code(), -1));
        status.set(e.sentence());
    }

    // The point's way in

    private void loadDatabases(Branch from) {
        databaseLoad.cancel();
        databaseLoad = executor.submit(() -> backend.listDatabases(from.id()).stream().map(Database::name).toList(), names -> {
            if (source != from) {
                return;
            }
            String chosen = database.get();
            databases.setAll(names);
            database.set(names.contains(chosen) ? chosen : names.contains(SqlEditorModel.DEFAULT_DATABASE)
                    ? SqlEditorModel.DEFAULT_DATABASE : names.isEmpty() ? null : names.get(0));
        }, failure -> {
            if (source == from) {
                status.set(UserError.of(failure, "Arbor could not list the databases of \"" + from.name() + "\".").sentence());
            }
        });
    }

    private String role(Branch from) {
        List<String> roles = backend.listRoles(from.id()).stream().map(Role::name).toList();
        if (roles.isEmpty()) {
            throw new IllegalStateException("\"" + from.name() + "\" has no role to connect with.");
        }
        return roles.contains(SqlEditorModel.DEFAULT_ROLE) ? SqlEditorModel.DEFAULT_ROLE : roles.get(0);
    }

    /** Drops what is in flight and closes what is held: the point's way in is let go. */
    private void stopAndLetGo() {
        generation++;
        work.cancel();
        databaseLoad.cancel();
        letGo();
        results.forEach(SqlResult::noMore); // their cursor went with the connection
    }

    private void letGo() {
        Held h = held;
        held = null;
        if (h != null) {
            executor.submit(() -> {
                h.close();
                return null;
            }, ignored -> { }, failure -> { });
        }
    }

    private static int lineOf(String script, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < script.length(); i++) {
            if (script.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * The way in at one point and the connection made through it, opened on workers. A close can overtake an opening
     * at any moment: what is opened after it is closed at once, so nothing is left behind (on Neon, a temporary branch).
     */
    private static final class Held {
        private final BranchBackend backend;
        private final String branchId;
        private final PointInTime point;
        private PointAccess access;
        private SqlSession session;
        private String sessionDatabase;
        private boolean closed;

        Held(BranchBackend backend, String branchId, PointInTime point) {
            this.backend = backend;
            this.branchId = branchId;
            this.point = point;
        }

        synchronized boolean connectedTo(String database) {
            return session != null && database.equals(sessionDatabase);
        }

        /** The connection to {@code database} at the point, opening the point and connecting as needed. */
        SqlSession session(String database, java.util.function.Supplier<String> role) throws SQLException {
            PointAccess a;
            SqlSession old = null;
            synchronized (this) {
                if (closed) {
                    throw new CancellationException();
                }
                if (session != null && database.equals(sessionDatabase)) {
                    return session;
                }
                a = access;
            }
            if (a == null) {
                PointAccess opened = backend.openPoint(branchId, point);
                synchronized (this) {
                    if (closed) {
                        opened.close();
                        throw new CancellationException();
                    }
                    access = a = opened;
                }
            }
            SqlSession s = SqlSession.open(a.connect(database, role.get()), a.options());
            synchronized (this) {
                if (closed) {
                    s.close();
                    throw new CancellationException();
                }
                old = session;
                session = s;
                sessionDatabase = database;
            }
            if (old != null) {
                old.close();
            }
            return s;
        }

        SqlSession.Page more() throws SQLException {
            SqlSession s;
            synchronized (this) {
                s = session;
            }
            return s == null ? new SqlSession.Page(List.of(), false) : s.more();
        }

        void cancel() throws SQLException {
            SqlSession s;
            synchronized (this) {
                s = session;
            }
            if (s != null) {
                s.cancel();
            }
        }

        void close() {
            SqlSession s;
            PointAccess a;
            synchronized (this) {
                closed = true;
                s = session;
                a = access;
                session = null;
                access = null;
            }
            try {
                if (s != null) {
                    s.cancel();
                    s.close();
                }
            } catch (SQLException e) {
                // the connection is going anyway; the server ends what it ran
            } finally {
                if (a != null) {
                    a.close();
                }
            }
        }
    }
}
