package dev.arbor.ui.connect;

import java.util.List;

/** Turns a saved profile into something the console can open, and names the profiles every user has. */
public interface ProfileOpener {
    BackendSource sourceFor(ConnectionProfile profile);

    /** Profiles offered without being saved (the demo project, the default project). */
    List<ConnectionProfile> builtInProfiles();

    /** Listing Neon projects and keeping their keys, for adding a Neon profile. */
    NeonAccess neon();
}
