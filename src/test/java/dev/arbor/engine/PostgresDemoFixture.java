package dev.arbor.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * One Postgres demo per test JVM: made once (seeding takes tens of seconds) and copied for each test that opens it.
 * Copies keep owners and modes, so a copy made as root still belongs to the account that runs Postgres; the demo
 * sits in a directory that account can reach, so its Postgres files are inside it and move with it.
 */
public final class PostgresDemoFixture {
    private static Path template;
    private static long seedMillis;

    private PostgresDemoFixture() {
    }

    /** Copies the demo into {@code target}, which must not exist yet; its parent must be reachable by Postgres. */
    public static synchronized void copyInto(Path target) throws IOException {
        Path template = template();
        try (Stream<Path> all = Files.walk(template)) {
            all.forEach(p -> {
                try {
                    Files.copy(p, target.resolve(template.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The demo as seeding left it, made on first use; tests copy it rather than change it. */
    static synchronized Path template() throws IOException {
        if (template == null) {
            Path root = reachable(Files.createTempDirectory("arbor-pg-demo-template"));
            Path dir = root.resolve("demo");
            long start = System.nanoTime();
            if (!DemoProject.seedIfEmpty(dir, EngineOptions.defaults())) {
                throw new IllegalStateException("the demo was not seeded into an empty directory");
            }
            seedMillis = (System.nanoTime() - start) / 1_000_000;
            template = dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root), "demo-template-cleanup"));
        }
        return template;
    }

    /** How long seeding the template took, in milliseconds. */
    static synchronized long seedMillis() throws IOException {
        template();
        return seedMillis;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory; the system clears it in time
        }
    }

    /** Lets the account that runs Postgres (nobody, as root) search {@code dir}; returns it. */
    public static Path reachable(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }
}
