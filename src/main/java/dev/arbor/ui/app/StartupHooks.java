package dev.arbor.ui.app;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TableView;

/**
 * Two opt-in hooks on the first frame in which the Branches table shows rows, both off unless a system
 * property asks for them (a normal start installs nothing):
 *
 * <ul>
 *   <li>{@code -Darbor.startupTiming=true} prints one line to stderr: how long after the process started that
 *       frame was laid out, and the FX thread's CPU time by then. The cold-start measurement of the shipped
 *       app reads it (docs/benchmarks.md, issue 4).</li>
 *   <li>{@code -Darbor.exitAfterFirstFrame=true} quits the app cleanly after that frame. The build's training
 *       run for the app image's startup cache (packaging/StartupCache.java) uses it, so the cache holds what
 *       opening a project and rendering its table needs.</li>
 * </ul>
 */
final class StartupHooks {
    static final String TIMING = "arbor.startupTiming";
    static final String EXIT_AFTER_FIRST_FRAME = "arbor.exitAfterFirstFrame";

    private final boolean timing;
    private final boolean exitAfterFirstFrame;

    private StartupHooks(boolean timing, boolean exitAfterFirstFrame) {
        this.timing = timing;
        this.exitAfterFirstFrame = exitAfterFirstFrame;
    }

    static StartupHooks from(Properties properties) {
        return new StartupHooks(Boolean.parseBoolean(properties.getProperty(TIMING)),
                Boolean.parseBoolean(properties.getProperty(EXIT_AFTER_FIRST_FRAME)));
    }

    boolean enabled() {
        return timing || exitAfterFirstFrame;
    }

    /**
     * Watches {@code scene}'s pulses until one leaves the Branches table with rows and its first row's cell
     * showing a branch (CSS and layout done, the frame handed to the renderer), then reports it on
     * {@code out} and/or runs {@code exit}, once. Does nothing when no hook is enabled.
     */
    void install(Scene scene, Runnable exit, PrintStream out) {
        if (!enabled()) {
            return;
        }
        Runnable probe = new Runnable() {
            private boolean done;

            @Override
            public void run() {
                if (done) {
                    return;
                }
                int rows = renderedRows(scene);
                if (rows == 0) {
                    Platform.requestNextPulse();
                    return;
                }
                done = true;
                if (timing) {
                    out.println(timingLine(rows));
                }
                // after the pulse: the scene is still walking its listeners, and quitting mid-pulse would cut it short
                Platform.runLater(() -> scene.removePostLayoutPulseListener(this));
                if (exitAfterFirstFrame) {
                    Platform.runLater(exit);
                }
            }
        };
        scene.addPostLayoutPulseListener(probe);
        Platform.requestNextPulse();
    }

    /** How many rows the Branches table holds, or 0 while its first row's cell does not show one yet. */
    private static int renderedRows(Scene scene) {
        if (!(scene.lookup("#branch-table") instanceof TableView<?> table) || table.getItems().isEmpty()) {
            return 0;
        }
        for (Node n : table.lookupAll(".table-row-cell")) {
            if (n instanceof IndexedCell<?> cell && cell.isVisible() && cell.getIndex() == 0 && cell.getItem() != null) {
                return table.getItems().size();
            }
        }
        return 0;
    }

    private static String timingLine(int rows) {
        // The process's start, not the JVM's: the launcher's own work before the JVM counts for the person waiting.
        Instant start = ProcessHandle.current().info().startInstant()
                .orElseGet(() -> Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
        long sinceStart = Duration.between(start, Instant.now()).toMillis();
        long fxCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
        return String.format(Locale.ROOT, "arbor startup: first rendered table (%d rows) %d ms after process start;"
                + " FX thread CPU %d ms", rows, sinceStart, fxCpu);
    }
}
