package dev.arbor.bench;

import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How long a new project on real Postgres takes to make: {@code EmbeddedEngine.open} on an empty directory
 * (the root's cluster, its first base backup, the sealed WAL and its first segment row),
 * then close. The first run of a JVM (and of a cache without a cluster template) is a warm-up; not JMH.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp target/benchmarks.jar dev.arbor.bench.PgProjectCreate [runs]</pre>
 */
public final class PgProjectCreate {
    private PgProjectCreate() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long[] ms = new long[runs];
        for (int i = -1; i < runs; i++) {
            Path dir = Files.createTempDirectory("arbor-bench-project");
            // as root, Postgres runs as nobody, which must reach the data directory
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                long start = System.nanoTime();
                EmbeddedEngine engine = EmbeddedEngine.open(dir,
                        EngineOptions.defaults().withMaintenanceInterval(null));
                long took = (System.nanoTime() - start) / 1_000_000;
                engine.close();
                if (i >= 0) {
                    ms[i] = took;
                }
            } finally {
                delete(dir);
            }
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "open of a new project: median %d ms (min %d, max %d) over %d runs%n",
                sorted[runs / 2], sorted[0], sorted[runs - 1], runs);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
