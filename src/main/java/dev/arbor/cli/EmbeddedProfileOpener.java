package dev.arbor.cli;

import dev.arbor.backend.BranchBackend;
import dev.arbor.engine.DataDirs;
import dev.arbor.engine.DemoProject;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.app.BackendSource;
import dev.arbor.ui.connect.ConnectionProfile;
import dev.arbor.ui.connect.ProfileOpener;
import java.util.List;

/**
 * Opens embedded profiles with the engine. It lives with the entry point, the one place that knows both the
 * console and the engine, so that the UI depends on the backend SPI alone.
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

    @Override
    public List<ConnectionProfile> builtInProfiles() {
        return List.of(demoProfile(), defaultProfile());
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
