package dev.arbor.ui.connect;

import dev.arbor.backend.BranchBackend;
import dev.arbor.engine.DataDirs;
import dev.arbor.engine.DemoProject;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.app.BackendSource;

/**
 * Opens embedded profiles with the engine. The one place in the UI that knows the engine: the backend
 * package has no profile factory yet, and the console must open a directory the person picks.
 */
public final class EmbeddedProfileOpener implements ProfileOpener {

    @Override
    public BackendSource sourceFor(ConnectionProfile profile) {
        return new BackendSource() {
            @Override
            public String description() {
                return DataDirs.display(profile.dataDir());
            }

            @Override
            public BranchBackend open() {
                if (profile.demo()) {
                    DemoProject.seedIfEmpty(profile.dataDir());
                }
                return EmbeddedBackend.open(profile.dataDir());
            }
        };
    }

    /** The demo project's profile, in its usual place. */
    public static ConnectionProfile demoProfile() {
        return new ConnectionProfile("Demo project", DataDirs.demoDataDir(), true);
    }

    /** The default project's profile, in its usual place. */
    public static ConnectionProfile defaultProfile() {
        return new ConnectionProfile("Default project", DataDirs.defaultDataDir(), false);
    }
}
