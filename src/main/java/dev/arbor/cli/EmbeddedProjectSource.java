package dev.arbor.cli;

import dev.arbor.backend.BranchBackend;
import dev.arbor.engine.DataDirs;
import dev.arbor.engine.DemoProject;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EngineOptions;
import dev.arbor.ui.connect.BackendSource;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A project in a data directory on this machine, run by the embedded engine on real Postgres. */
record EmbeddedProjectSource(Path dataDir, boolean seedDemo) implements BackendSource {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedProjectSource.class);
    /** How the console runs embedded projects: each branch a Postgres database a client connects to. */
    static final EngineOptions ENGINE = EngineOptions.defaults();

    @Override
    public String description() {
        return DataDirs.display(dataDir);
    }

    @Override
    public BranchBackend open() {
        return open(said -> { });
    }

    @Override
    public BranchBackend open(java.util.function.Consumer<String> progress) {
        // Seeding runs before opening because it writes a whole project into an empty directory,
        // which the engine must then find as if it had always been there.
        int[] made = {0};
        if (seedDemo && DemoProject.seedIfEmpty(dataDir, ENGINE, branch -> progress.accept("Making the demo project "
                + "on Postgres (first start only): branch " + branch + " is ready, " + ++made[0] + " so far…"))) {
            LOG.info("Created the demo project in {}", dataDir);
        }
        return EmbeddedBackend.open(dataDir, ENGINE);
    }
}
