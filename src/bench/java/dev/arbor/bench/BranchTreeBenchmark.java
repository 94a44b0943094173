package dev.arbor.bench;

import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.InitSource;
import dev.arbor.domain.Lsn;
import dev.arbor.ui.tree.BranchTreeLayout;
import dev.arbor.ui.tree.BranchTreePainter;
import dev.arbor.ui.tree.CanvasSurface;
import dev.arbor.ui.tree.TreeColors;
import dev.arbor.ui.tree.TreeMarker;
import dev.arbor.ui.tree.TreeScene;
import dev.arbor.ui.tree.TreeViewport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.WritableImage;

/**
 * The issue-6 benchmark: the branch tree's layout and a full redraw at 100, 1,000 and 10,000 branches.
 *
 * <ul>
 *   <li><b>layout</b>: {@code BranchTreeLayout.of} over the branch records (any order in, rows and lanes out),
 *       nothing folded;</li>
 *   <li><b>paint</b>: on the FX thread, what the tree does for every change of view: clear the canvas and issue the
 *       drawing of the visible rows, the forks crossing them, the axis and the legend
 *       ({@code BranchTreePainter.paint} on a {@code CanvasSurface}), for a 1,600 × 900 canvas scrolled to the middle
 *       of the picture with one branch selected and the search matching about one branch in ten;</li>
 *   <li><b>paint + render</b>: the same, then {@code Canvas.snapshot}, which makes the (software) pipeline rasterize
 *       the canvas's command buffer and read the pixels back: an upper bound for the frame's cost;</li>
 *   <li><b>empty canvas + render</b>: one filled rectangle and the snapshot: what the snapshot itself costs, with
 *       nothing of the tree drawn.</li>
 * </ul>
 *
 * Two shapes: "team" (main, 50 long-lived branches under it, every other branch under one of those, as the
 * Branches page benchmark builds) and "flat" (every branch a child of main: the most fork lines through any view).
 * Not JMH: the FX thread must do the drawing. See docs/benchmarks.md ("Branch tree") for the command.
 */
public final class BranchTreeBenchmark {
    private static final Instant END = Instant.parse("2026-11-22T12:00:00Z");
    private static final double WIDTH = 1600;
    private static final double HEIGHT = 900;

    private BranchTreeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 200;
        int[] sizes = {100, 1_000, 10_000};
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--sizes")) {
                sizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
            } else {
                throw new IllegalArgumentException("Usage: [--runs N] [--sizes 100,1000,10000]");
            }
        }
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(60, TimeUnit.SECONDS);
        try {
            System.out.println("shape  branches  layout median/p95/max ms   paint median/p95/max ms   paint+render median/p95/max ms"
                    + "   empty canvas+render median/p95/max ms");
            for (String shape : List.of("team", "flat")) {
                for (int n : sizes) {
                    measure(shape, n, runs);
                }
            }
        } finally {
            Platform.exit();
        }
    }

    private static void measure(String shape, int n, int runs) throws Exception {
        List<Branch> branches = branches(shape, n);
        Instant now = END;
        for (int i = 0; i < 20; i++) {
            BranchTreeLayout.of(branches, now, Set.of());
        }
        double[] layout = new double[Math.max(20, runs / 4)];
        BranchTreeLayout laid = null;
        for (int i = 0; i < layout.length; i++) {
            long t0 = System.nanoTime();
            laid = BranchTreeLayout.of(branches, now, Set.of());
            layout[i] = (System.nanoTime() - t0) / 1e6;
        }
        BranchTreeLayout result = laid;
        Set<String> matches = new HashSet<>();
        Map<String, List<TreeMarker>> markers = new HashMap<>();
        for (int i = 0; i < n; i += 10) {
            matches.add(branches.get(i).id());
            markers.put(branches.get(i).id(), List.of(new TreeMarker(branches.get(i).createdAt().plusSeconds(600),
                    TreeMarker.Kind.RESET_OR_RESTORE)));
        }
        String focused = branches.get(n / 2).id();
        TreeScene scene = new TreeScene(result, markers, Map.of(), ZoneOffset.UTC, now, focused, Set.of(focused), matches, null);

        double[][] times = onFx(() -> {
            Canvas canvas = new Canvas(WIDTH, HEIGHT);
            GraphicsContext gc = canvas.getGraphicsContext2D();
            CanvasSurface surface = new CanvasSurface().on(gc);
            WritableImage image = new WritableImage((int) WIDTH, (int) HEIGHT);
            TreeViewport view = new TreeViewport();
            view.setContent(result);
            view.setSize(WIDTH, HEIGHT);
            view.fit();
            view.scrollTo(view.maxScrollY() / 2);
            double[] paint = new double[runs];
            double[] render = new double[runs];
            double[] baseline = new double[runs];
            for (int i = -runs / 2; i < runs; i++) {
                long t0 = System.nanoTime();
                gc.clearRect(0, 0, WIDTH, HEIGHT);
                gc.fillRect(0, 0, WIDTH, HEIGHT);
                canvas.snapshot(null, image);
                if (i >= 0) {
                    baseline[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            for (int i = -runs / 2; i < runs; i++) {
                // a small pan each time, as dragging does, so no two frames are the same
                view.panBy(i % 2 == 0 ? 3 : -3, 0);
                long t0 = System.nanoTime();
                gc.clearRect(0, 0, WIDTH, HEIGHT);
                BranchTreePainter.paint(scene, view, TreeColors.LIGHT, surface, null);
                long t1 = System.nanoTime();
                canvas.snapshot(null, image);
                long t2 = System.nanoTime();
                if (i >= 0) {
                    paint[i] = (t1 - t0) / 1e6;
                    render[i] = (t2 - t0) / 1e6;
                }
            }
            return new double[][] {paint, render, baseline};
        });
        System.out.printf(Locale.ROOT, "%-5s  %8d  %s   %s   %s   %s%n", shape, n, stats(layout), stats(times[0]), stats(times[1]),
                stats(times[2]));
    }

    private static String stats(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format(Locale.ROOT, "%7.2f /%7.2f /%7.2f", v[v.length / 2], v[(int) Math.floor(v.length * 0.95)], v[v.length - 1]);
    }

    /** Branch records spread over eight hours, children created a little after their branch point. */
    static List<Branch> branches(String shape, int n) {
        Random random = new Random(42);
        Instant start = END.minus(Duration.ofHours(8));
        long span = Duration.ofHours(8).toMillis();
        List<Branch> all = new ArrayList<>(n);
        all.add(branch("br-main", "main", null, start, null, true));
        for (int i = 1; i < n; i++) {
            Branch parent = shape.equals("flat") || i <= 50 ? all.get(0) : all.get(1 + (i * 7) % 50);
            long parentStart = parent.createdAt().toEpochMilli();
            long fork = parentStart + (long) (random.nextDouble() * (start.toEpochMilli() + span - parentStart) * 0.9);
            Instant forkAt = Instant.ofEpochMilli(fork);
            String name = (i % 3 == 0 ? "preview/pr-" : i % 3 == 1 ? "dev/feature-" : "ci/run-") + String.format(Locale.ROOT, "%05d", i);
            all.add(branch(String.format(Locale.ROOT, "br-%05d", i), name, parent.id(), forkAt.plusSeconds(30 + random.nextInt(600)),
                    forkAt, false));
        }
        return all;
    }

    private static Branch branch(String id, String name, String parentId, Instant created, Instant fork, boolean isDefault) {
        return new Branch(id, "p-bench", name, parentId, parentId == null ? null : Lsn.parse("0/" + Long.toHexString(16 + created.getEpochSecond())),
                fork, isDefault, false, BranchState.READY, null, created, 1L << 20, "console", "bench", created, created, null, null,
                null, InitSource.PARENT_DATA, parentId == null, false, false, null, null);
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Platform.runLater(task);
        return task.get(10, TimeUnit.MINUTES);
    }
}
