package dev.arbor.cli;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Organization;
import dev.arbor.domain.Project;
import dev.arbor.engine.DataDirs;
import dev.arbor.engine.DemoProject;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.remote.ApiKey;
import dev.arbor.remote.ClientOptions;
import dev.arbor.remote.NeonApiClient;
import dev.arbor.remote.RemoteBackend;
import dev.arbor.remote.RemoteProfile;
import dev.arbor.remote.RemoteProfiles;
import dev.arbor.ui.connect.BackendSource;
import dev.arbor.ui.connect.ConnectionProfile;
import dev.arbor.ui.connect.NeonAccess;
import dev.arbor.ui.connect.ProfileOpener;
import java.util.List;
import java.util.Objects;

/**
 * Opens the console's profiles: data directories with the engine, Neon projects with {@link RemoteBackend}
 * and the key kept in {@link RemoteProfiles} (mode 0600). It lives with the entry point, the one place that
 * knows the console, the engine and the client, so that the UI depends on the backend SPI alone.
 */
public final class ConsoleProfiles implements ProfileOpener, NeonAccess {
    private final RemoteProfiles keys;
    private final ClientOptions options;

    /** Neon keys in the user's config directory, the client's default timeouts and retries. */
    public ConsoleProfiles() {
        this(RemoteProfiles.atDefaultLocation(), ClientOptions.DEFAULT);
    }

    public ConsoleProfiles(RemoteProfiles keys, ClientOptions options) {
        this.keys = Objects.requireNonNull(keys);
        this.options = Objects.requireNonNull(options);
    }

    @Override
    public BackendSource sourceFor(ConnectionProfile profile) {
        return switch (profile) {
            case ConnectionProfile.Embedded e -> new EmbeddedProjectSource(e.dataDir(), e.demo());
            case ConnectionProfile.Neon n -> neonSource(n);
        };
    }

    @Override
    public List<ConnectionProfile> builtInProfiles() {
        return List.of(demoProfile(), defaultProfile());
    }

    @Override
    public NeonAccess neon() {
        return this;
    }

    /** The demo project's profile, in its usual place. */
    public static ConnectionProfile demoProfile() {
        return new ConnectionProfile.Embedded("Demo project", DataDirs.demoDataDir(), true);
    }

    /** The default project's profile, in its usual place. */
    public static ConnectionProfile defaultProfile() {
        return new ConnectionProfile.Embedded("Default project", DataDirs.defaultDataDir(), false);
    }

    // NeonAccess

    @Override
    public String defaultBaseUrl() {
        return NeonApiClient.DEFAULT_BASE_URL;
    }

    @Override
    public List<Organization> listOrganizations(String baseUrl, String apiKey) {
        try (NeonApiClient client = new NeonApiClient(baseUrl, ApiKey.of(apiKey), options)) {
            return client.listOrganizations();
        }
    }

    @Override
    public List<Project> listProjects(String baseUrl, String apiKey, String orgId) {
        try (NeonApiClient client = new NeonApiClient(baseUrl, ApiKey.of(apiKey), options)) {
            return client.listProjects(orgId);
        }
    }

    @Override
    public Project findProject(String baseUrl, String apiKey, String projectId) {
        try (NeonApiClient client = new NeonApiClient(baseUrl, ApiKey.of(apiKey), options)) {
            return client.findProject(projectId);
        }
    }

    @Override
    public void saveKey(ConnectionProfile.Neon profile, String apiKey) {
        keys.save(new RemoteProfile(profile.name(), profile.baseUrl(), profile.projectId(), ApiKey.of(apiKey),
                profile.orgId()));
    }

    @Override
    public void forgetKey(String name) {
        keys.remove(name);
    }

    // The key file is the authority for where the key may be sent: a profile whose URL or project no longer
    // matches the saved key is refused rather than sending the key somewhere it was not saved for.
    private BackendSource neonSource(ConnectionProfile.Neon profile) {
        return new BackendSource() {
            @Override
            public String description() {
                return profile.baseUrl() + " · project " + profile.projectId();
            }

            @Override
            public BranchBackend open() {
                RemoteProfile saved = keys.get(profile.name()).orElseThrow(() -> new ArborException(
                        ErrorCode.UNAUTHORIZED, "API_KEY_NOT_SAVED", "No API key is saved for \"" + profile.name()
                        + "\" in " + keys.file() + ". Remove the profile and add it again with its key.", null, null));
                if (!saved.baseUrl().equals(profile.baseUrl()) || !saved.projectId().equals(profile.projectId())) {
                    throw new ArborException(ErrorCode.CONFLICT, "PROFILE_KEY_MISMATCH", "The key saved for \""
                            + profile.name() + "\" belongs to " + saved.baseUrl() + " · project " + saved.projectId()
                            + ". Remove the profile and add it again with its key.", null, null);
                }
                return new RemoteBackend(NeonApiClient.forProfile(saved, options), saved.projectId());
            }
        };
    }
}
