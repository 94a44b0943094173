package dev.arbor.ui.connect;

import dev.arbor.ui.app.BackendSource;

/** Turns a saved profile into something the console can open. */
@FunctionalInterface
public interface ProfileOpener {
    BackendSource sourceFor(ConnectionProfile profile);
}
