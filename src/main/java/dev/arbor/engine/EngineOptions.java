package dev.arbor.engine;

import dev.arbor.domain.Project;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * How an engine runs: its clock (commit times, expirations), where operations execute (null: one
 * background thread, in order), how often maintenance runs on its own (null: only when called), and
 * the settings of a project created in an empty directory. {@code syncEveryCommit} (the default) makes each
 * change of the control plane durable before it is acknowledged; turning it off keeps the database consistent after
 * a crash but may lose the last changes, which only bulk loads (benchmarks, imports) should accept. The branches'
 * data is always real Postgres ({@link DataPlane}): computes are servers a client connects to. {@code readyCopy}
 * (the default, unless the system property {@code arbor.readyCopy} is {@code false}) keeps a copy of each storage's
 * newest base backup ready in the background, so a compute or a Time Travel view starts without copying the
 * database: one more copy on disk, and its I/O in the background. The test suite turns it off but for the tests of
 * it: its hundreds of short-lived projects would each copy their backups once more, beside the tests.
 */
public record EngineOptions(Clock clock, Executor operationExecutor, Duration maintenanceInterval, NewProject newProject,
                            boolean syncEveryCommit, boolean readyCopy) {

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
        this(clock, operationExecutor, maintenanceInterval, newProject, true, READY_COPY);
    }

    private static final boolean READY_COPY = !"false".equals(System.getProperty("arbor.readyCopy"));

    public static EngineOptions defaults() {
        return new EngineOptions(Clock.systemUTC(), null, Duration.ofSeconds(15), NewProject.DEFAULT, true, READY_COPY);
    }

    public EngineOptions withSyncEveryCommit(boolean sync) {
        return new EngineOptions(clock, operationExecutor, maintenanceInterval, newProject, sync, readyCopy);
    }

    public EngineOptions withClock(Clock c) {
        return new EngineOptions(c, operationExecutor, maintenanceInterval, newProject, syncEveryCommit, readyCopy);
    }

    public EngineOptions withOperationExecutor(Executor e) {
        return new EngineOptions(clock, e, maintenanceInterval, newProject, syncEveryCommit, readyCopy);
    }

    public EngineOptions withMaintenanceInterval(Duration d) {
        return new EngineOptions(clock, operationExecutor, d, newProject, syncEveryCommit, readyCopy);
    }

    public EngineOptions withReadyCopy(boolean keep) {
        return new EngineOptions(clock, operationExecutor, maintenanceInterval, newProject, syncEveryCommit, keep);
    }

    public EngineOptions withNewProject(NewProject p) {
        return new EngineOptions(clock, operationExecutor, maintenanceInterval, p, syncEveryCommit, readyCopy);
    }
}
