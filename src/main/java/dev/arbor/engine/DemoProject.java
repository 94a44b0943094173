package dev.arbor.engine;

import dev.arbor.domain.Column;
import dev.arbor.domain.ColumnType;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.domain.TableSchema;
import dev.arbor.domain.ArborException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo project: a small shop database with branches of every kind the console shows. On real Postgres it is
 * written in SQL over half a minute of real time ({@link PostgresDemoStory}); on the versioned store, with eight
 * hours of history written through the engine's own API with a clock set to the past.
 *
 * <p>Seeding is all or nothing. The project is written into a hidden sibling directory and moved into the data
 * directory only once complete: on the versioned store its database is linked in (a link never replaces an existing
 * file, so a project that appeared meanwhile is kept), on Postgres the whole directory is renamed into place. A
 * process killed while seeding leaves only that sibling, which the next seeding removes (stopping the Postgres
 * servers it left running) once no process holds it; the data directory itself never holds half a demo.
 */
public final class DemoProject {
    private static final Logger LOG = LoggerFactory.getLogger(DemoProject.class);
    private static final String SEEDING = ".seeding-";

    static final String DB = EmbeddedEngine.DEFAULT_DATABASE;
    static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken",
        "Margaret", "Dennis", "Radia", "Linus", "Katherine", "John", "Hedy", "Tim", "Sophie", "Niklaus", "Lynn", "Guido"};
    static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
        "Thompson", "Hamilton", "Ritchie", "Perlman", "Torvalds", "Johnson", "Backus", "Lamarr", "Berners-Lee"};
    static final String[] PRODUCTS = {"Oak desk", "Walnut shelf", "Birch stool", "Maple chair", "Cedar chest",
        "Pine bench", "Ash table", "Elm cabinet", "Teak tray", "Beech lamp", "Cherry frame", "Alder crate"};
    static final String[] STATUS = {"placed", "paid", "shipped", "delivered"};

    private final EmbeddedEngine engine;
    private final ManualClock clock;
    private final Consumer<String> branchCreated;
    private final Random random = new Random(42);
    private long nextOrder = 1;

    private DemoProject(EmbeddedEngine engine, ManualClock clock, Consumer<String> branchCreated) {
        this.engine = engine;
        this.clock = clock;
        this.branchCreated = branchCreated;
    }

    /**
     * Seeds the demo project into {@code dir} when it holds no project yet, for an engine opened with
     * {@code options}: on real Postgres ({@link EngineOptions#postgres()}) the story is told in SQL over a few seconds
     * of real time; on the versioned store it is written with a clock set eight hours back. Only that choice is read
     * from {@code options}. Returns whether it seeded.
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
            if (options.postgres()) {
                return seedOnPostgres(building, target, branchCreated);
            }
            Instant end = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.SECONDS);
            ManualClock clock = new ManualClock(end.minus(Duration.ofHours(8)));
            EngineOptions legacy = new EngineOptions(clock, Runnable::run, null, NEW_PROJECT);
            try (EmbeddedEngine engine = EmbeddedEngine.open(building, legacy)) {
                new DemoProject(engine, clock, branchCreated).seed(end);
            }
            return publish(building, target);
        } finally {
            deleteUnfinished(building);
        }
    }

    private static final EngineOptions.NewProject NEW_PROJECT =
            new EngineOptions.NewProject("shop-demo", 86_400, dev.arbor.domain.Project.Limits.DEFAULT);

    private static boolean seedOnPostgres(Path building, Path target, Consumer<String> branchCreated) {
        long started = System.nanoTime();
        EngineOptions options = EngineOptions.defaults().withMaintenanceInterval(null).withNewProject(NEW_PROJECT)
                .withPostgres(true);
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
     * Makes the complete demo the project of {@code target}: its database is linked in, in one step that fails
     * when {@code target} already has one. False when another process published its demo first.
     */
    private static boolean publish(Path building, Path target) {
        Path seeded = building.resolve(Store.DB_FILE);
        Path wal = building.resolve(Store.DB_FILE + "-wal");
        try {
            if (Files.exists(wal) && Files.size(wal) > 0) {
                // closing the engine checkpoints its log into the database; the database must stand alone to move
                throw new IllegalStateException("The demo project's write-ahead log was not checkpointed.");
            }
            Files.createDirectories(target);
            Path db = target.resolve(Store.DB_FILE);
            try {
                Files.createLink(db, seeded);
            } catch (FileAlreadyExistsException taken) {
                throw taken;
            } catch (UnsupportedOperationException | FileSystemException noLinks) {
                // a file system without hard links: a rename is still one step, checked just before
                if (Files.exists(db)) {
                    throw new FileAlreadyExistsException(db.toString());
                }
                Files.move(seeded, db, StandardCopyOption.ATOMIC_MOVE);
            }
            syncDirectory(target);
            return true;
        } catch (FileAlreadyExistsException e) {
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
        // makes the new link survive a power cut; not every platform can open a directory, which is fine
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

    private void seed(Instant end) {
        Instant start = clock.instant();
        engine.write("main", tx -> {
            tx.createTable(new TableSchema(DB, "customers", List.of(Column.required("id", ColumnType.BIGINT),
                    Column.required("name", ColumnType.TEXT), Column.of("email", ColumnType.TEXT),
                    Column.required("created_at", ColumnType.TIMESTAMPTZ)), List.of("id")));
            tx.createTable(new TableSchema(DB, "products", List.of(Column.required("id", ColumnType.BIGINT),
                    Column.required("name", ColumnType.TEXT), Column.required("price", ColumnType.NUMERIC),
                    Column.required("stock", ColumnType.BIGINT)), List.of("id")));
            tx.createTable(new TableSchema(DB, "orders", List.of(Column.required("id", ColumnType.BIGINT),
                    Column.required("customer_id", ColumnType.BIGINT), Column.required("product_id", ColumnType.BIGINT),
                    Column.required("quantity", ColumnType.BIGINT), Column.required("status", ColumnType.TEXT),
                    Column.required("placed_at", ColumnType.TIMESTAMPTZ)), List.of("id")));
        });
        step(Duration.ofMinutes(10));
        engine.write("main", tx -> {
            for (int i = 1; i <= 60; i++) {
                String first = FIRST[random.nextInt(FIRST.length)];
                String last = LAST[random.nextInt(LAST.length)];
                tx.insert(DB, "customers", Map.of("id", i, "name", first + " " + last,
                        "email", (first + "." + last).toLowerCase(java.util.Locale.ROOT).replace("-", "") + i + "@example.com",
                        "created_at", clock.instant()));
            }
            for (int i = 1; i <= PRODUCTS.length; i++) {
                tx.insert(DB, "products", Map.of("id", i, "name", PRODUCTS[i - 1],
                        "price", String.format("%d.%02d", 20 + random.nextInt(400), random.nextInt(100)),
                        "stock", 50 + random.nextInt(150)));
            }
        });
        orders("main", 6, Duration.ofMinutes(12));

        create(CreateBranchSpec.named("production").protect().withEndpoint(EndpointSpec.readWrite()).by("ci-bot"));
        orders("main", 3, Duration.ofMinutes(10));
        create(CreateBranchSpec.named("staging").withEndpoint(EndpointSpec.readWrite()));
        orders("staging", 2, Duration.ofMinutes(8));
        engine.write("staging", tx -> {
            for (int i = 1; i <= PRODUCTS.length; i += 3) {
                tx.update(DB, "products", Map.of("price", String.format("%d.99", 30 + random.nextInt(300))), i);
            }
        });
        orders("main", 4, Duration.ofMinutes(10));
        create(CreateBranchSpec.named("dev/arjun").withParent("staging").withEndpoint(EndpointSpec.readWrite()).by("arjun"));
        step(Duration.ofMinutes(7));
        engine.write("dev/arjun", tx -> tx.addColumn(DB, "orders", Column.of("discount_code", ColumnType.TEXT)));
        orders("dev/arjun", 2, Duration.ofMinutes(6));
        create(CreateBranchSpec.named("dev/maria").withParent("staging").withEndpoint(EndpointSpec.readWrite()).by("maria"));
        orders("dev/maria", 3, Duration.ofMinutes(9));
        create(CreateBranchSpec.named("feature/checkout-v2").withParent("dev/arjun")
                .withEndpoint(EndpointSpec.readWrite()).by("arjun"));
        engine.write("feature/checkout-v2", tx -> tx.createTable(new TableSchema(DB, "carts", List.of(
                Column.required("id", ColumnType.BIGINT), Column.required("customer_id", ColumnType.BIGINT),
                Column.of("updated_at", ColumnType.TIMESTAMPTZ)), List.of("id"))));
        orders("main", 4, Duration.ofMinutes(11));

        // a bad migration on dev/maria, undone by a restore that leaves the console's backup branch
        Instant beforeMistake = clock.instant();
        step(Duration.ofMinutes(5));
        engine.write("dev/maria", tx -> {
            for (var row : tx.rows(DB, "orders")) {
                if (!"delivered".equals(row.get("status"))) {
                    tx.delete(DB, "orders", row.get("id"));
                }
            }
        });
        step(Duration.ofMinutes(15));
        var maria = engine.branch("dev/maria");
        engine.awaitOperations(engine.restore("dev/maria", new RestoreSpec(maria.id(), PointInTime.at(beforeMistake),
                RestoreSpec.consoleBackupName("dev/maria", maria.headTimestamp()))).operations(), Duration.ofMinutes(1));

        orders("main", 3, Duration.ofMinutes(10));
        create(CreateBranchSpec.named("preview/pr-142").withEndpoint(EndpointSpec.readWrite())
                .expiringAt(clock.instant().plus(Duration.ofDays(7))).by("vercel-integration"));
        create(CreateBranchSpec.named("analytics-sandbox").schemaOnly().withEndpoint(EndpointSpec.readWrite()));
        orders("main", 4, Duration.ofMinutes(12));
        create(CreateBranchSpec.named("ci-20261122-abc123").by("github-actions"));
        step(Duration.ofMinutes(20));
        // expires about an hour after the demo is opened
        create(CreateBranchSpec.named("preview/pr-139").withEndpoint(EndpointSpec.readWrite())
                .expiringAt(end.plus(Duration.ofMinutes(70))).by("vercel-integration"));
        while (clock.instant().isBefore(end.minus(Duration.ofMinutes(20)))) {
            orders("main", 1, Duration.ofMinutes(15));
        }
        clock.set(end);
        // computes idle past their timeout are suspended, as they would have been while the history was made
        engine.runMaintenance();
    }

    private void create(CreateBranchSpec spec) {
        step(Duration.ofMinutes(3));
        engine.awaitOperations(engine.createBranch(spec).operations(), Duration.ofMinutes(1));
        branchCreated.accept(spec.name());
    }

    private void orders(String branch, int batches, Duration every) {
        for (int b = 0; b < batches; b++) {
            step(every);
            engine.write(branch, tx -> {
                int n = 3 + random.nextInt(6);
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    long id = nextOrder++;
                    ids.add(id);
                    long product = 1 + random.nextInt(PRODUCTS.length);
                    long qty = 1 + random.nextInt(3);
                    tx.insert(DB, "orders", Map.of("id", id, "customer_id", 1 + random.nextInt(60), "product_id", product,
                            "quantity", qty, "status", STATUS[random.nextInt(STATUS.length)], "placed_at", clock.instant()));
                    Map<String, Object> p = tx.get(DB, "products", product);
                    long stock = Math.max(0, (Long) p.get("stock") - qty);
                    tx.update(DB, "products", Map.of("stock", stock), product);
                }
            });
        }
    }

    private void step(Duration d) {
        clock.advance(d.plusSeconds(random.nextInt(50)).plusMillis(random.nextInt(1000)));
    }
}
