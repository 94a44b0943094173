package dev.arbor.remote;

import dev.arbor.domain.ArborException;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * A saved connection to a Neon project: a name for people, the API's base URL, the project id, the key, and
 * the organization the project was chosen in ({@code orgId}, null when none was needed), so that the next
 * listing with the same key starts there. {@code toString()} shows everything but the key.
 */
public record RemoteProfile(String name, String baseUrl, String projectId, ApiKey apiKey, String orgId) {
    /** Neon's project id form (reference §1). */
    private static final Pattern PROJECT_ID = Pattern.compile("^[a-z0-9-]{1,60}$");

    public RemoteProfile {
        if (name == null || name.isBlank()) {
            throw ArborException.invalid("PROFILE_NAME_REQUIRED", "Give the connection a name.");
        }
        name = name.strip();
        baseUrl = baseUrl == null || baseUrl.isBlank() ? NeonApiClient.DEFAULT_BASE_URL : baseUrl.strip();
        if (HttpUrl.parse(baseUrl) == null) {
            throw ArborException.invalid("INVALID_BASE_URL",
                    "\"" + baseUrl + "\" is not an http or https URL; the Neon API's is " + NeonApiClient.DEFAULT_BASE_URL + ".");
        }
        if (projectId == null || !PROJECT_ID.matcher(projectId.strip()).matches()) {
            throw ArborException.invalid("INVALID_PROJECT_ID", "\"" + (projectId == null ? "" : projectId)
                    + "\" is not a Neon project id; ids are 1 to 60 lower-case letters, digits and dashes.");
        }
        projectId = projectId.strip();
        Objects.requireNonNull(apiKey, "apiKey");
        orgId = orgId == null || orgId.isBlank() ? null : orgId.strip();
        if (orgId != null && !PROJECT_ID.matcher(orgId).matches()) {
            throw ArborException.invalid("INVALID_ORG_ID", "\"" + orgId
                    + "\" is not a Neon organization id; ids look like org-morning-bread-81040908.");
        }
    }

    /** A profile for a project that needed no organization to be found. */
    public RemoteProfile(String name, String baseUrl, String projectId, ApiKey apiKey) {
        this(name, baseUrl, projectId, apiKey, null);
    }

    @Override
    public String toString() {
        return "RemoteProfile[name=" + name + ", baseUrl=" + baseUrl + ", projectId=" + projectId
                + (orgId == null ? "" : ", orgId=" + orgId) + ", apiKey=redacted]";
    }
}
