package dev.arbor.ui.sql;

import static dev.arbor.ui.sql.BenchFx.ms;
import static dev.arbor.ui.sql.BenchFx.onFx;

import dev.arbor.domain.Branch;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import dev.arbor.ui.common.FxUiExecutor;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * The SQL editor's first target (issue 14): a 100,000-row result shows its first page within 200 ms of the server
 * answering. An embedded project (on real Postgres) holds a table of 100,000 rows; the
 * real editor window (SqlEditorModel, SqlEditorView) runs {@code select * from t}, and each run is timed
 *
 * <ul>
 *   <li>from <b>the server's answer</b>: pgjdbc's {@code Statement.execute} returning in the editor's session, which
 *       with the session's fetch size means the first page of rows has arrived (a driver wrapped around pgjdbc's
 *       notes the moment; nothing else of the driver changes),</li>
 *   <li>to <b>the first page shown</b>: the end of the first pulse whose layout put the result's rows into the
 *       grid's visible cells.</li>
 * </ul>
 *
 * Not JMH: the time spans a worker thread, the FX thread and its pulses. Run headless on Monocle; the command is in
 * docs/benchmarks.md ("SQL editor").
 */
public final class SqlResultGridBenchmark {
    private static final int ROWS = 100_000;
    private static final String QUERY = "select * from t";
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int runs = 30;
        int warmup = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("Usage: [--runs N] [--warmup N]");
            }
        }
        System.out.println("# SqlResultGridBenchmark: " + runs + " runs after " + warmup + " warm-up runs; "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        System.out.println("# uptime before: " + BenchFx.uptime());
        TimedDriver driver = TimedDriver.install();
        Path dir = Files.createTempDirectory("arbor-sql-bench");
        // the account that runs Postgres (nobody, as root) must reach the project
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null))) {
            long t0 = System.nanoTime();
            ConnectionDetails d = engine.connectionDetails("main", null, null);
            try (Connection c = DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(null));
                 Statement s = c.createStatement()) {
                s.execute("create table t as select g as id, md5(g::text) as name, g % 1000 as qty,"
                        + " (g % 10000) + 0.99 as price, timestamptz '2026-01-01' + g * interval '1 minute' as at,"
                        + " case when g % 7 = 0 then null else 'note ' || g end as note"
                        + " from generate_series(1, " + ROWS + ") g");
            }
            System.out.printf(Locale.ROOT, "# table t: %,d rows of 6 columns (%.1f s)%n", ROWS, (System.nanoTime() - t0) / 1e9);
            BenchFx.startToolkit();
            new SqlResultGridBenchmark().run(engine, driver, runs, warmup);
            System.out.println("# uptime after: " + BenchFx.uptime());
        } finally {
            deleteTree(dir);
            javafx.application.Platform.exit();
        }
    }

    private void run(EmbeddedEngine engine, TimedDriver driver, int runs, int warmup) throws Exception {
        FxUiExecutor executor = new FxUiExecutor();
        Branch main = engine.branch("main");
        Stage[] stage = new Stage[1];
        SqlEditorModel model = onFx(() -> {
            SqlEditorModel m = new SqlEditorModel(new EmbeddedBackend(engine), executor, main, new SqlHistory(),
                    Clock.systemDefaultZone(), () -> { });
            m.textProperty().set(QUERY);
            stage[0] = new Stage();
            stage[0].setScene(new Scene(new SqlEditorView(m), 1400, 900));
            stage[0].show();
            return m;
        });
        Scene scene = stage[0].getScene();
        List<Double> shown = new ArrayList<>();
        List<Double> toFx = new ArrayList<>();
        List<Double> server = new ArrayList<>();
        List<Double> fxCpu = new ArrayList<>();
        try {
            for (int i = -warmup; i < runs; i++) {
                long[] arrived = new long[1];
                long[] asked = new long[1];
                long[] cpu = new long[2];
                CompletableFuture<Long> laidOut = onFx(() -> {
                    ListChangeListener<SqlResult> l = c -> {
                        if (arrived[0] == 0 && !model.results().isEmpty()) {
                            arrived[0] = System.nanoTime();
                            cpu[0] = THREADS.getCurrentThreadCpuTime();
                        }
                    };
                    model.results().addListener(l);
                    driver.last = 0;
                    asked[0] = System.nanoTime();
                    model.runAll();
                    return BenchFx.probe(scene, () -> {
                        if (gridShowsFirstPage(scene)) {
                            cpu[1] = THREADS.getCurrentThreadCpuTime();
                            model.results().removeListener(l);
                            return true;
                        }
                        return false;
                    });
                });
                long done = laidOut.get(BenchFx.TIMEOUT_SECONDS, TimeUnit.SECONDS);
                long answered = driver.last;
                if (answered == 0 || answered > done) {
                    throw new IllegalStateException("the server's answer was not seen before the grid showed rows");
                }
                // wait until the editor is ready for the next run
                while (onFx(() -> model.phaseProperty().get() != SqlEditorModel.Phase.READY)) {
                    Thread.sleep(5);
                }
                String what = i < 0 ? "warm-up" : "run " + (i + 1);
                System.out.printf(Locale.ROOT, "%s: run→answer %.1f ms, answer→rows in the model %.1f ms,"
                                + " answer→first page shown %.1f ms (FX thread CPU from the model to shown %.1f ms)%n",
                        what, ms(answered - asked[0]), ms(arrived[0] - answered), ms(done - answered), ms(cpu[1] - cpu[0]));
                if (i >= 0) {
                    shown.add(ms(done - answered));
                    toFx.add(ms(arrived[0] - answered));
                    server.add(ms(answered - asked[0]));
                    fxCpu.add(ms(cpu[1] - cpu[0]));
                }
            }
        } finally {
            onFx(() -> {
                model.close();
                stage[0].close();
                return null;
            });
            executor.close();
        }
        System.out.println();
        System.out.println("run → server's answer (execute returned, first page fetched): " + BenchFx.summary(server));
        System.out.println("answer → result in the model (page read, handed to the FX thread): " + BenchFx.summary(toFx));
        System.out.println("answer → first page shown (target ≤ 200 ms): " + BenchFx.summary(shown));
        System.out.println("FX thread CPU, result in the model → first page shown: " + BenchFx.summary(fxCpu));
    }

    /** The selected result tab's grid holds the first page and its first visible row cell shows row 0. */
    private static boolean gridShowsFirstPage(Scene scene) {
        for (Node n : scene.getRoot().lookupAll(".result-grid")) {
            if (n instanceof TableView<?> t && t.getScene() != null && t.isVisible() && t.getItems().size() == SqlSession.PAGE) {
                for (Node cell : t.lookupAll(".table-row-cell")) {
                    if (cell instanceof IndexedCell<?> c && c.isVisible() && c.getIndex() == 0 && c.getItem() != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * pgjdbc's driver, wrapped so that a statement notes when {@code execute} of the measured query returned. It takes pgjdbc's place in
     * DriverManager, so the editor's session connects through it unchanged.
     */
    static final class TimedDriver implements Driver {
        private final Driver pg;
        volatile long last;

        private TimedDriver(Driver pg) {
            this.pg = pg;
        }

        static TimedDriver install() throws SQLException {
            Driver pg = DriverManager.getDriver("jdbc:postgresql://localhost/x");
            DriverManager.deregisterDriver(pg);
            TimedDriver t = new TimedDriver(pg);
            DriverManager.registerDriver(t);
            return t;
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            Connection c = pg.connect(url, info);
            if (c == null) {
                return null;
            }
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        Object r = call(c, method, args);
                        if (method.getName().equals("createStatement") && r instanceof Statement s) {
                            return timed(s);
                        }
                        return r;
                    });
        }

        private Statement timed(Statement s) {
            InvocationHandler h = (proxy, method, args) -> {
                Object r = call(s, method, args);
                if (method.getName().equals("execute") && args != null && args.length > 0 && QUERY.equals(args[0])) {
                    last = System.nanoTime();
                }
                return r;
            };
            return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class}, h);
        }

        private static Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public boolean acceptsURL(String url) throws SQLException {
            return pg.acceptsURL(url);
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
            return pg.getPropertyInfo(url, info);
        }

        @Override
        public int getMajorVersion() {
            return pg.getMajorVersion();
        }

        @Override
        public int getMinorVersion() {
            return pg.getMinorVersion();
        }

        @Override
        public boolean jdbcCompliant() {
            return pg.jdbcCompliant();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pg.getParentLogger();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // a temporary directory; the system clears it in time
        }
    }
}
