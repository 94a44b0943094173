package dev.arbor.remote;

import dev.arbor.domain.ArborException;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * A saved connection to a Neon project: a name for people, the API's base URL, the project id and the key.
 * {@code toString()} shows everything but the key.
 */
public record RemoteProfile(String name, String baseUrl, String projectId, ApiKey apiKey) {
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
    }

    @Override
    public String toString() {
        return "RemoteProfile[name=" + name + ", baseUrl=" + baseUrl + ", projectId=" + projectId + ", apiKey=redacted]";
    }
}
