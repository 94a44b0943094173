package dev.arbor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the benchmarks share: scratch directories and a log line. */
final class Fixtures {
    private Fixtures() {
    }

    /**
     * A fresh scratch directory for one project, under {@code -Darbor.bench.dir} (default: the system's
     * temporary directory), which the account that runs Postgres (nobody, as root) can reach. Fsync costs depend on
     * the file system it is on.
     */
    static Path scratchDir(String prefix) {
        try {
            String base = System.getProperty("arbor.bench.dir");
            Path parent = base == null ? Paths.get(System.getProperty("java.io.tmpdir")) : Paths.get(base);
            Files.createDirectories(parent);
            Path dir = Files.createTempDirectory(parent, "arbor-bench-" + prefix + "-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void log(String format, Object... args) {
        System.out.printf("[arbor-bench] " + format + "%n", args);
    }
}
