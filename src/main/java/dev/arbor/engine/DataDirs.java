package dev.arbor.engine;

import dev.arbor.platform.PlatformDirs;
import java.nio.file.Path;

/** Where Arbor keeps projects by default: the platform's per-user data directory. */
public final class DataDirs {
    private DataDirs() {
    }

    /**
     * The per-user data home ({@link PlatformDirs#data()}): {@code $XDG_DATA_HOME/arbor} (else
     * {@code ~/.local/share/arbor}) on Linux, {@code ~/Library/Application Support/Arbor} on macOS,
     * {@code %LOCALAPPDATA%\Arbor} on Windows.
     * The system property {@code arbor.home} overrides it.
     */
    public static Path home() {
        String override = System.getProperty("arbor.home");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return PlatformDirs.current().data();
    }

    public static Path defaultDataDir() {
        return home().resolve("projects/default");
    }

    public static Path demoDataDir() {
        return home().resolve("projects/demo");
    }

    /** How a data directory is shown to people: relative to the data home or the user's home when inside them. */
    public static String display(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path home = home().toAbsolutePath().normalize();
        if (abs.startsWith(home)) {
            return home.relativize(abs).toString().replace('\\', '/');
        }
        Path user = PlatformDirs.current().userHome().toAbsolutePath().normalize();
        if (abs.startsWith(user)) {
            return "~/" + user.relativize(abs).toString().replace('\\', '/');
        }
        return abs.toString();
    }
}
