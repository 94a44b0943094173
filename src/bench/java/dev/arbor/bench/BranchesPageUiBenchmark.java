package dev.arbor.bench;

import dev.arbor.backend.BranchBackend;
import dev.arbor.cli.ConsoleProfiles;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Project;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import dev.arbor.ui.app.ArborApp;
import dev.arbor.ui.connect.BackendSource;
import dev.arbor.ui.app.ConsoleViewModel;
import dev.arbor.ui.branches.BranchRow;
import dev.arbor.ui.common.FxUiExecutor;
import dev.arbor.ui.common.InMemorySettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;

/**
 * The issue-4 UI benchmark: the real console window (MainWindow, the Branches page and their view models) over
 * an embedded project with 10,000 branches. It measures, per run:
 *
 * <ul>
 *   <li><b>open → first rendered table</b>: from showing the window and asking the console to open the project
 *       to the end of the first pulse whose layout put branch rows into the table's visible cells;</li>
 *   <li><b>keystroke → updated table</b>: from dispatching a key event to the search field to the end of the
 *       pulse that laid out the filtered rows (the filter itself runs inside the event);</li>
 *   <li><b>heap</b>: heap used after a full GC with the page open.</li>
 * </ul>
 *
 * Not JMH: what is measured is wall time across the FX thread's pulses, which JMH cannot drive. Run it headless:
 * see docs/benchmarks.md ("Branches page with 10,000 branches") for the command.
 */
public final class BranchesPageUiBenchmark {
    private static final String KEYS = "4207";
    private static final long TIMEOUT_SECONDS = 120;
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Path dataDir;
    private final int branches;
    private final List<PostLayoutProbe> probes = new ArrayList<>();

    private BranchesPageUiBenchmark(Path dataDir, int branches) {
        this.dataDir = dataDir;
        this.branches = branches;
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        int branches = 10_000;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--branches" -> branches = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("Usage: [--runs N] [--branches N] [--dir DATA_DIR]");
            }
        }
        boolean scratch = dir == null;
        Path dataDir = scratch ? Fixtures.scratchDir("ui") : dir;
        try {
            new BranchesPageUiBenchmark(dataDir, branches).run(runs);
        } finally {
            if (scratch) {
                Fixtures.deleteTree(dataDir);
            }
            Platform.exit();
        }
    }

    private void run(int runs) throws Exception {
        long setupStart = System.nanoTime();
        int created = ensureBranches();
        System.out.printf(Locale.ROOT, "project: %d branches in %s (%s, %.1f s)%n", branches, dataDir,
                created == 0 ? "reused" : "created " + created, (System.nanoTime() - setupStart) / 1e9);

        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
        System.out.printf(Locale.ROOT, "heap used after GC before any window: %.1f MB%n", heapAfterGc());

        List<Run> results = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Run r = measureOnce();
            results.add(r);
            System.out.printf(Locale.ROOT, "run %d: open→READY %.0f ms, →rows in model %.0f ms, →first rendered table %.0f ms"
                            + " (next pulse %.0f ms; FX thread CPU %.0f ms); keystrokes %s ms (filter inside the event %s ms);"
                            + " heap %.1f MB%n",
                    i, r.ready, r.rowsInModel, r.firstRender, r.nextPulse, r.fxCpu, format(r.keystrokes), format(r.filterInEvent),
                    r.heapMb);
        }
        report(results);
    }

    /** Creates branches until the project has {@link #branches}; returns how many it created. */
    private int ensureBranches() {
        EngineOptions options = EngineOptions.defaults().withOperationExecutor(Runnable::run)
                .withMaintenanceInterval(null).withSyncEveryCommit(false);
        try (EmbeddedEngine engine = EmbeddedEngine.open(dataDir, options)) {
            engine.updateProject(86_400, new Project.Limits(Math.max(20_000, branches), 10, 5));
            List<Branch> existing = engine.branches();
            List<String> ids = new ArrayList<>(existing.stream().map(Branch::id).toList());
            int created = 0;
            // A wide, shallow tree like a real team's: a few long-lived branches, most branches under them.
            for (int i = existing.size(); i < branches; i++) {
                String parent = ids.get(i < 50 ? 0 : (i * 7) % 50);
                String name = (i % 3 == 0 ? "preview/pr-" : i % 3 == 1 ? "dev/feature-" : "ci/run-")
                        + String.format(Locale.ROOT, "%05d", i);
                Branch b = engine.createBranch(CreateBranchSpec.named(name).withParent(parent)).branch();
                ids.add(b.id());
                created++;
            }
            return created;
        }
    }

    private record Run(double ready, double rowsInModel, double firstRender, double nextPulse, double fxCpu,
                       List<Double> keystrokes, List<Double> filterInEvent, double heapMb) {
    }

    private Run measureOnce() throws Exception {
        FxUiExecutor executor = new FxUiExecutor();
        Window w = onFx(() -> new Window(executor));
        try {
            long t0 = System.nanoTime();
            long[] marks = new long[2];
            // CPU time of the FX thread from the open to the first rendered table: what a slower or busier
            // machine stretches, but other processes' load does not.
            long[] fxCpu = new long[2];
            onFx(() -> {
                fxCpu[0] = THREADS.getCurrentThreadCpuTime();
                w.console.phaseProperty().subscribe(p -> {
                    if (p == ConsoleViewModel.Phase.READY && marks[0] == 0) {
                        marks[0] = System.nanoTime();
                        // The rows load beside the page and may already be in when the page is ready.
                        ObservableList<?> rows = w.console.branchesProperty().get().rows();
                        Runnable arrived = () -> {
                            if (marks[1] == 0 && !rows.isEmpty()) {
                                marks[1] = System.nanoTime();
                            }
                        };
                        arrived.run();
                        rows.subscribe(arrived);
                    }
                });
                ArborApp.openAndShow(w.stage, w.console);
                return null;
            });
            long rendered = w.afterLayout(() -> {
                boolean shown = w.tableShowsRows(branches);
                if (shown) {
                    fxCpu[1] = THREADS.getCurrentThreadCpuTime();
                }
                return shown;
            });
            long next = w.afterLayout(() -> true);

            List<Double> keystrokes = new ArrayList<>();
            List<Double> filter = new ArrayList<>();
            List<KeyStroke> strokes = new ArrayList<>();
            for (char c : KEYS.toCharArray()) {
                strokes.add(new KeyStroke(String.valueOf(c), KeyCode.DIGIT0));
            }
            for (int i = 0; i < KEYS.length(); i++) {
                strokes.add(new KeyStroke(null, KeyCode.BACK_SPACE));
            }
            onFx(() -> {
                w.search().requestFocus();
                return null;
            });
            w.afterLayout(() -> true);
            for (KeyStroke k : strokes) {
                long[] t = new long[2];
                String before = onFx(() -> w.search().getText());
                onFx(() -> {
                    t[0] = System.nanoTime();
                    k.fire(w.search());
                    t[1] = System.nanoTime();
                    return null;
                });
                String expected = k.text == null ? before.substring(0, before.length() - 1) : before + k.text;
                long done = w.afterLayout(() -> expected.equals(w.search().getText()) && w.tableMatches(expected));
                keystrokes.add(ms(done - t[0]));
                filter.add(ms(t[1] - t[0]));
            }
            double heap = heapAfterGc();
            return new Run(ms(marks[0] - t0), ms(marks[1] - t0), ms(rendered - t0), ms(next - t0), ms(fxCpu[1] - fxCpu[0]),
                    keystrokes, filter, heap);
        } finally {
            onFx(() -> {
                w.console.close();
                w.stage.close();
                return null;
            });
            executor.close();
        }
    }

    /** A key the person presses in the search field: a character, or Backspace. */
    private record KeyStroke(String text, KeyCode code) {
        void fire(TextField field) {
            if (text != null) {
                field.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, false, false, false));
                field.fireEvent(new KeyEvent(KeyEvent.KEY_TYPED, text, "", KeyCode.UNDEFINED, false, false, false, false));
                field.fireEvent(new KeyEvent(KeyEvent.KEY_RELEASED, "", "", code, false, false, false, false));
            } else {
                field.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, false, false, false));
                field.fireEvent(new KeyEvent(KeyEvent.KEY_RELEASED, "", "", code, false, false, false, false));
            }
        }
    }

    /** One console window on the project, as ArborApp opens it. */
    private final class Window {
        final Stage stage = new Stage();
        final ConsoleViewModel console;

        Window(FxUiExecutor executor) {
            BackendSource source = new BackendSource() {
                @Override
                public String description() {
                    return dataDir.toString();
                }

                @Override
                public BranchBackend open() {
                    return EmbeddedBackend.open(dataDir);
                }
            };
            console = new ConsoleViewModel(source, executor, new InMemorySettings(), Clock.systemDefaultZone(), new ConsoleProfiles());
        }

        @SuppressWarnings("unchecked")
        TableView<BranchRow> table() {
            Scene scene = stage.getScene();
            Node n = scene == null ? null : scene.lookup("#branch-table");
            return n instanceof TableView<?> t ? (TableView<BranchRow>) t : null;
        }

        TextField search() {
            return (TextField) stage.getScene().lookup("#branch-search");
        }

        /** The table holds {@code count} rows and its first visible row cell shows one of them. */
        boolean tableShowsRows(int count) {
            TableView<BranchRow> t = table();
            return t != null && t.getItems().size() == count && firstVisibleRow(t) != null;
        }

        /** The table holds exactly the rows whose name or id contains {@code text}, and shows the first of them. */
        boolean tableMatches(String text) {
            TableView<BranchRow> t = table();
            String q = text.toLowerCase(Locale.ROOT);
            long expected = console.branchesProperty().get().rows().stream().filter(r -> r.name().toLowerCase(Locale.ROOT).contains(q) || r.id().toLowerCase(Locale.ROOT).contains(q)).count();
            if (t.getItems().size() != expected) {
                return false;
            }
            return expected == 0 || t.getItems().get(0).equals(firstVisibleRow(t));
        }

        private BranchRow firstVisibleRow(TableView<BranchRow> t) {
            for (Node n : t.lookupAll(".table-row-cell")) {
                if (n instanceof IndexedCell<?> cell && cell.isVisible() && cell.getIndex() == 0
                        && cell.getItem() instanceof BranchRow row) {
                    return row;
                }
            }
            return null;
        }

        /**
         * Waits for the first pulse, after now, whose layout leaves {@code done} true, and returns the time its
         * post-layout listener ran: CSS and layout are done and the frame is handed to the renderer.
         */
        long afterLayout(BooleanSupplier done) throws Exception {
            PostLayoutProbe probe = onFx(() -> new PostLayoutProbe(stage.getScene(), done));
            return probe.result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** A post-layout pulse listener that completes once its condition holds after a pulse, then removes itself. */
    private final class PostLayoutProbe implements Runnable {
        final CompletableFuture<Long> result = new CompletableFuture<>();
        private final Scene scene;
        private final BooleanSupplier done;

        PostLayoutProbe(Scene scene, BooleanSupplier done) {
            this.scene = scene;
            this.done = done;
            probes.add(this);
            scene.addPostLayoutPulseListener(this);
            // A pulse must come even when nothing else asks for one.
            Platform.requestNextPulse();
        }

        @Override
        public void run() {
            if (result.isDone()) {
                return;
            }
            boolean ok;
            try {
                ok = done.getAsBoolean();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                ok = false;
            }
            if (ok) {
                result.complete(System.nanoTime());
            }
            if (result.isDone()) {
                Platform.runLater(() -> scene.removePostLayoutPulseListener(this));
                probes.remove(this);
            } else {
                Platform.requestNextPulse();
            }
        }
    }

    private static void report(List<Run> runs) {
        List<Double> render = runs.stream().map(Run::firstRender).toList();
        List<Double> nextPulse = runs.stream().map(Run::nextPulse).toList();
        List<Double> keys = runs.stream().flatMap(r -> r.keystrokes().stream()).toList();
        List<Double> firstKey = runs.stream().map(r -> r.keystrokes().get(0)).toList();
        List<Double> heap = runs.stream().map(Run::heapMb).toList();
        System.out.println();
        System.out.printf(Locale.ROOT, "first run (cold JVM) open→first rendered table: %.0f ms%n", render.get(0));
        if (runs.size() > 1) {
            System.out.printf(Locale.ROOT, "median of runs 2..%d open→first rendered table: %.0f ms (next pulse %.0f ms)%n",
                    runs.size(), median(render.subList(1, render.size())), median(nextPulse.subList(1, nextPulse.size())));
        }
        System.out.printf(Locale.ROOT, "keystroke→updated table: median %.1f ms, max %.1f ms over %d keystrokes;"
                + " first keystroke of each run (10,000 rows → filtered) median %.1f ms%n",
                median(keys), keys.stream().mapToDouble(Double::doubleValue).max().orElse(0), keys.size(), median(firstKey));
        System.out.printf(Locale.ROOT, "heap used after GC with the page open: median %.1f MB, max %.1f MB%n",
                median(heap), heap.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    private static double heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    private static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList().toString();
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
