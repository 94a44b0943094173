package dev.arbor.ui.sql;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;

/** What the SQL editor's benchmarks share: the FX toolkit, waiting for a laid-out pulse, and statistics. */
final class BenchFx {
    static final long TIMEOUT_SECONDS = 300;

    private BenchFx() {
    }

    static void startToolkit() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
    }

    static <T> T onFx(Callable<T> work) throws Exception {
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

    /**
     * Waits for the first pulse, after now, whose layout leaves {@code done} true, and returns when its post-layout
     * listener began: CSS and layout are done and the frame goes to the renderer. The check itself is not timed.
     */
    static long afterLayout(Scene scene, BooleanSupplier done) throws Exception {
        return onFx(() -> new Probe(scene, done)).result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Starts waiting as {@link #afterLayout} does, on the FX thread, without blocking; for use inside onFx. */
    static CompletableFuture<Long> probe(Scene scene, BooleanSupplier done) {
        return new Probe(scene, done).result;
    }

    private static final class Probe implements Runnable {
        final CompletableFuture<Long> result = new CompletableFuture<>();
        private final Scene scene;
        private final BooleanSupplier done;

        Probe(Scene scene, BooleanSupplier done) {
            this.scene = scene;
            this.done = done;
            scene.addPostLayoutPulseListener(this);
            Platform.requestNextPulse(); // a pulse must come even when nothing else asks for one
        }

        @Override
        public void run() {
            if (result.isDone()) {
                return;
            }
            long now = System.nanoTime();
            try {
                if (done.getAsBoolean()) {
                    result.complete(now);
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
            if (result.isDone()) {
                Platform.runLater(() -> scene.removePostLayoutPulseListener(this));
            } else {
                Platform.requestNextPulse();
            }
        }
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double percentile(List<Double> values, double p) {
        List<Double> s = values.stream().sorted().toList();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        // nearest rank
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }

    static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String summary(List<Double> values) {
        return String.format(Locale.ROOT, "median %.1f ms, p95 %.1f ms, max %.1f ms over %d", median(values),
                percentile(values, 95), values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                values.size());
    }

    static String uptime() {
        try {
            Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out;
        } catch (Exception e) {
            return "(uptime unavailable: " + e.getMessage() + ")";
        }
    }
}
