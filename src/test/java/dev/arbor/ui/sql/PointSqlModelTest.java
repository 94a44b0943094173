package dev.arbor.ui.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.backend.PointAccess;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EngineOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Restore wizard's SQL tab (Time Travel Assist) against a real embedded engine on Postgres: "dev" has a table
 * with five rows, three of them deleted after the point the tab reads at. The backend is the real one, seen through
 * a wrapper that counts the ways in it opens at points and how many of them were closed.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_1)
class PointSqlModelTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static Path dir;
    private static EmbeddedBackend engine;
    private static Lsn beforeDelete;
    private static Lsn afterDelete;
    private final ThreadedUiExecutor ui = new ThreadedUiExecutor();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final BranchBackend backend = counting(engine);
    private PointSqlModel model;

    @BeforeAll
    static void openEngine() throws Exception {
        dir = Files.createTempDirectory("arbor-point-sql");
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // Postgres runs as nobody under root
        }
        engine = EmbeddedBackend.open(dir, EngineOptions.defaults().withMaintenanceInterval(null));
        engine.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite()));
        engine.createDatabase(engine.getBranch("dev").id(), "analytics", "neondb_owner");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table kept (id int primary key, name text)");
            s.execute("insert into kept select g, 'row ' || g from generate_series(1, 5) g");
            beforeDelete = lsn(s);
            s.execute("delete from kept where id > 2"); // the mistake
            afterDelete = lsn(s);
        }
    }

    @AfterAll
    static void closeEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @AfterEach
    void closeModel() throws Exception {
        if (model != null) {
            ui.run(model::release);
        }
        Thread.sleep(200); // the connections close on workers
        ui.close();
    }

    private static Connection connect() throws Exception {
        ConnectionDetails d = engine.connectionDetails(engine.getBranch("dev").id(), "neondb", "neondb_owner");
        return DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(null));
    }

    private static Lsn lsn(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("select pg_current_wal_lsn()")) {
            rs.next();
            return Lsn.parse(rs.getString(1));
        }
    }

    /** The real backend, with every {@link PointAccess} it opens counted, and its closes. */
    private BranchBackend counting(BranchBackend real) {
        return (BranchBackend) Proxy.newProxyInstance(BranchBackend.class.getClassLoader(), new Class<?>[] {BranchBackend.class},
                (proxy, method, args) -> {
                    Object answer;
                    try {
                        answer = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (!(answer instanceof PointAccess access)) {
                        return answer;
                    }
                    opened.incrementAndGet();
                    return new PointAccess() {
                        private boolean done;

                        @Override
                        public ConnectionDetails connect(String database, String role) {
                            return access.connect(database, role);
                        }

                        @Override
                        public String options() {
                            return access.options();
                        }

                        @Override
                        public synchronized void close() {
                            if (!done) {
                                done = true;
                                closed.incrementAndGet();
                            }
                            access.close();
                        }
                    };
                });
    }

    private PointSqlModel at(PointInTime point, String text) throws Exception {
        Branch dev = engine.getBranch("dev");
        model = ui.call(() -> new PointSqlModel(backend, ui));
        ui.run(() -> model.showPoint(dev, point, text));
        ui.await(() -> "neondb".equals(model.databaseProperty().get()), WAIT);
        return model;
    }

    private void run(String script) throws Exception {
        ui.run(() -> {
            model.textProperty().set(script);
            model.runAll();
        });
        ui.await(() -> model.phaseProperty().get() == PointSqlModel.Phase.READY, WAIT);
    }

    private List<List<String>> rows() throws Exception {
        return ui.call(() -> List.copyOf(model.shownResult().rows()));
    }

    @Test
    void aCountAtAPointBeforeADeleteShowsTheRowsThatWereThere() throws Exception {
        at(new PointInTime.AtLsn(beforeDelete), "LSN " + beforeDelete);
        assertEquals("Queries read \"dev\" as it was at LSN " + beforeDelete + ", read-only: nothing run here changes a branch.",
                ui.call(() -> model.bannerProperty().get()));
        run("select count(*) from kept");
        assertEquals(List.of(List.of("5")), rows(), "the rows from before the delete");
        assertTrue(ui.call(() -> model.shownResult().summary()).matches("1 row in \\d+ ms"));
        assertNull(ui.call(() -> model.errorProperty().get()));
    }

    @Test
    void aWriteAtThePointIsRefusedWithASentenceAndChangesNothing() throws Exception {
        at(new PointInTime.AtLsn(beforeDelete), "LSN " + beforeDelete);
        run("insert into kept values (99, 'new')");
        SqlError refused = ui.call(() -> model.errorProperty().get());
        assertEquals("Not run: the statement would write, and here you only read \"dev\" as it was at LSN " + beforeDelete
                + ". Nothing was changed.", refused.sentence());
        assertTrue(ui.call(() -> model.results().isEmpty()));
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from kept")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "the branch is as it was");
        }
        run("select count(*) from kept");
        assertEquals(List.of(List.of("5")), rows(), "the point still reads after the refusal");
    }

    @Test
    void aSyntaxErrorSaysWhereItIs() throws Exception {
        at(new PointInTime.AtLsn(beforeDelete), "LSN " + beforeDelete);
        run("select 1;\nselct count(*) from kept");
        SqlError refused = ui.call(() -> model.errorProperty().get());
        assertEquals("42601", refused.sqlState());
        assertEquals("select 1;\n".length(), refused.offset(), "the offset of selct in the script");
        assertTrue(refused.sentence().startsWith("Postgres refused statement 2 (line 2, marked above): syntax error at or near \"selct\""),
                refused.sentence());
    }

    @Test
    void anotherPointClosesTheOldWayInAndRunsNothingUntilAsked() throws Exception {
        at(new PointInTime.AtLsn(beforeDelete), "LSN " + beforeDelete);
        run("select count(*) from kept");
        assertEquals(List.of(List.of("5")), rows());
        assertEquals(1, opened.get());
        assertEquals(0, closed.get(), "held while the point is shown");

        Branch dev = engine.getBranch("dev");
        ui.run(() -> model.showPoint(dev, new PointInTime.AtLsn(afterDelete), "LSN " + afterDelete));
        ui.await(() -> closed.get() == 1, WAIT);
        assertTrue(ui.call(() -> model.results().isEmpty()), "the old point's rows are not shown as the new one's");
        assertEquals("The point is now LSN " + afterDelete + ". Nothing was run again: run the query to read there.",
                ui.call(() -> model.statusProperty().get()));
        assertEquals("select count(*) from kept", ui.call(() -> model.textProperty().get()), "what was typed stays");
        assertEquals(1, opened.get(), "nothing is opened before the person runs again");

        run("select count(*) from kept");
        assertEquals(List.of(List.of("2")), rows());
        assertEquals(2, opened.get());
        ui.run(model::release); // the wizard left the preview
        ui.await(() -> closed.get() == 2, WAIT);
    }

    @Test
    void showingTheSamePointAgainKeepsTheResultsAndTheText() throws Exception {
        PointInTime point = new PointInTime.AtLsn(beforeDelete);
        at(point, "LSN " + beforeDelete);
        run("select id from kept order by id");
        ui.run(model::release); // Back
        ui.await(() -> closed.get() == 1, WAIT);
        Branch dev = engine.getBranch("dev");
        ui.run(() -> model.showPoint(dev, point, "LSN " + beforeDelete)); // Next, to the same point
        assertEquals(List.of(List.of("1"), List.of("2"), List.of("3"), List.of("4"), List.of("5")), rows());
        run("select count(*) from kept");
        assertEquals(List.of(List.of("5")), rows(), "a run opens the point again");
    }

    @Test
    void aBranchWithSeveralDatabasesIsQueriedInTheOneChosen() throws Exception {
        at(new PointInTime.AtLsn(beforeDelete), "LSN " + beforeDelete);
        assertEquals(List.of("analytics", "neondb"), ui.call(() -> List.copyOf(model.databases())));
        assertEquals("neondb", ui.call(() -> model.databaseProperty().get()), "the default database is chosen first");
        run("select current_database()");
        assertEquals(List.of(List.of("neondb")), rows());
        ui.run(() -> model.databaseProperty().set("analytics"));
        run("select current_database()");
        assertEquals(List.of(List.of("analytics")), rows());
        assertEquals(1, opened.get(), "one way in at the point, whichever database");
    }

    @Test
    void aPointOutsideTheHistoryIsASentenceAndLeavesNothingOpen() throws Exception {
        at(new PointInTime.AtLsn(Lsn.parse("FF/0")), "LSN FF/0");
        run("select 1");
        String sentence = ui.call(() -> model.errorProperty().get().sentence());
        assertTrue(sentence.contains("FF/0"), sentence);
        assertTrue(ui.call(() -> model.results().isEmpty()));
        assertEquals(opened.get(), closed.get(), "nothing is left open");
    }
}
