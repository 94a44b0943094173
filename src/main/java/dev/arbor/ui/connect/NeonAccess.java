package dev.arbor.ui.connect;

import dev.arbor.domain.Organization;
import dev.arbor.domain.Project;
import java.util.List;

/**
 * What the connection switcher needs from the Neon client: listing a key's organizations and projects,
 * finding a project by id, and keeping the key.
 * The entry point supplies it, so that the UI depends on neither the client nor where keys are stored.
 * Every method blocks (network or disk) and is called off the UI thread; failures are ArborExceptions
 * whose message is a sentence for people.
 */
public interface NeonAccess {

    /** The base URL a new profile starts with: Neon's public API. */
    String defaultBaseUrl();

    /**
     * The organizations the key's owner belongs to at {@code baseUrl} (Neon's {@code GET /users/me/organizations});
     * empty where the server has none ({@code arbor serve}).
     */
    List<Organization> listOrganizations(String baseUrl, String apiKey);

    /**
     * The projects {@code apiKey} can see at {@code baseUrl} in organization {@code orgId}, every page of them;
     * a null {@code orgId} names none, which a personal key on an account in an organization is refused
     * ({@code ORGANIZATION_REQUIRED}).
     */
    List<Project> listProjects(String baseUrl, String apiKey, String orgId);

    /** The project with the id a person typed, without listing; a sentence when the key cannot open it. */
    Project findProject(String baseUrl, String apiKey, String projectId);

    /** Keeps {@code apiKey} for {@code profile}, readable by this user only, replacing one of the same name. */
    void saveKey(ConnectionProfile.Neon profile, String apiKey);

    /** Forgets the key saved for the profile named {@code name}, if there is one. */
    void forgetKey(String name);
}
