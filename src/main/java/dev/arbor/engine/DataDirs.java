package dev.arbor.engine;

import java.nio.file.Path;
import java.util.Locale;

/** Where Arbor keeps projects by default: the platform's per-user data directory. */
public final class DataDirs {
    private DataDirs() {
    }

    /**
     * The per-user data home: {@code $XDG_DATA_HOME/arbor} (else {@code ~/.local/share/arbor}) on Linux,
     * {@code ~/Library/Application Support/Arbor} on macOS, {@code %LOCALAPPDATA%\Arbor} on Windows.
     * The system property {@code arbor.home} overrides it.
     */
    public static Path home() {
        String override = System.getProperty("arbor.home");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path user = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = System.getenv("LOCALAPPDATA");
            return (appData != null ? Path.of(appData) : user.resolve("AppData/Local")).resolve("Arbor");
        }
        if (os.contains("mac")) {
            return user.resolve("Library/Application Support/Arbor");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : user.resolve(".local/share")).resolve("arbor");
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
        Path user = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        if (abs.startsWith(user)) {
            return "~/" + user.relativize(abs).toString().replace('\\', '/');
        }
        return abs.toString();
    }
}
