package dev.arbor.ui.connect;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Organization;
import dev.arbor.domain.Project;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link NeonAccess} for ViewModel tests: one key that sees a fixed list of projects, and keys kept in a map.
 * With {@link #organizations} set it answers as Neon does for a personal key on an account in organizations:
 * listing without an organization is refused, and each organization has its own projects.
 */
final class FakeNeonAccess implements NeonAccess {
    static final String DEFAULT_URL = "https://console.neon.tech/api/v2";

    final String goodKey;
    final List<Project> projects;
    final Map<String, String> savedKeys = new LinkedHashMap<>();
    final List<String> listedWith = new ArrayList<>();
    final List<String> listedOrgIds = new ArrayList<>();
    final List<String> lookedUp = new ArrayList<>();
    List<Organization> organizations = List.of();
    final Map<String, List<Project>> projectsByOrg = new LinkedHashMap<>();
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
    public List<Organization> listOrganizations(String baseUrl, String apiKey) {
        checkKey(apiKey);
        return organizations;
    }

    @Override
    public List<Project> listProjects(String baseUrl, String apiKey, String orgId) {
        listedWith.add(baseUrl);
        listedOrgIds.add(orgId);
        checkKey(apiKey);
        if (organizations.isEmpty()) {
            return projects;
        }
        if (orgId == null) {
            throw new ArborException(ErrorCode.INVALID_INPUT, "ORGANIZATION_REQUIRED", "Your Neon account belongs to an"
                    + " organization. Choose the organization, then load the projects again.");
        }
        return projectsByOrg.getOrDefault(orgId, List.of());
    }

    @Override
    public Project findProject(String baseUrl, String apiKey, String projectId) {
        lookedUp.add(projectId);
        checkKey(apiKey);
        List<Project> all = new ArrayList<>(projects);
        projectsByOrg.values().forEach(all::addAll);
        return all.stream().filter(p -> p.id().equals(projectId)).findFirst().orElseThrow(() -> new ArborException(
                ErrorCode.NOT_FOUND, "PROJECT_NOT_FOUND", "This API key cannot open a project with the id \"" + projectId
                + "\"."));
    }

    private void checkKey(String apiKey) {
        if (!apiKey.equals(goodKey)) {
            throw new ArborException(ErrorCode.UNAUTHORIZED, "UNAUTHORIZED",
                    "The Neon API refused the API key. Check the key, or create a new one in the Neon Console.");
        }
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
