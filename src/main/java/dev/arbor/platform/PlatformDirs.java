package dev.arbor.platform;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Arbor's per-user directories, where each platform keeps them: data (projects), configuration (connection
 * profiles) and cache (downloaded binaries). The one place that knows the platforms' conventions, so the engine,
 * the profiles and the Postgres cache cannot drift apart. It depends on nothing else in Arbor.
 *
 * <pre>
 *            Linux (XDG)                      macOS                                Windows
 *   data     $XDG_DATA_HOME/arbor             ~/Library/Application Support/Arbor  %LOCALAPPDATA%\Arbor
 *            (~/.local/share/arbor)
 *   config   $XDG_CONFIG_HOME/arbor           ~/Library/Application Support/Arbor  %APPDATA%\Arbor
 *            (~/.config/arbor)
 *   cache    $XDG_CACHE_HOME/arbor            ~/Library/Caches/Arbor               %LOCALAPPDATA%\Arbor\cache
 *            (~/.cache/arbor)
 * </pre>
 *
 * An unset or empty variable falls back to the default under the home (on Windows {@code ~\AppData\Local} or
 * {@code ~\AppData\Roaming}). Overrides such as {@code arbor.home} stay with the callers that offer them.
 *
 * @param os        the platform whose conventions apply
 * @param userHome  the user's home directory
 * @param env       reads an environment variable (null when unset)
 */
public record PlatformDirs(Os os, Path userHome, UnaryOperator<String> env) {

    /** The platforms whose conventions differ; every other system follows Linux's (XDG). */
    public enum Os {
        LINUX, MAC, WINDOWS;

        /** From the {@code os.name} system property's value. */
        public static Os named(String osName) {
            String name = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
            if (name.contains("win")) {
                return WINDOWS;
            }
            return name.contains("mac") ? MAC : LINUX;
        }
    }

    public PlatformDirs {
        Objects.requireNonNull(os);
        Objects.requireNonNull(userHome);
        Objects.requireNonNull(env);
    }

    /** This machine's platform, user and environment. */
    public static PlatformDirs current() {
        return new PlatformDirs(Os.named(System.getProperty("os.name")), Path.of(System.getProperty("user.home")),
                System::getenv);
    }

    /** Where Arbor keeps what the user made (its projects). */
    public Path data() {
        return switch (os) {
            case WINDOWS -> fromEnv("LOCALAPPDATA", "AppData/Local").resolve("Arbor");
            case MAC -> userHome.resolve("Library/Application Support/Arbor");
            case LINUX -> fromEnv("XDG_DATA_HOME", ".local/share").resolve("arbor");
        };
    }

    /** Where Arbor keeps its settings (the connection profiles). */
    public Path config() {
        return switch (os) {
            case WINDOWS -> fromEnv("APPDATA", "AppData/Roaming").resolve("Arbor");
            case MAC -> userHome.resolve("Library/Application Support/Arbor");
            case LINUX -> fromEnv("XDG_CONFIG_HOME", ".config").resolve("arbor");
        };
    }

    /** Where Arbor keeps what it can fetch or make again (downloaded binaries). */
    public Path cache() {
        return switch (os) {
            case WINDOWS -> fromEnv("LOCALAPPDATA", "AppData/Local").resolve("Arbor/cache");
            case MAC -> userHome.resolve("Library/Caches/Arbor");
            case LINUX -> fromEnv("XDG_CACHE_HOME", ".cache").resolve("arbor");
        };
    }

    // An unset or empty variable means the default under the home (the XDG rule, applied on Windows too).
    private Path fromEnv(String variable, String underHome) {
        String value = env.apply(variable);
        return value != null && !value.isBlank() ? Path.of(value) : userHome.resolve(underHome);
    }
}
