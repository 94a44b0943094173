package dev.arbor.engine;

import dev.arbor.domain.Column;
import dev.arbor.domain.ColumnType;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.domain.TableSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo project: a small shop database with eight hours of history and branches of every kind the
 * console shows, all written through the engine's own API with a clock set to the past.
 */
public final class DemoProject {
    static final String DB = EmbeddedEngine.DEFAULT_DATABASE;
    private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken",
        "Margaret", "Dennis", "Radia", "Linus", "Katherine", "John", "Hedy", "Tim", "Sophie", "Niklaus", "Lynn", "Guido"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
        "Thompson", "Hamilton", "Ritchie", "Perlman", "Torvalds", "Johnson", "Backus", "Lamarr", "Berners-Lee"};
    private static final String[] PRODUCTS = {"Oak desk", "Walnut shelf", "Birch stool", "Maple chair", "Cedar chest",
        "Pine bench", "Ash table", "Elm cabinet", "Teak tray", "Beech lamp", "Cherry frame", "Alder crate"};
    private static final String[] STATUS = {"placed", "paid", "shipped", "delivered"};

    private final EmbeddedEngine engine;
    private final ManualClock clock;
    private final Random random = new Random(42);
    private long nextOrder = 1;

    private DemoProject(EmbeddedEngine engine, ManualClock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    /** Seeds the demo project into {@code dir} when it holds no project yet; returns whether it did. */
    public static boolean seedIfEmpty(Path dir) {
        if (Files.exists(dir.resolve(Store.DB_FILE))) {
            return false;
        }
        Instant end = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.SECONDS);
        ManualClock clock = new ManualClock(end.minus(Duration.ofHours(8)));
        EngineOptions options = new EngineOptions(clock, Runnable::run, null,
                new EngineOptions.NewProject("shop-demo", 86_400, dev.arbor.domain.Project.Limits.DEFAULT));
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, options)) {
            new DemoProject(engine, clock).seed(end);
        }
        return true;
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
                        "email", (first + "." + last).toLowerCase().replace("-", "") + i + "@example.com",
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
