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

    private PostgresDemoFixture() {
    }

    /** Copies the demo into {@code target}, which must not exist yet; its parent must be reachable by Postgres. */
    public static synchronized void copyInto(Path target) throws IOException {
        if (template == null) {
            Path root = reachable(Files.createTempDirectory("arbor-pg-demo-template"));
            Path dir = root.resolve("demo");
            DemoProject.seedIfEmpty(dir, EngineOptions.defaults().withPostgres(true));
            template = dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root), "demo-template-cleanup"));
        }
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
