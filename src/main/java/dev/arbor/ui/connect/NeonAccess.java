package dev.arbor.ui.connect;

import dev.arbor.domain.Project;
import java.util.List;

/**
 * What the connection switcher needs from the Neon client: listing a key's projects and keeping the key.
 * The entry point supplies it, so that the UI depends on neither the client nor where keys are stored.
 * Every method blocks (network or disk) and is called off the UI thread; failures are ArborExceptions
 * whose message is a sentence for people.
 */
public interface NeonAccess {

    /** The base URL a new profile starts with: Neon's public API. */
    String defaultBaseUrl();

    /** The projects {@code apiKey} can see at {@code baseUrl}. */
    List<Project> listProjects(String baseUrl, String apiKey);

    /** Keeps {@code apiKey} for {@code profile}, readable by this user only, replacing one of the same name. */
    void saveKey(ConnectionProfile.Neon profile, String apiKey);

    /** Forgets the key saved for the profile named {@code name}, if there is one. */
    void forgetKey(String name);
}
