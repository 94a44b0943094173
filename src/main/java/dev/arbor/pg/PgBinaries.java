package dev.arbor.pg;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The Postgres programs ({@code initdb}, {@code pg_ctl}, {@code postgres}) unpacked from the class path into a
 * per-release cache directory. Unpacking happens once: into a temporary sibling, then renamed into place, under a
 * file lock so that two processes never unpack into the same place at once. The manifest written with it is
 * checked the first time each JVM uses a cache; a cache that fails the check is unpacked again.
 */
public final class PgBinaries {
    /** Where the archive comes from; null when it is not there. */
    @FunctionalInterface
    interface ArchiveSource {
        InputStream open() throws IOException;
    }

    private static final Set<Path> CHECKED = ConcurrentHashMap.newKeySet();
    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path home;
    private final PgDistribution distribution;

    private PgBinaries(Path home, PgDistribution distribution) {
        this.home = home;
        this.distribution = distribution;
    }

    /** The binaries for this OS in the default cache ({@link PgCacheDir}), unpacked when needed. */
    public static PgBinaries install() {
        return install(PgCacheDir.root(PgAccount.runningAsRoot()));
    }

    /** The binaries for this OS under {@code cacheRoot}, unpacked when needed. */
    public static PgBinaries install(Path cacheRoot) {
        PgDistribution d = PgDistribution.current();
        return install(cacheRoot, d, () -> PgBinaries.class.getClassLoader().getResourceAsStream(d.archiveResource()));
    }

    static PgBinaries install(Path cacheRoot, PgDistribution d, ArchiveSource source) {
        Path target = cacheRoot.toAbsolutePath().normalize().resolve(d.cacheName());
        if (CHECKED.contains(target) || CacheManifest.problemIn(target) == null) {
            CHECKED.add(target);
            return new PgBinaries(target, d);
        }
        synchronized (JVM_LOCKS.computeIfAbsent(target, t -> new Object())) {
            try {
                createCacheRoot(target.getParent());
                Path lockFile = target.resolveSibling("." + d.cacheName() + ".lock");
                try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = ch.lock()) {
                    // another process may have unpacked it while this one waited for the lock
                    if (CacheManifest.problemIn(target) != null) {
                        unpack(target, d, source);
                    }
                }
            } catch (IOException e) {
                throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_BINARIES_UNPACK_FAILED",
                        "Arbor could not unpack the PostgreSQL binaries into " + target + " (" + IoText.of(e)
                                + "); make that directory writable with room to spare, or point "
                                + PgCacheDir.ENV + " at another directory.", null, e);
            }
            CHECKED.add(target);
            return new PgBinaries(target, d);
        }
    }

    /** Binaries already unpacked at {@code home} (by {@link #install}), without checking them. */
    static PgBinaries at(Path home) {
        return new PgBinaries(home, PgDistribution.current());
    }

    /** Forgets which caches this JVM has checked, so that the next install checks again. */
    static void forgetChecks() {
        CHECKED.clear();
    }

    private static void unpack(Path target, PgDistribution d, ArchiveSource source) throws IOException {
        Path parent = target.getParent();
        removeLeftovers(parent, d.cacheName());
        Path tmp = parent.resolve("." + d.cacheName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectory(tmp);
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, ArchiveExtractor.DIR_MODE);
            }
            try (InputStream in = source.open()) {
                if (in == null) {
                    throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_BINARIES_MISSING",
                            "Arbor has no PostgreSQL " + PgDistribution.VERSION + " binaries for " + d.os() + " on "
                                    + d.arch() + ": the artifact " + d.artifact() + " is not on the class path. "
                                    + "A build adds it for the OS and architecture it runs on; build Arbor there, "
                                    + "or add that artifact.");
                }
                new ArchiveExtractor().extract(in, tmp, d.archiveResource()).write(tmp);
            }
            if (Files.exists(target)) {
                Path old = parent.resolve("." + d.cacheName() + ".old-" + UUID.randomUUID());
                move(target, old);
                deleteTree(old);
            }
            move(tmp, target);
        } finally {
            deleteTree(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Temporary and replaced directories of earlier unpacks that died part way (the lock is held: none is live). */
    private static void removeLeftovers(Path parent, String cacheName) throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("." + cacheName + ".tmp-") || n.startsWith("." + cacheName + ".old-")) {
                    deleteTree(p);
                }
            }
        }
    }

    private static void createCacheRoot(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root);
            // readable by the account that runs Postgres when this JVM is root (PgAccount)
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(root, ArchiveExtractor.DIR_MODE);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The directory holding {@code bin/}, {@code lib/} and {@code share/}. */
    public Path home() {
        return home;
    }

    public PgDistribution distribution() {
        return distribution;
    }

    /** A program in {@code bin/}: {@code initdb}, {@code pg_ctl} or {@code postgres}. */
    public Path tool(String name) {
        return home.resolve("bin").resolve(distribution.executable(name));
    }

    @Override
    public String toString() {
        return "PostgreSQL " + PgDistribution.VERSION + " in " + home;
    }
}
