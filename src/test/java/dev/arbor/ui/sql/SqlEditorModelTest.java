package dev.arbor.ui.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EngineOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL editor's model against a real embedded engine on Postgres: "main" is the default branch (safe mode),
 * "dev" an ordinary branch with its own compute, "vault" a protected one.
 */
class SqlEditorModelTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static Path dir;
    private static EmbeddedBackend backend;
    private final ThreadedUiExecutor ui = new ThreadedUiExecutor();
    private final SqlHistory history = new SqlHistory();
    private final List<SqlEditorModel> opened = new ArrayList<>();

    @BeforeAll
    static void openEngine() throws Exception {
        dir = Files.createTempDirectory("arbor-sql-editor");
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // Postgres runs as nobody under root
        }
        backend = EmbeddedBackend.open(dir, EngineOptions.defaults().withMaintenanceInterval(null));
        backend.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite()));
        String vault = backend.createBranch(CreateBranchSpec.named("vault").withEndpoint(EndpointSpec.readWrite())).branch().id();
        backend.updateBranch(vault, BranchPatch.protect(true));
        try (Connection c = connect("dev"); Statement s = c.createStatement()) {
            s.execute("create table if not exists items (id int primary key, name text)");
        }
    }

    @AfterAll
    static void closeEngine() throws Exception {
        if (backend != null) {
            backend.close();
        }
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @AfterEach
    void closeEditors() throws Exception {
        for (SqlEditorModel m : opened) {
            ui.run(m::close);
        }
        Thread.sleep(200); // the connections close on workers
        ui.close();
    }

    private static Connection connect(String branch) throws Exception {
        ConnectionDetails d = backend.connectionDetails(backend.getBranch(branch).id(), "neondb", "neondb_owner");
        return DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(null));
    }

    private static String one(String branch, String sql) throws Exception {
        try (Connection c = connect(branch); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private SqlEditorModel editor(String branchName) throws Exception {
        Branch b = backend.getBranch(branchName);
        SqlEditorModel m = ui.call(() -> new SqlEditorModel(backend, ui, b, history, Clock.systemUTC(), () -> { }));
        opened.add(m);
        return m;
    }

    private void runAll(SqlEditorModel m, String script) throws Exception {
        ui.run(() -> {
            m.textProperty().set(script);
            m.runAll();
        });
        awaitIdle(m);
    }

    private void awaitIdle(SqlEditorModel m) throws Exception {
        ui.await(() -> m.phaseProperty().get() == SqlEditorModel.Phase.READY
                || m.phaseProperty().get() == SqlEditorModel.Phase.CONFIRMING
                || m.phaseProperty().get() == SqlEditorModel.Phase.NOT_CONNECTED, WAIT);
    }

    @Test
    void aQueryShowsItsRowsTheirCountAndTheTime() throws Exception {
        SqlEditorModel m = editor("dev");
        runAll(m, "select g as n, 'row ' || g as label from generate_series(1, 3) g");
        List<SqlResult> results = ui.call(() -> List.copyOf(m.results()));
        assertEquals(1, results.size());
        assertEquals(List.of("n", "label"), results.get(0).columns());
        assertEquals(List.of(List.of("1", "row 1"), List.of("2", "row 2"), List.of("3", "row 3")), results.get(0).rows());
        assertTrue(ui.call(() -> m.statusProperty().get()).matches("3 rows in \\d+ ms\\."), ui.call(() -> m.statusProperty().get()));
        assertEquals("neondb as neondb_owner", ui.call(() -> m.databaseProperty().get()));
        assertNull(ui.call(() -> m.errorProperty().get()));
    }

    @Test
    void severalStatementsEachGiveAResultAndNullStaysNull() throws Exception {
        SqlEditorModel m = editor("dev");
        runAll(m, "insert into items values (1, 'one'), (2, null) on conflict do nothing;\n"
                + "select name from items where id in (1, 2) order by id;\n"
                + "delete from items where id in (1, 2);");
        List<SqlResult> results = ui.call(() -> List.copyOf(m.results()));
        assertEquals(3, results.size());
        assertTrue(results.get(0).summary().startsWith("INSERT: 2 rows changed in "), results.get(0).summary());
        assertEquals(List.of(List.of("one"), Collections.singletonList(null)), results.get(1).rows());
        assertTrue(results.get(2).summary().startsWith("DELETE: 2 rows changed"), results.get(2).summary());
        assertTrue(ui.call(() -> m.statusProperty().get()).startsWith("Ran 3 statements in "));
    }

    @Test
    void aLargeResultComesAPageAtATime() throws Exception {
        SqlEditorModel m = editor("dev");
        runAll(m, "select g from generate_series(1, 1200) g");
        SqlResult r = ui.call(() -> m.results().get(0));
        assertEquals(SqlSession.PAGE, ui.call(() -> r.rows().size()));
        assertTrue(ui.call(() -> r.moreProperty().get()));
        assertTrue(ui.call(r::summary).startsWith("First 500 rows of more"), ui.call(r::summary));
        ui.run(m::loadMore);
        awaitIdle(m);
        assertEquals(1000, ui.call(() -> r.rows().size()));
        ui.run(m::loadMore);
        awaitIdle(m);
        assertEquals(1200, ui.call(() -> r.rows().size()));
        assertFalse(ui.call(() -> r.moreProperty().get()));
        assertEquals(List.of("1200"), ui.call(() -> r.rows().get(1199)));
        assertEquals("1,200 rows loaded, all of them.", ui.call(() -> m.statusProperty().get()));
    }

    @Test
    void aLargeResultOfAStatementThatWroteIsCommittedAtOnce() throws Exception {
        SqlEditorModel m = editor("dev");
        runAll(m, "create table if not exists many (n int);\n"
                + "insert into many select g from generate_series(1, 600) g returning n");
        SqlResult r = ui.call(() -> m.results().get(1));
        assertEquals(500, ui.call(() -> r.rows().size()));
        assertFalse(ui.call(() -> r.moreProperty().get()), "no cursor is kept open over a change");
        assertEquals("600", one("dev", "select count(*) from many"), "another session sees the rows at once");
        runAll(m, "drop table many");
    }

    @Test
    void aSyntaxErrorIsASentenceAndItsPlaceInTheScript() throws Exception {
        SqlEditorModel m = editor("dev");
        String script = "select 1;\nselect name\n  frm items;\nselect 3;";
        runAll(m, script);
        SqlError e = ui.call(() -> m.errorProperty().get());
        assertNotNull(e);
        assertEquals("42601", e.sqlState());
        assertEquals(script.indexOf("items"), e.offset(), "Postgres points at the word after the mistake");
        assertEquals("Postgres refused statement 2 (line 3, marked in the editor): syntax error at or near \"items\"."
                + " The statement after it did not run.", e.sentence());
        assertEquals(1, ui.call(() -> m.results().size()), "the first statement ran, the third did not");
    }

    @Test
    void cancelStopsARunningStatementWithinSeconds() throws Exception {
        SqlEditorModel m = editor("dev");
        runAll(m, "select 1"); // connected, so the time below is the statement's
        ui.run(() -> {
            m.textProperty().set("select pg_sleep(30)");
            m.runAll();
        });
        ui.await(() -> m.phaseProperty().get() == SqlEditorModel.Phase.RUNNING, WAIT);
        Thread.sleep(300); // the statement reaches the server
        long start = System.nanoTime();
        ui.run(m::cancel);
        awaitIdle(m);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 3_000, "stopped after " + millis + " ms");
        SqlError e = ui.call(() -> m.errorProperty().get());
        assertEquals("57014", e.sqlState());
        assertEquals("Cancelled: the statement was stopped and changed nothing.", e.sentence());
        runAll(m, "select 2");
        assertEquals(List.of(List.of("2")), ui.call(() -> m.results().get(0).rows()), "the editor is still connected");
    }

    @Test
    void onTheDefaultBranchAWriteAsksFirstAndDecliningChangesNothing() throws Exception {
        SqlEditorModel m = editor("main");
        assertTrue(m.safeMode());
        assertEquals("\"main\" is the default branch, so a statement that writes asks you first.", m.safeModeText());
        runAll(m, "select 1 as one;\ncreate table declined (id int);\nselect 2");
        assertEquals(SqlEditorModel.Phase.CONFIRMING, ui.call(() -> m.phaseProperty().get()));
        assertEquals("create table declined (id int)", ui.call(() -> m.confirmationProperty().get()));
        assertEquals("Postgres refused it in a read-only transaction (cannot execute CREATE TABLE in a read-only transaction),"
                + " so it would change the branch.", ui.call(() -> m.confirmationReasonProperty().get()));
        assertEquals(1, ui.call(() -> m.results().size()), "the read before it ran without asking");
        ui.run(m::declineWrite);
        assertEquals("Not run: nothing was changed by that statement or the 1 after it.", ui.call(() -> m.statusProperty().get()));
        assertEquals("f", one("main", "select to_regclass('declined') is not null"));
        assertEquals("Not run: declined in safe mode", ui.call(() -> m.history().get(0).outcome()));
    }

    @Test
    void onAProtectedBranchAConfirmedWriteRunsAndTheRunGoesOn() throws Exception {
        SqlEditorModel m = editor("vault");
        assertTrue(m.safeModeText().contains("is protected"), m.safeModeText());
        runAll(m, "create table confirmed (id int);\ninsert into confirmed values (1);\nselect count(*) from confirmed");
        assertEquals("create table confirmed (id int)", ui.call(() -> m.confirmationProperty().get()));
        ui.run(m::confirmWrite);
        awaitIdle(m);
        assertEquals("insert into confirmed values (1)", ui.call(() -> m.confirmationProperty().get()),
                "each write asks for itself");
        ui.run(m::confirmWrite);
        awaitIdle(m);
        assertEquals(SqlEditorModel.Phase.READY, ui.call(() -> m.phaseProperty().get()));
        assertEquals(List.of(List.of("1")), ui.call(() -> m.results().get(2).rows()));
        assertEquals("1", one("vault", "select count(*) from confirmed"));
    }

    @Test
    void aFunctionThatWritesIsCaughtByTheServerNotByItsWords() throws Exception {
        try (Connection c = connect("main"); Statement s = c.createStatement()) {
            s.execute("create table if not exists audit (at timestamptz default now())");
            s.execute("create or replace function touch() returns int language sql as"
                    + " 'insert into audit default values; select 1'");
        }
        SqlEditorModel m = editor("main");
        runAll(m, "select touch()");
        assertEquals(SqlEditorModel.Phase.CONFIRMING, ui.call(() -> m.phaseProperty().get()));
        ui.run(m::declineWrite);
        assertEquals("0", one("main", "select count(*) from audit"));
    }

    @Test
    void aTransactionYouBeginIsYoursUntilYouEndIt() throws Exception {
        SqlEditorModel m = editor("dev");
        runAll(m, "begin;\ninsert into items values (50, 'maybe');\nselect count(*) from items where id = 50");
        assertEquals(List.of(List.of("1")), ui.call(() -> m.results().get(2).rows()));
        assertEquals("0", one("dev", "select count(*) from items where id = 50"), "not committed yet");
        runAll(m, "rollback");
        runAll(m, "select count(*) from items where id = 50");
        assertEquals(List.of(List.of("0")), ui.call(() -> m.results().get(0).rows()));
        runAll(m, "insert into items values (51, 'kept')");
        assertEquals("1", one("dev", "select count(*) from items where id = 51"), "committed again after the rollback");
        runAll(m, "delete from items where id = 51");
    }

    @Test
    void theHistoryKeepsWhatRanPerBranchNewestFirst() throws Exception {
        SqlEditorModel dev = editor("dev");
        runAll(dev, "select 1;\nselect nope");
        List<SqlHistory.Entry> h = ui.call(() -> List.copyOf(dev.history()));
        assertEquals(List.of("select nope", "select 1"), h.stream().map(SqlHistory.Entry::statement).toList());
        assertTrue(h.get(0).failed());
        assertTrue(h.get(0).outcome().contains("column \"nope\" does not exist"), h.get(0).outcome());
        assertFalse(h.get(1).failed());
        assertTrue(ui.call(() -> history.of(backend.getBranch("main").id()).isEmpty()), "another branch has its own");
        SqlEditorModel again = editor("dev");
        assertEquals(2, ui.call(() -> again.history().size()), "an editor opened again finds it");
        ui.run(() -> again.recall(h.get(1)));
        assertEquals("select 1", ui.call(() -> again.textProperty().get()));
    }

    @Test
    void aResultIsExportedToCsv(@TempDir Path out) throws Exception {
        SqlEditorModel m = editor("dev");
        runAll(m, "select 1 as id, 'a, \"b\"' as note union all select 2, null");
        Path file = out.resolve("result.csv");
        ui.run(() -> m.exportCsv(m.results().get(0), file));
        ui.await(() -> m.statusProperty().get().startsWith("Exported"), WAIT);
        assertEquals("id,note\r\n1,\"a, \"\"b\"\"\"\r\n2,\r\n", Files.readString(file));
        assertEquals("Exported 2 rows to result.csv.", ui.call(() -> m.statusProperty().get()));
    }

    @Test
    void connectingWakesTheComputeAndSaysSo() throws Exception {
        Branch cold = backend.createBranch(CreateBranchSpec.named("cold").withEndpoint(EndpointSpec.readWrite())).branch();
        try (Connection c = connect("cold"); Statement s = c.createStatement()) {
            s.execute("select 1");
        }
        String endpoint = backend.listEndpoints(cold.id()).get(0).id();
        backend.suspendEndpoint(endpoint);
        SqlEditorModel m = editor("cold");
        List<String> said = Collections.synchronizedList(new ArrayList<>());
        ui.run(() -> m.statusProperty().addListener((o, a, b) -> said.add(b)));
        runAll(m, "select 42");
        assertTrue(said.contains("Waking the compute of \"cold\"…"), said.toString());
        assertEquals(List.of(List.of("42")), ui.call(() -> m.results().get(0).rows()));
    }

    @Test
    void cancellingAConnectLeavesNoConnectionBehind() throws Exception {
        SqlEditorModel m = editor("dev");
        ui.run(() -> {
            m.textProperty().set("select 1");
            m.runAll();
            m.cancel();
        });
        assertEquals(SqlEditorModel.Phase.NOT_CONNECTED, ui.call(() -> m.phaseProperty().get()));
        assertEquals("Stopped connecting to \"dev\".", ui.call(() -> m.statusProperty().get()));
        Thread.sleep(3_000);
        assertEquals("0", one("dev", "select count(*) from pg_stat_activity where application_name = 'Arbor SQL editor'"));
        assertTrue(ui.call(() -> m.results().isEmpty()));
    }

    @Test
    void timeTravelReadsTheBranchAsItWasAndRefusesWrites() throws Exception {
        String before;
        try (Connection c = connect("dev"); Statement s = c.createStatement()) {
            s.execute("create table kept (id int)");
            s.execute("insert into kept select generate_series(1, 5)");
            try (ResultSet rs = s.executeQuery("select pg_current_wal_lsn()")) {
                rs.next();
                before = rs.getString(1);
            }
            s.execute("delete from kept where id > 2"); // the mistake
        }
        SqlEditorModel m = editor("dev");
        assertTrue(m.canTimeTravel());
        runAll(m, "select count(*) from kept");
        assertEquals(List.of(List.of("2")), ui.call(() -> m.results().get(0).rows()));

        ui.run(() -> m.travelTo(new dev.arbor.domain.PointInTime.AtLsn(dev.arbor.domain.Lsn.parse(before))));
        assertEquals("Queries read \"dev\" as it was at LSN " + dev.arbor.domain.Lsn.parse(before)
                + ". Read-only: nothing can be changed here.", ui.call(() -> m.timeTravelTextProperty().get()));
        runAll(m, "select count(*) from kept");
        assertEquals(List.of(List.of("5")), ui.call(() -> m.results().get(0).rows()), "the rows from before the delete");
        runAll(m, "insert into kept values (99)");
        SqlError refused = ui.call(() -> m.errorProperty().get());
        assertEquals("25006", refused.sqlState());
        assertEquals("Postgres refused the statement: cannot execute INSERT in a read-only transaction.", refused.sentence());

        ui.run(m::backToNow);
        runAll(m, "select count(*) from kept");
        assertEquals(List.of(List.of("2")), ui.call(() -> m.results().get(0).rows()));
        assertEquals("2", one("dev", "select count(*) from kept"), "nothing was written at the point");
    }

    @Test
    void aPointOutsideTheHistoryIsASentenceAndNothingConnects() throws Exception {
        SqlEditorModel m = editor("dev");
        ui.run(() -> m.travelTo(new dev.arbor.domain.PointInTime.AtLsn(dev.arbor.domain.Lsn.parse("FF/0"))));
        runAll(m, "select 1");
        assertEquals(SqlEditorModel.Phase.NOT_CONNECTED, ui.call(() -> m.phaseProperty().get()));
        String sentence = ui.call(() -> m.connectionErrorProperty().get().sentence());
        assertTrue(sentence.startsWith("Arbor could not connect to \"dev\": "), sentence);
        assertTrue(ui.call(() -> m.results().isEmpty()));
    }

    @Test
    void aDroppedConnectionIsASentenceAndTheNextRunConnectsAgain() throws Exception {
        SqlEditorModel m = editor("dev");
        runAll(m, "select 1");
        try (Connection c = connect("dev"); Statement s = c.createStatement()) {
            s.execute("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'Arbor SQL editor'");
        }
        runAll(m, "select 2");
        SqlError e = ui.call(() -> m.errorProperty().get());
        assertTrue(e.sentence().startsWith("The connection to \"dev\" was lost ("), e.sentence());
        assertTrue(e.sentence().endsWith("Run again to reconnect; whatever the statement did was not committed unless it"
                + " had finished."), e.sentence());
        assertEquals(SqlEditorModel.Phase.NOT_CONNECTED, ui.call(() -> m.phaseProperty().get()));
        runAll(m, "select 3");
        assertEquals(List.of(List.of("3")), ui.call(() -> m.results().get(0).rows()));
    }
}
