package dev.arbor.pg;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the extracted Postgres binaries live: the platform's per-user cache, one directory per release
 * ({@link PgDistribution#cacheName()}). This repeats a little of {@code engine.DataDirs} (the home and OS
 * checks) so that {@code pg} stays independent of the engine; fold the two together when the engine uses pg.
 */
public final class PgCacheDir {
    /** System property naming the cache root; the environment variable {@link #ENV} does the same. */
    public static final String PROPERTY = "arbor.pg.cache";
    public static final String ENV = "ARBOR_PG_CACHE";

    private PgCacheDir() {
    }

    /**
     * The cache root: {@code arbor.pg.cache} or {@code ARBOR_PG_CACHE} when set; otherwise
     * {@code $XDG_CACHE_HOME/arbor/postgres} (else {@code ~/.cache/arbor/postgres}) on Linux,
     * {@code ~/Library/Caches/Arbor/postgres} on macOS, {@code %LOCALAPPDATA%\Arbor\cache\postgres} on Windows.
     * When the JVM runs as root the binaries are run by another account ({@link PgAccount}), which cannot reach
     * root's private home, so the root is then the system's {@code /var/cache/arbor/postgres}.
     */
    public static Path root(boolean runningAsRoot) {
        String override = System.getProperty(PROPERTY);
        if (override == null || override.isBlank()) {
            override = System.getenv(ENV);
        }
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path user = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = System.getenv("LOCALAPPDATA");
            return (appData != null ? Path.of(appData) : user.resolve("AppData/Local")).resolve("Arbor/cache/postgres");
        }
        if (runningAsRoot) {
            return Path.of("/var/cache/arbor/postgres");
        }
        if (os.contains("mac")) {
            return user.resolve("Library/Caches/Arbor/postgres");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : user.resolve(".cache")).resolve("arbor/postgres");
    }
}
