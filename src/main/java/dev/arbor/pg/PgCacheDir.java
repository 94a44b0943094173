package dev.arbor.pg;

import dev.arbor.platform.PlatformDirs;
import java.nio.file.Path;

/**
 * Where the extracted Postgres binaries live: the platform's per-user cache, one directory per release
 * ({@link PgDistribution#cacheName()}), under {@link PlatformDirs#cache()} as every other Arbor directory.
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
        PlatformDirs dirs = PlatformDirs.current();
        if (runningAsRoot && dirs.os() != PlatformDirs.Os.WINDOWS) {
            return Path.of("/var/cache/arbor/postgres");
        }
        return dirs.cache().resolve("postgres");
    }
}
