package dev.arbor.pg;

import java.nio.file.Path;

/** A second process for {@link PgBinariesTest}: unpacks the binaries into the cache root it is given. */
public final class UnpackChild {
    private UnpackChild() {
    }

    public static void main(String[] args) {
        PgBinaries b = PgBinaries.install(Path.of(args[0]));
        String problem = CacheManifest.problemIn(b.home());
        System.out.println(problem == null ? "OK " + b.home() : "BAD " + problem);
    }
}
