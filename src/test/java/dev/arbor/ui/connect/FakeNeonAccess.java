package dev.arbor.ui.connect;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Project;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link NeonAccess} for ViewModel tests: one key that sees a fixed list of projects, and keys kept in a map. */
final class FakeNeonAccess implements NeonAccess {
    static final String DEFAULT_URL = "https://console.neon.tech/api/v2";

    final String goodKey;
    final List<Project> projects;
    final Map<String, String> savedKeys = new LinkedHashMap<>();
    final List<String> listedWith = new ArrayList<>();
    RuntimeException saveFailure;

    FakeNeonAccess(String goodKey, List<Project> projects) {
        this.goodKey = goodKey;
        this.projects = projects;
    }

    @Override
    public String defaultBaseUrl() {
        return DEFAULT_URL;
    }

    @Override
    public List<Project> listProjects(String baseUrl, String apiKey) {
        listedWith.add(baseUrl);
        if (!apiKey.equals(goodKey)) {
            throw new ArborException(dev.arbor.domain.ErrorCode.UNAUTHORIZED, "UNAUTHORIZED",
                    "The Neon API refused the API key. Check the key, or create a new one in the Neon Console.");
        }
        return projects;
    }

    @Override
    public void saveKey(ConnectionProfile.Neon profile, String apiKey) {
        if (saveFailure != null) {
            throw saveFailure;
        }
        savedKeys.put(profile.name(), apiKey);
    }

    @Override
    public void forgetKey(String name) {
        savedKeys.remove(name);
    }
}
