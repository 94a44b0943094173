package dev.arbor.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.TableName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A database's schema as SQL: deterministic, diffable line by line, and enough to re-create it in an empty one. */
class PgSchemaSqlTest {
    private static Path root;
    private static PostgresServer server;

    /** Created in an order unlike the text's, so the text's order is its own. */
    static final String SCHEMA = """
            create schema sales;
            create schema "Odd Schema";
            create extension citext;
            create type mood as enum ('happy', 'it''s fine');
            create type sales.money_pair as (amount numeric(10,2), currency char(3));
            create domain positive as integer check (value > 0) not null;
            create function sales.tax(amount numeric) returns numeric language sql immutable as $$ select amount * 0.2 $$;
            create sequence invoice_numbers start with 1000 increment by 10;
            create table sales.orders (
                id integer generated always as identity primary key,
                customer_id bigint not null,
                total numeric(10,2) check (total >= 0),
                tax numeric generated always as (sales.tax(total)) stored,
                number bigint default nextval('invoice_numbers'),
                placed_at timestamptz not null default now(),
                note text collate "C",
                pair sales.money_pair,
                unique (customer_id, placed_at));
            create table customers (id bigserial primary key, name text not null, mood mood default 'happy',
                visits positive default 1, email citext unique);
            alter table sales.orders add constraint orders_customer_fk foreign key (customer_id) references customers(id)
                on delete cascade;
            create index orders_placed on sales.orders (placed_at desc) where total > 0;
            create table "Odd Schema"."Mixed ""Quoted"" Name" ("Id" int, "select" text);
            create table events (at timestamptz not null, kind text) partition by range (at);
            create table events_2026 partition of events for values from ('2026-01-01') to ('2027-01-01');
            create table events_old partition of events for values from (minvalue) to ('2026-01-01')
                partition by list (kind);
            create table events_old_open partition of events_old for values in ('open');
            create index events_kind on events (kind);
            alter table events add primary key (at, kind);
            create view sales.big_orders as select id, total from sales.orders where total > 100;
            create view a_first_view as select count(*) as n from sales.big_orders;
            create materialized view customer_names as select name from customers;
            create function sales.orders_of(c bigint) returns setof sales.orders language sql stable
                as $$ select * from sales.orders where customer_id = c $$;
            create function touch() returns trigger language plpgsql as $$ begin new.placed_at := now(); return new; end $$;
            create trigger orders_touch before update on sales.orders for each row execute function touch();
            create unlogged table scratch ();
            """;

    @BeforeAll
    static void start() throws Exception {
        root = PgTestSupport.scratch("arbor-pg-schema");
        server = PostgresServer.open(PgTestSupport.binaries(), PgTestSupport.account(), root.resolve("server"),
                root.resolve("archive"));
        server.start(0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        PgTestSupport.delete(root);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection database(String name) throws SQLException {
        try (Connection admin = server.connectAsSuperuser("postgres")) {
            execute(admin, "create database " + TableName.quoteIdent(name) + " owner neondb_owner");
        }
        return server.connect(PostgresServer.OWNER, server.ownerPassword(), name);
    }

    private static String schemaOf(Connection c) {
        return new PgBranchReader(c, "db").schemaSql();
    }

    @Test
    void theTextReCreatesTheSchemaInAnEmptyDatabase() throws Exception {
        String original;
        try (Connection c = database("original")) {
            execute(c, SCHEMA);
            original = schemaOf(c);
        }
        try (Connection copy = database("copy")) {
            execute(copy, original);
            assertEquals(original, schemaOf(copy), "the copy's schema reads back as the same text");
            execute(copy, "insert into customers(name) values ('Ada')");
            execute(copy, "insert into sales.orders(customer_id, total) values (1, 10)");
            execute(copy, "insert into events values ('2025-05-01', 'open'), ('2026-05-01', 'shut')");
        }
    }

    @Test
    void theTextIsInDependencyOrderAndStableWhateverTheCreationOrder() throws Exception {
        String a;
        String b;
        try (Connection c = database("order_a")) {
            execute(c, "create table b (id int primary key); create table a (id int primary key, b int references b);"
                    + "create view vb as select id from b; create view va as select id from vb;");
            a = schemaOf(c);
        }
        try (Connection c = database("order_b")) {
            execute(c, "create table a (id int primary key, b int); create table b (id int primary key);"
                    + "alter table a add foreign key (b) references b; create view vb as select id from b;"
                    + "create view va as select id from vb;");
            b = schemaOf(c);
        }
        assertEquals(a, b);
        List<String> lines = a.lines().toList();
        assertTrue(lines.indexOf("CREATE TABLE public.a (") < lines.indexOf("CREATE TABLE public.b ("), a);
        assertTrue(lines.indexOf("CREATE TABLE public.b (") < indexOfStart(lines, "ALTER TABLE public.a ADD CONSTRAINT a_b_fkey"), a);
        assertTrue(indexOfStart(lines, "CREATE VIEW public.vb") < indexOfStart(lines, "CREATE VIEW public.va"),
                "a view after the view it reads, though its name sorts first: " + a);
    }

    @Test
    void aChangeOnOneBranchIsTheOnlyLineThatDiffers() throws Exception {
        String before;
        String after;
        try (Connection c = database("diff_base")) {
            execute(c, "create table items (id int primary key, name text); create index items_name on items (name)");
            before = schemaOf(c);
            execute(c, "alter table items add column price numeric(8,2) default 0");
            after = schemaOf(c);
        }
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        assertEquals(a.size() + 1, b.size());
        List<String> added = b.stream().filter(line -> !a.contains(line)).toList();
        List<String> removed = a.stream().filter(line -> !b.contains(line)).toList();
        assertEquals(List.of("    name text,", "    price numeric(8,2) DEFAULT 0"), added);
        assertEquals(List.of("    name text"), removed, "the comma a new last column brings, as in pg_dump's output");
    }

    private static int indexOfStart(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
