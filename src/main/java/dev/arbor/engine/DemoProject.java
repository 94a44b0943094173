package dev.arbor.engine;

import dev.arbor.domain.ArborException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo project: a small shop database with branches of every kind the console shows, written in SQL over half a
 * minute of real time ({@link PostgresDemoStory}).
 *
 * <p>Seeding is all or nothing. The project is written into a hidden sibling directory and moved into the data
 * directory only once complete: the whole directory is renamed into place (a project that appeared meanwhile is
 * kept). A process killed while seeding leaves only that sibling, which the next seeding removes (stopping the
 * Postgres servers it left running) once no process holds it; the data directory itself never holds half a demo.
 */
public final class DemoProject {
    private static final Logger LOG = LoggerFactory.getLogger(DemoProject.class);
    private static final String SEEDING = ".seeding-";

    static final String DB = EmbeddedEngine.DEFAULT_DATABASE;

    /**
     * Seeds the demo project into {@code dir} when it holds no project yet: the story is told in SQL over a few seconds
     * of real time. Nothing of {@code options} is read: the demo's engine runs as the story needs it. Returns whether
     * it seeded.
     */
    public static boolean seedIfEmpty(Path dir, EngineOptions options) {
        return seedIfEmpty(dir, options, branch -> { });
    }

    /** As {@link #seedIfEmpty(Path, EngineOptions)}, telling {@code branchCreated} the name of each branch as it is made. */
    public static boolean seedIfEmpty(Path dir, EngineOptions options, Consumer<String> branchCreated) {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target.resolve(Store.DB_FILE))) {
            return false;
        }
        Path parent = target.getParent();
        String prefix = "." + target.getFileName() + SEEDING;
        removeUnfinished(parent, prefix);
        Path building = parent.resolve(prefix + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        try {
            return seedOnPostgres(building, target, branchCreated);
        } finally {
            deleteUnfinished(building);
        }
    }

    private static final EngineOptions.NewProject NEW_PROJECT =
            new EngineOptions.NewProject("shop-demo", 86_400, dev.arbor.domain.Project.Limits.DEFAULT);

    private static boolean seedOnPostgres(Path building, Path target, Consumer<String> branchCreated) {
        long started = System.nanoTime();
        EngineOptions options = EngineOptions.defaults().withMaintenanceInterval(null).withNewProject(NEW_PROJECT);
        try (EmbeddedEngine engine = EmbeddedEngine.open(building, options)) {
            new PostgresDemoStory(engine, branchCreated).tell();
        } catch (java.sql.SQLException e) {
            throw ArborException.unavailable("DEMO_SEED_FAILED", "Arbor could not write the demo project's data: "
                    + e.getMessage(), e);
        }
        boolean published = publishDirectory(building, target);
        LOG.info("Made the demo project on Postgres in {} ms", (System.nanoTime() - started) / 1_000_000);
        return published;
    }

    /**
     * Makes the complete Postgres demo the project of {@code target} by renaming its directory into place: the
     * Postgres files live inside it ({@code postgres/}), so the project moves as one. When Postgres runs as another
     * account that cannot reach the directory, its files live under the system's directory, named for the data
     * directory's path; they are renamed to the target's name first, so a rename that never happens leaves only
     * files no project names. False when another process published a project first.
     */
    private static boolean publishDirectory(Path building, Path target) {
        try {
            if (Files.isDirectory(target)) {
                if (Files.exists(target.resolve(Store.DB_FILE))) {
                    LOG.info("A project appeared in {} while the demo was being made; it is kept and the new demo dropped", target);
                    return false;
                }
                try (Stream<Path> inside = Files.list(target)) {
                    if (inside.findAny().isPresent()) {
                        throw ArborException.invalid("DATA_DIR_NOT_EMPTY", "Arbor cannot put the demo project into "
                                + target + ": it holds files but no Arbor project. Move them away, or choose another "
                                + "directory with --data-dir.");
                    }
                }
                Files.delete(target);
            }
            boolean filesMoved = DataPlane.followRename(building, target);
            try {
                Files.move(building, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                if (filesMoved) {
                    DataPlane.followRename(target, building);
                }
                throw e;
            }
            syncDirectory(target.getParent());
            return true;
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            LOG.info("A project appeared in {} while the demo was being made; it is kept and the new demo dropped", target);
            return false;
        } catch (IOException e) {
            throw ArborException.unavailable("DATA_DIR_UNWRITABLE",
                    "Arbor cannot put the demo project into " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes what seedings killed part way left behind: sibling directories named for this data directory whose
     * lock no process holds. A seeding still running holds its lock and is left alone.
     */
    private static void removeUnfinished(Path parent, String prefix) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        List<Path> leftovers;
        try (Stream<Path> siblings = Files.list(parent)) {
            leftovers = siblings.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isDirectory(p)).toList();
        } catch (IOException e) {
            LOG.warn("Cannot look for unfinished demo projects in {}: {}", parent, e.getMessage());
            return;
        }
        for (Path leftover : leftovers) {
            if (nobodyHolds(leftover)) {
                LOG.info("Removing an unfinished demo project left by a seeding that was stopped part way: {}", leftover);
                deleteUnfinished(leftover);
            }
        }
    }

    private static boolean nobodyHolds(Path dir) {
        Path lockFile = dir.resolve(Store.LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            // this process is seeding it right now
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void syncDirectory(Path dir) {
        // makes the rename survive a power cut; not every platform can open a directory, which is fine
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    /** Deletes an unfinished demo: its directory, Postgres servers a killed seeding left running, their files. */
    private static void deleteUnfinished(Path dir) {
        LeftoverPostmasters.stopUnder(dir);
        LeftoverPostmasters.stopUnder(DataPlane.systemPlaceOf(dir));
        deleteTree(dir);
        DataPlane.forgetSystemFiles(dir);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot remove the unfinished demo project {}: {}", root, e.getMessage());
        }
    }
}
