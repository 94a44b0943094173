package dev.arbor.engine;

import dev.arbor.domain.Project;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * How an engine runs: its clock (commit times, expirations), where operations execute (null: one
 * background thread, in order), how often maintenance runs on its own (null: only when called), and
 * the settings of a project created in an empty directory. {@code syncEveryCommit} (the default) makes each
 * commit durable before it is acknowledged; turning it off keeps the database consistent after a crash but
 * may lose the last commits, which only bulk loads (benchmarks, imports) should accept. {@code postgres} puts real
 * Postgres under the branches ({@link DataPlane}): computes are servers a client connects to, and data is written
 * and read through them rather than through {@link DataTransaction} and {@link Snapshot}.
 */
public record EngineOptions(Clock clock, Executor operationExecutor, Duration maintenanceInterval, NewProject newProject,
                            boolean syncEveryCommit, boolean postgres) {

    /** Settings for the project an empty data directory gets. */
    public record NewProject(String name, long historyRetentionSeconds, Project.Limits limits) {
        public static final NewProject DEFAULT =
                new NewProject("arbor", Project.DEFAULT_HISTORY_RETENTION_SECONDS, Project.Limits.DEFAULT);
    }

    public EngineOptions {
        clock = clock == null ? Clock.systemUTC() : clock;
        newProject = newProject == null ? NewProject.DEFAULT : newProject;
    }

    public EngineOptions(Clock clock, Executor operationExecutor, Duration maintenanceInterval, NewProject newProject) {
        this(clock, operationExecutor, maintenanceInterval, newProject, true, false);
    }

    public EngineOptions(Clock clock, Executor operationExecutor, Duration maintenanceInterval, NewProject newProject,
                         boolean syncEveryCommit) {
        this(clock, operationExecutor, maintenanceInterval, newProject, syncEveryCommit, false);
    }

    public static EngineOptions defaults() {
        return new EngineOptions(Clock.systemUTC(), null, Duration.ofSeconds(15), NewProject.DEFAULT, true, false);
    }

    public EngineOptions withSyncEveryCommit(boolean sync) {
        return new EngineOptions(clock, operationExecutor, maintenanceInterval, newProject, sync, postgres);
    }

    public EngineOptions withClock(Clock c) {
        return new EngineOptions(c, operationExecutor, maintenanceInterval, newProject, syncEveryCommit, postgres);
    }

    public EngineOptions withOperationExecutor(Executor e) {
        return new EngineOptions(clock, e, maintenanceInterval, newProject, syncEveryCommit, postgres);
    }

    public EngineOptions withMaintenanceInterval(Duration d) {
        return new EngineOptions(clock, operationExecutor, d, newProject, syncEveryCommit, postgres);
    }

    public EngineOptions withNewProject(NewProject p) {
        return new EngineOptions(clock, operationExecutor, maintenanceInterval, p, syncEveryCommit, postgres);
    }

    /** Real Postgres under the branches ({@link DataPlane}). */
    public EngineOptions withPostgres(boolean on) {
        return new EngineOptions(clock, operationExecutor, maintenanceInterval, newProject, syncEveryCommit, on);
    }
}
