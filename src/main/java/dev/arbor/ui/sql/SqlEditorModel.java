package dev.arbor.ui.sql;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.backend.PointAccess;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Database;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Role;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import dev.arbor.ui.restore.PointPickerModel;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
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
 * The SQL editor of one branch: the script, running all of it or the selection, the results, errors with their
 * place in the script, cancel, the branch's history and CSV export. The connection is made on the first run (a
 * suspended compute wakes for it) and kept while the editor is open.
 *
 * <p><b>Safe mode</b> (seeds: the default branch is production's, and a protected branch is one people mean to
 * keep): on such a branch every statement runs first in a read-only transaction; one the server refuses there
 * writes, and it waits for the person to confirm it, shown in full, before it runs for real.
 *
 * <p><b>Time Travel</b> reads through {@link BranchBackend#openPoint}: the embedded engine's endpoint with the point in
 * Postgres's options, or on Neon a temporary branch at the point with a read-only compute. The editor holds that
 * access while it is at the point and closes it (on Neon: deletes the branch) when it leaves the point or closes.
 */
public final class SqlEditorModel {
    static final String DEFAULT_DATABASE = "neondb";
    static final String DEFAULT_ROLE = "neondb_owner";

    /** What the editor is doing. */
    public enum Phase { NOT_CONNECTED, CONNECTING, READY, RUNNING, CONFIRMING }

    private final BranchBackend backend;
    private final UiExecutor executor;
    private Branch branch;
    private final SqlHistory history;
    private final Clock clock;
    private final Runnable onClose;
    private final ReadOnlyBooleanWrapper safeMode = new ReadOnlyBooleanWrapper(this, "safeMode");
    private final ReadOnlyStringWrapper safeModeText = new ReadOnlyStringWrapper(this, "safeModeText", "");
    private final javafx.beans.property.ReadOnlyIntegerWrapper focusRequests =
            new javafx.beans.property.ReadOnlyIntegerWrapper(this, "focusRequests");

    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.NOT_CONNECTED);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper database = new ReadOnlyStringWrapper(this, "database", "");
    private final ObservableList<SqlResult> results = FXCollections.observableArrayList();
    private final ObservableList<SqlResult> resultsView = FXCollections.unmodifiableObservableList(results);
    private final ReadOnlyObjectWrapper<SqlError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyObjectWrapper<UserError> connectionError = new ReadOnlyObjectWrapper<>(this, "connectionError");
    private final ReadOnlyStringWrapper confirmation = new ReadOnlyStringWrapper(this, "confirmation");
    private final ReadOnlyStringWrapper confirmationReason = new ReadOnlyStringWrapper(this, "confirmationReason", "");

    private final ReadOnlyObjectWrapper<PointInTime> point = new ReadOnlyObjectWrapper<>(this, "point");
    private final ReadOnlyStringWrapper timeTravelText = new ReadOnlyStringWrapper(this, "timeTravelText", "");

    private SqlSession session;
    /** The point being read (Time Travel), open while the editor is there; null at the head. */
    private PointAccess access;
    private Attempt attempt;
    private UiExecutor.Task connecting;
    /** The statements of the run waiting for a confirmation, and the one waiting. */
    private List<SqlScript.Statement> pending = List.of();
    private int pendingIndex;
    private long runStarted;
    private boolean closed;

    public SqlEditorModel(BranchBackend backend, UiExecutor executor, Branch branch, SqlHistory history, Clock clock,
                          Runnable onClose) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.branch = Objects.requireNonNull(branch);
        this.history = Objects.requireNonNull(history);
        this.clock = Objects.requireNonNull(clock);
        this.onClose = Objects.requireNonNull(onClose);
        branchChanged(branch);
    }

    // Properties

    public Branch branch() {
        return branch;
    }

    /** The zone times are shown in (the history's). */
    public java.time.ZoneId zone() {
        return clock.getZone();
    }

    public String title() {
        return "SQL — " + branch.name();
    }

    /** The script: the editor's text. */
    public StringProperty textProperty() {
        return text;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** One line about the last thing done: "Waking the compute…", "3 rows in 12 ms", "Cancelled.". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Where the editor is connected, "neondb as neondb_owner", or "" before it is. */
    public ReadOnlyStringProperty databaseProperty() {
        return database.getReadOnlyProperty();
    }

    /** The results of the last run, one per statement, in order. */
    public ObservableList<SqlResult> results() {
        return resultsView;
    }

    /** The statement the server refused in the last run, or null. */
    public ReadOnlyObjectProperty<SqlError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Why the editor could not connect, or null. */
    public ReadOnlyObjectProperty<UserError> connectionErrorProperty() {
        return connectionError.getReadOnlyProperty();
    }

    /** The statement that writes and waits to be confirmed (safe mode), or null. */
    public ReadOnlyStringProperty confirmationProperty() {
        return confirmation.getReadOnlyProperty();
    }

    /** What safe mode found about that statement, in words. */
    public ReadOnlyStringProperty confirmationReasonProperty() {
        return confirmationReason.getReadOnlyProperty();
    }

    /** True on the default branch or a protected one, as the branch is now. */
    public ReadOnlyBooleanProperty safeModeProperty() {
        return safeMode.getReadOnlyProperty();
    }

    public boolean safeMode() {
        return safeMode.get();
    }

    /** Safe mode in words, for the banner; "" when it is off. */
    public ReadOnlyStringProperty safeModeTextProperty() {
        return safeModeText.getReadOnlyProperty();
    }

    public String safeModeText() {
        return safeModeText.get();
    }

    /** Goes up each time the editor is opened again while it is open: its window comes to the front. */
    public javafx.beans.property.ReadOnlyIntegerProperty focusRequestsProperty() {
        return focusRequests.getReadOnlyProperty();
    }

    /** The point queries read at (Time Travel), or null for the branch as it is now. */
    public ReadOnlyObjectProperty<PointInTime> pointProperty() {
        return point.getReadOnlyProperty();
    }

    /** Time Travel in words, for the banner; "" at the branch's head. */
    public ReadOnlyStringProperty timeTravelTextProperty() {
        return timeTravelText.getReadOnlyProperty();
    }

    /** A point picker for Time Travel: the same checks against the branch's history window as Create and Restore. */
    public PointPickerModel newPointPicker() {
        PointPickerModel picker = new PointPickerModel(backend, executor, clock);
        picker.load(branch);
        return picker;
    }

    /** Whether this backend lets the editor read at a point (the embedded engine and Neon do). */
    public boolean canTimeTravel() {
        return backend.capabilities().rowsAtPoint();
    }

    /** What ran on this branch in this session, newest first. */
    public ObservableList<SqlHistory.Entry> history() {
        return history.of(branch.id());
    }

    // Commands

    /** The branch as the project now has it (renamed, protected, made the default): safe mode follows it. */
    public void branchChanged(Branch now) {
        if (!now.id().equals(branch.id())) {
            throw new IllegalArgumentException("another branch");
        }
        branch = now;
        safeMode.set(now.isDefault() || now.isProtected());
        String what = now.isDefault() && now.isProtected() ? "the default branch and protected"
                : now.isDefault() ? "the default branch" : "protected";
        safeModeText.set(safeMode.get()
                ? "\"" + now.name() + "\" is " + what + ", so a statement that writes asks you first." : "");
    }

    /**
     * Time Travel: from now on every statement reads the branch as it was at {@code at}, read-only (Postgres refuses
     * writes there). The connection is made again at the point on the next run.
     */
    public void travelTo(PointInTime at) {
        if (at == null || at instanceof PointInTime.Head) {
            backToNow();
            return;
        }
        if (busyOrClosed()) {
            return;
        }
        point.set(at);
        timeTravelText.set("Queries read \"" + branch.name() + "\" as it was at " + describe(at)
                + ". Read-only: nothing can be changed here.");
        reconnectLater();
        status.set("Time Travel to " + describe(at) + ". Run a query to look.");
    }

    /** Leaves Time Travel: statements run on the branch as it is now again. */
    public void backToNow() {
        if (point.get() == null || busyOrClosed()) {
            return;
        }
        point.set(null);
        timeTravelText.set("");
        reconnectLater();
        status.set("Back to \"" + branch.name() + "\" as it is now.");
    }

    private boolean busyOrClosed() {
        return closed || phase.get() == Phase.CONNECTING || phase.get() == Phase.RUNNING || phase.get() == Phase.CONFIRMING;
    }

    private void reconnectLater() {
        closeQuietly(session);
        session = null;
        release(access);
        access = null;
        database.set("");
        results.clear();
        error.set(null);
        connectionError.set(null);
        phase.set(Phase.NOT_CONNECTED);
    }

    private String describe(PointInTime at) {
        return switch (at) {
            case PointInTime.AtLsn l -> "LSN " + l.lsn();
            case PointInTime.AtTimestamp t -> dev.arbor.ui.common.Formats.dateTimeMillis(t.timestamp(), clock.getZone());
            case PointInTime.Head h -> "now";
        };
    }

    void requestFocus() {
        focusRequests.set(focusRequests.get() + 1);
    }

    /** Runs the selection {@code [from, to)}, or the whole script when nothing is selected. */
    public void run(int from, int to) {
        if (phase.get() == Phase.CONNECTING || phase.get() == Phase.RUNNING || phase.get() == Phase.CONFIRMING || closed) {
            return;
        }
        String script = text.get() == null ? "" : text.get();
        int start = Math.max(0, Math.min(from, to));
        int end = Math.min(script.length(), Math.max(from, to));
        List<SqlScript.Statement> statements = start == end ? SqlScript.statements(script)
                : SqlScript.statements(script, start, end);
        error.set(null);
        if (statements.isEmpty()) {
            status.set(start == end ? "Nothing to run: write a statement first." : "Nothing to run in the selection.");
            return;
        }
        results.clear();
        runStarted = System.nanoTime();
        if (session == null) {
            connectThenRun(statements);
        } else {
            runFrom(statements, 0, false);
        }
    }

    /** Runs the whole script. */
    public void runAll() {
        run(0, 0);
    }

    /** Stops connecting, or stops the statement running; a statement stopped changes nothing. */
    public void cancel() {
        if (phase.get() == Phase.CONNECTING) {
            connecting.cancel();
            Attempt left = attempt;
            left.cancel();
            closeQuietly(left.session());
            release(left.access());
            phase.set(Phase.NOT_CONNECTED);
            status.set("Stopped connecting to \"" + branch.name() + "\".");
        } else if (phase.get() == Phase.RUNNING && session != null) {
            SqlSession s = session;
            status.set("Cancelling…");
            executor.submit(() -> {
                s.cancel();
                return null;
            }, ignored -> { }, failure -> status.set("Arbor could not cancel the statement: " + failure.getMessage()));
        }
    }

    /** Runs the statement safe mode held back, then the rest of the run. */
    public void confirmWrite() {
        if (phase.get() != Phase.CONFIRMING) {
            return;
        }
        confirmation.set(null);
        runFrom(pending, pendingIndex, true);
    }

    /** Leaves the statement safe mode held back unrun, and the rest of the run with it. */
    public void declineWrite() {
        if (phase.get() != Phase.CONFIRMING) {
            return;
        }
        SqlScript.Statement s = pending.get(pendingIndex);
        int left = pending.size() - pendingIndex - 1;
        history.add(branch.id(), new SqlHistory.Entry(s.text(), clock.instant(), "Not run: declined in safe mode", true));
        confirmation.set(null);
        pending = List.of();
        phase.set(Phase.READY);
        status.set("Not run: nothing was changed by that statement" + (left > 0 ? " or the " + left + " after it." : "."));
    }

    /** Loads the next page of the last result. */
    public void loadMore() {
        if (phase.get() != Phase.READY || results.isEmpty() || !results.get(results.size() - 1).moreProperty().get()) {
            return;
        }
        SqlResult last = results.get(results.size() - 1);
        SqlSession s = session;
        phase.set(Phase.RUNNING);
        executor.submit(s::more, page -> {
            if (closed) {
                return;
            }
            last.append(page.rows(), page.more());
            phase.set(Phase.READY);
            status.set(SqlResult.count(last.rows().size()) + " loaded" + (page.more() ? "; more to load." : ", all of them."));
        }, failure -> {
            if (closed) {
                return;
            }
            last.noMore();
            phase.set(Phase.READY);
            status.set("Arbor could not load more rows: " + message(failure));
        });
    }

    /**
     * Writes {@code result}'s loaded rows to {@code file} as CSV (RFC 4180); the status says how many, and when
     * more rows are left on the server, that they are not in the file.
     */
    public void exportCsv(SqlResult result, Path file) {
        List<String> columns = result.columns();
        List<List<String>> rows = List.copyOf(result.rows());
        boolean more = result.moreProperty().get();
        executor.submit(() -> {
            CsvExport.write(file, columns, rows);
            return null;
        }, ignored -> status.set("Exported " + SqlResult.count(rows.size()) + " to " + file.getFileName()
                + (more ? "; the rows not loaded yet are not in it (Load more first)." : ".")),
                failure -> status.set("Arbor could not write " + file.getFileName() + ": " + message(failure)));
    }

    /** Puts a statement from the history back into the editor. */
    public void recall(SqlHistory.Entry entry) {
        text.set(entry.statement());
    }

    /** Closes the editor and its connection (an open transaction of the person's is rolled back). */
    public void close() {
        if (closed) {
            return;
        }
        if (phase.get() == Phase.CONNECTING) {
            cancel();
        }
        closed = true;
        SqlSession s = session;
        session = null;
        release(access); // on Neon: deletes the temporary branch
        access = null;
        if (s != null) {
            executor.submit(() -> {
                s.cancel();
                s.close();
                return null;
            }, ignored -> { }, failure -> { });
        }
        onClose.run();
    }

    // Connecting and running

    /** One try at connecting, which a cancel can overtake at any point without leaving a connection open. */
    private static final class Attempt {
        private boolean cancelled;
        private SqlSession session;
        private PointAccess access;

        synchronized boolean offer(SqlSession s) {
            if (cancelled) {
                return false;
            }
            session = s;
            return true;
        }

        /** The point this attempt opened; false (close it) when the attempt was cancelled meanwhile. */
        synchronized boolean offer(PointAccess a) {
            if (cancelled) {
                return false;
            }
            access = a;
            return true;
        }

        synchronized void cancel() {
            cancelled = true;
        }

        synchronized SqlSession session() {
            return session;
        }

        synchronized PointAccess access() {
            return access;
        }
    }

    private record Connected(SqlSession session, PointAccess access, String database, String role) {
    }

    private void connectThenRun(List<SqlScript.Statement> statements) {
        Attempt mine = new Attempt();
        PointInTime at = point.get();
        PointAccess held = access;
        boolean makesBranch = backend.capabilities().pointsAreBranches();
        attempt = mine;
        phase.set(Phase.CONNECTING);
        connectionError.set(null);
        status.set("Connecting to \"" + branch.name() + "\"…");
        connecting = executor.submit(() -> {
            String db = pick(backend.listDatabases(branch.id()).stream().map(Database::name).toList(), DEFAULT_DATABASE);
            String role = pick(backend.listRoles(branch.id()).stream().map(Role::name).toList(), DEFAULT_ROLE);
            if (db == null || role == null) {
                throw new IllegalStateException("\"" + branch.name() + "\" has no " + (db == null ? "database" : "role")
                        + " to connect with. Create one on the branch first.");
            }
            PointAccess reading = held;
            if (reading != null) {
                try {
                    return connect(mine, reading, db, role);
                } catch (dev.arbor.domain.ArborException gone) {
                    if (gone.code() != dev.arbor.domain.ErrorCode.NOT_FOUND) {
                        throw gone;
                    }
                    reading = null; // the temporary branch expired on the server (after an hour): make another
                }
            }
            if (at != null && reading == null) {
                String opening = makesBranch ? "Making a temporary branch at " + describe(at) + " on Neon…"
                        : "Opening \"" + branch.name() + "\" at " + describe(at) + "…";
                executor.onUiThread(() -> {
                    if (attempt == mine && phase.get() == Phase.CONNECTING) {
                        status.set(opening);
                    }
                });
                reading = backend.openPoint(branch.id(), at);
                if (!mine.offer(reading)) {
                    reading.close();
                    throw new CancellationException();
                }
                executor.onUiThread(() -> {
                    if (attempt == mine && phase.get() == Phase.CONNECTING) {
                        status.set("Connecting to \"" + branch.name() + "\" at " + describe(at) + "…");
                    }
                });
            }
            try {
                return connect(mine, reading, db, role);
            } catch (Exception | Error e) {
                if (reading != held) {
                    reading.close(); // opened for this attempt: nothing may hold it after a failure
                }
                throw e;
            }
        }, c -> {
            if (closed) {
                closeQuietly(c.session());
                release(c.access());
                return;
            }
            session = c.session();
            if (access != c.access()) {
                release(access); // one that expired, replaced
            }
            access = c.access();
            database.set(c.database() + " as " + c.role());
            runFrom(statements, 0, false);
        }, failure -> {
            if (closed) {
                return;
            }
            phase.set(Phase.NOT_CONNECTED);
            UserError e = failure instanceof IllegalStateException ise
                    ? new UserError(ise.getMessage(), "NOTHING_TO_CONNECT", null)
                    : failure instanceof SQLException sql
                    ? new UserError("Arbor could not connect to \"" + branch.name() + "\": " + message(sql)
                            + " Run again to try once more.", sql.getSQLState(), null)
                    : failure instanceof dev.arbor.domain.ArborException refused && at != null
                    ? new UserError("Arbor could not connect to \"" + branch.name() + "\": " + refused.getMessage(),
                            refused.reason(), refused.details())
                    : UserError.of(failure, "Arbor could not connect to \"" + branch.name() + "\".");
            connectionError.set(e);
            status.set(e.sentence());
        });
    }

    /** Connects through {@code reading} (a point) or to the branch's own compute, waking it with progress. */
    private Connected connect(Attempt mine, PointAccess reading, String db, String role) throws SQLException {
        ConnectionDetails details = reading != null ? reading.connect(db, role)
                : backend.connectionDetails(branch.id(), db, role);
        String options = reading != null ? reading.options() : null;
        boolean asleep = backend.listEndpoints(branch.id()).stream()
                .anyMatch(e -> e.id().equals(details.endpointId()) && e.currentState() != Endpoint.State.ACTIVE);
        if (asleep) {
            executor.onUiThread(() -> {
                if (attempt == mine && phase.get() == Phase.CONNECTING) {
                    status.set("Waking the compute of \"" + branch.name() + "\"…");
                }
            });
        }
        SqlSession s = SqlSession.open(details, options);
        if (!mine.offer(s)) {
            s.close();
            throw new CancellationException();
        }
        return new Connected(s, reading, db, role);
    }

    private record Ran(int index, SqlSession.Outcome outcome) {
    }

    /** How a run ended: all done, stopped for a confirmation at an index, or refused at an index. */
    private record RunEnd(int count, int waitingAt, String why, int failedAt, SQLException failure, boolean lost) {
    }

    private void runFrom(List<SqlScript.Statement> statements, int from, boolean firstConfirmed) {
        SqlSession s = session;
        boolean safe = safeMode.get() && point.get() == null; // a point in history is read-only already
        phase.set(Phase.RUNNING);
        status.set(statements.size() - from == 1 ? "Running…" : "Running " + (statements.size() - from) + " statements…");
        executor.submit(() -> {
            for (int i = from; i < statements.size(); i++) {
                boolean readOnly = safe && !(firstConfirmed && i == from);
                SqlSession.Outcome o;
                try {
                    o = s.run(statements.get(i), readOnly);
                } catch (SQLException e) {
                    // asked here, off the UI thread: whether the connection survived the refusal
                    boolean lost = (e.getSQLState() != null && e.getSQLState().startsWith("08")) || !s.isValid();
                    return new RunEnd(i - from, -1, null, i, e, lost);
                }
                if (o instanceof SqlSession.Writes w) {
                    return new RunEnd(i - from, i, w.why(), -1, null, false);
                }
                Ran ran = new Ran(i, o);
                executor.onUiThread(() -> shown(statements, ran));
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
            return new RunEnd(statements.size() - from, -1, null, -1, null, false);
        }, end -> ended(statements, end), failure -> {
            if (!closed) {
                phase.set(Phase.READY);
                status.set(UserError.of(failure, "The run failed.").sentence());
            }
        });
    }

    private void shown(List<SqlScript.Statement> statements, Ran ran) {
        if (closed) {
            return;
        }
        String text = statements.get(ran.index()).text();
        SqlResult r = switch (ran.outcome()) {
            case SqlSession.Rows rows -> SqlResult.rows(text, rows.columns(), rows.page(), rows.more(), rows.elapsedMillis());
            case SqlSession.Done done -> SqlResult.done(text, done.command(), done.updateCount(), done.elapsedMillis());
            case SqlSession.Writes w -> throw new IllegalStateException("not a result");
        };
        results.add(r);
        history.add(branch.id(), new SqlHistory.Entry(text, clock.instant(), r.summary(), false));
    }

    private void ended(List<SqlScript.Statement> statements, RunEnd end) {
        if (closed) {
            return;
        }
        long millis = (System.nanoTime() - runStarted) / 1_000_000;
        if (end.waitingAt() >= 0) {
            pending = statements;
            pendingIndex = end.waitingAt();
            confirmationReason.set(end.why());
            confirmation.set(statements.get(end.waitingAt()).text());
            phase.set(Phase.CONFIRMING);
            status.set("Safe mode: this statement writes to \"" + branch.name() + "\". Run it?");
            return;
        }
        pending = List.of();
        phase.set(Phase.READY);
        if (end.failure() != null) {
            failed(statements, end.failedAt(), end.failure(), end.lost());
            return;
        }
        if (results.size() == 1) {
            status.set(results.get(0).summary() + ".");
        } else {
            status.set("Ran " + results.size() + " statements in " + millis + " ms.");
        }
    }

    private void failed(List<SqlScript.Statement> statements, int index, SQLException e, boolean lost) {
        SqlScript.Statement s = statements.get(index);
        int left = statements.size() - index - 1;
        String after = left == 0 ? "" : " The " + (left == 1 ? "statement" : left + " statements") + " after it did not run.";
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String sentence;
        int offset = -1;
        if ("57014".equals(state)) {
            sentence = "Cancelled: the statement was stopped and changed nothing." + after;
        } else if (lost) {
            closeQuietly(session);
            session = null;
            database.set("");
            phase.set(Phase.NOT_CONNECTED);
            sentence = "The connection to \"" + branch.name() + "\" was lost (" + message(e) + "). Run again to reconnect;"
                    + " whatever the statement did was not committed unless it had finished.";
        } else {
            ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
            offset = m == null ? -1 : s.editorOffset(m.getPosition());
            String where = offset < 0 ? "" : " (line " + lineOf(text.get(), offset) + ", marked in the editor)";
            String hint = m != null && m.getHint() != null ? " " + m.getHint() : "";
            sentence = "Postgres refused " + (statements.size() == 1 ? "the statement" : "statement " + (index + 1))
                    + where + ": " + message(e) + "." + hint + after;
        }
        error.set(new SqlError(sentence, state, offset));
        status.set(sentence);
        history.add(branch.id(), new SqlHistory.Entry(s.text(), clock.instant(), sentence, true));
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

    private static String pick(List<String> names, String preferred) {
        return names.contains(preferred) ? preferred : names.isEmpty() ? null : names.get(0);
    }

    /** The server's own message without pgjdbc's "ERROR: " and position suffixes. */
    static String message(Throwable failure) {
        if (failure instanceof PSQLException p && p.getServerErrorMessage() != null) {
            return p.getServerErrorMessage().getMessage();
        }
        String m = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    /** Closes a point off the UI thread (on Neon it deletes a branch); it never throws. */
    private void release(PointAccess a) {
        if (a == null) {
            return;
        }
        executor.submit(() -> {
            a.close();
            return null;
        }, ignored -> { }, failure -> { });
    }

    private void closeQuietly(SqlSession s) {
        if (s == null) {
            return;
        }
        executor.submit(() -> {
            s.close();
            return null;
        }, ignored -> { }, failure -> { });
    }
}
