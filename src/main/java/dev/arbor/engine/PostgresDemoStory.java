package dev.arbor.engine;

import dev.arbor.backend.BranchResult;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The demo's story: a shop and branches of every kind the console shows, made through the engine, with data
 * written in SQL through each branch's own connection string, as a user would. History is real time, so the writes
 * are spread over a few seconds, with a clear second of quiet before dev/maria's bad migration for Time Travel and
 * Restore to pick.
 */
final class PostgresDemoStory {
    /** The quiet between steps of the story, so its points in time are apart. */
    static final Duration BEAT = Duration.ofMillis(200);
    /** The quiet around dev/maria's mistake: "before the mistake" is a moment a person can pick. */
    static final Duration PAUSE = Duration.ofMillis(1200);
    private static final Duration WAIT = Duration.ofMinutes(2);

    private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken",
        "Margaret", "Dennis", "Radia", "Linus", "Katherine", "John", "Hedy", "Tim", "Sophie", "Niklaus", "Lynn", "Guido"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
        "Thompson", "Hamilton", "Ritchie", "Perlman", "Torvalds", "Johnson", "Backus", "Lamarr", "Berners-Lee"};
    private static final String[] PRODUCTS = {"Oak desk", "Walnut shelf", "Birch stool", "Maple chair", "Cedar chest",
        "Pine bench", "Ash table", "Elm cabinet", "Teak tray", "Beech lamp", "Cherry frame", "Alder crate"};
    private static final String[] STATUS = {"placed", "paid", "shipped", "delivered"};

    private final EmbeddedEngine engine;
    private final Consumer<String> branchCreated;
    private final Random random = new Random(42);
    private final Map<String, Connection> connections = new HashMap<>();
    private long nextOrder = 1;

    PostgresDemoStory(EmbeddedEngine engine, Consumer<String> branchCreated) {
        this.engine = engine;
        this.branchCreated = branchCreated;
    }

    void tell() throws SQLException {
        try {
            story();
        } finally {
            for (Connection c : connections.values()) {
                c.close();
            }
        }
    }

    private void story() throws SQLException {
        sql("main", """
                create table customers (id bigint primary key, name text not null, email text,
                    created_at timestamptz not null default now());
                create table products (id bigint primary key, name text not null, price numeric(10,2) not null,
                    stock bigint not null);
                create table orders (id bigint primary key, customer_id bigint not null references customers,
                    product_id bigint not null references products, quantity bigint not null, status text not null,
                    placed_at timestamptz not null default now())""");
        customersAndProducts();
        orders("main", 6);

        create(CreateBranchSpec.named("production").protect().withEndpoint(EndpointSpec.readWrite()).by("ci-bot"));
        orders("main", 3);
        create(CreateBranchSpec.named("staging").withEndpoint(EndpointSpec.readWrite()));
        orders("staging", 2);
        StringBuilder prices = new StringBuilder();
        for (int i = 1; i <= PRODUCTS.length; i += 3) {
            prices.append("update products set price = ").append(30 + random.nextInt(300)).append(".99 where id = ")
                    .append(i).append(";\n");
        }
        sql("staging", prices.toString());
        orders("main", 4);
        create(CreateBranchSpec.named("dev/arjun").withParent("staging").withEndpoint(EndpointSpec.readWrite()).by("arjun"));
        sql("dev/arjun", "alter table orders add column discount_code text");
        orders("dev/arjun", 2);
        sql("dev/arjun", "update orders set discount_code = 'SPRING10' where id % 2 = 0");
        create(CreateBranchSpec.named("dev/maria").withParent("staging").withEndpoint(EndpointSpec.readWrite()).by("maria"));
        orders("dev/maria", 3);
        create(CreateBranchSpec.named("feature/checkout-v2").withParent("dev/arjun")
                .withEndpoint(EndpointSpec.readWrite()).by("arjun"));
        sql("feature/checkout-v2", """
                create table carts (id bigint primary key, customer_id bigint not null references customers,
                    updated_at timestamptz default now());
                insert into carts (id, customer_id) select g, g * 7 from generate_series(1, 5) g""");
        orders("main", 4);

        // a bad migration on dev/maria, undone by a restore that leaves the console's backup branch
        pause(PAUSE);
        Instant beforeMistake = Instant.now();
        pause(PAUSE);
        sql("dev/maria", "delete from orders where status <> 'delivered'");
        pause(PAUSE);
        connections.remove("dev/maria").close(); // a restore ends the sessions of the branch it restores
        var maria = engine.branch("dev/maria");
        await(engine.restore("dev/maria", new RestoreSpec(maria.id(), PointInTime.at(beforeMistake),
                RestoreSpec.consoleBackupName("dev/maria", maria.headTimestamp()))));

        orders("main", 3);
        create(CreateBranchSpec.named("preview/pr-142").withEndpoint(EndpointSpec.readWrite())
                .expiringAt(Instant.now().plus(Duration.ofDays(7))).by("vercel-integration"));
        create(CreateBranchSpec.named("analytics-sandbox").schemaOnly());
        orders("main", 4);
        create(CreateBranchSpec.named("ci-20261122-abc123").by("github-actions"));
        // expires about an hour after the demo is made
        create(CreateBranchSpec.named("preview/pr-139").withEndpoint(EndpointSpec.readWrite())
                .expiringAt(Instant.now().plus(Duration.ofMinutes(70))).by("vercel-integration"));
        orders("main", 3);
    }

    private void customersAndProducts() throws SQLException {
        Connection c = connection("main");
        try (PreparedStatement customer = c.prepareStatement("insert into customers (id, name, email) values (?, ?, ?)");
             PreparedStatement product = c.prepareStatement("insert into products values (?, ?, ?::numeric, ?)")) {
            for (int i = 1; i <= 60; i++) {
                String first = FIRST[random.nextInt(FIRST.length)];
                String last = LAST[random.nextInt(LAST.length)];
                customer.setLong(1, i);
                customer.setString(2, first + " " + last);
                customer.setString(3, (first + "." + last).toLowerCase(Locale.ROOT).replace("-", "") + i + "@example.com");
                customer.addBatch();
            }
            customer.executeBatch();
            for (int i = 1; i <= PRODUCTS.length; i++) {
                product.setLong(1, i);
                product.setString(2, PRODUCTS[i - 1]);
                product.setString(3, String.format(Locale.ROOT, "%d.%02d", 20 + random.nextInt(400), random.nextInt(100)));
                product.setLong(4, 50 + random.nextInt(150));
                product.addBatch();
            }
            product.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    /** {@code batches} transactions of a few orders each, a beat apart; each order takes its product from stock. */
    private void orders(String branch, int batches) throws SQLException {
        Connection c = connection(branch);
        for (int b = 0; b < batches; b++) {
            pause(BEAT);
            int n = 3 + random.nextInt(6);
            try (PreparedStatement order = c.prepareStatement(
                    "insert into orders (id, customer_id, product_id, quantity, status) values (?, ?, ?, ?, ?)");
                 PreparedStatement stock = c.prepareStatement(
                         "update products set stock = greatest(0, stock - ?) where id = ?")) {
                for (int i = 0; i < n; i++) {
                    long product = 1 + random.nextInt(PRODUCTS.length);
                    long quantity = 1 + random.nextInt(3);
                    order.setLong(1, nextOrder++);
                    order.setLong(2, 1 + random.nextInt(60));
                    order.setLong(3, product);
                    order.setLong(4, quantity);
                    order.setString(5, STATUS[random.nextInt(STATUS.length)]);
                    order.addBatch();
                    stock.setLong(1, quantity);
                    stock.setLong(2, product);
                    stock.addBatch();
                }
                order.executeBatch();
                stock.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void sql(String branch, String statements) throws SQLException {
        pause(BEAT);
        Connection c = connection(branch);
        try (Statement s = c.createStatement()) {
            s.execute(statements);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    private void create(CreateBranchSpec spec) {
        pause(BEAT);
        await(engine.createBranch(spec));
        branchCreated.accept(spec.name());
    }

    private void await(BranchResult r) {
        engine.awaitOperations(r.operations(), WAIT);
    }

    /** The branch's connection, opened on first use (which wakes its compute); one transaction per step. */
    private Connection connection(String branch) throws SQLException {
        Connection open = connections.get(branch);
        if (open != null) {
            return open;
        }
        ConnectionDetails d = engine.connectionDetails(branch, null, null);
        Properties p = new Properties();
        p.setProperty("user", d.role());
        p.setProperty("password", d.password());
        p.setProperty("sslmode", "disable");
        p.setProperty("gssEncMode", "disable");
        p.setProperty("ApplicationName", "arbor-demo");
        Connection c = new org.postgresql.Driver().connect(
                "jdbc:postgresql://" + d.host() + ":" + d.port() + "/" + d.database(), p);
        c.setAutoCommit(false);
        connections.put(branch, c);
        return c;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The demo project was interrupted while it was being made.", e);
        }
    }
}
