package dev.arbor.pg;

import dev.arbor.domain.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schema of one real database as SQL, read from the catalogs (the binaries have no pg_dump). The text serves two
 * readers: Neon's {@code compare_schema}, a line-by-line diff of two branches' texts, and a schema-only branch, which
 * runs it in an empty database. So it is deterministic (each kind of object by schema, then name, in byte order;
 * every name schema-qualified, since the catalog functions run with an empty {@code search_path}) and ordered so
 * that what an object needs exists before it: schemas, extensions, types, sequences, functions, tables (partitions
 * after their parents), sequence ownership, keys and checks, foreign keys, views (in dependency order), functions
 * whose signatures name a table's row type, indexes, triggers. Left out: owners, grants, comments, row-level
 * security policies, what an extension owns (its {@code CREATE EXTENSION} makes it), table inheritance (INHERITS),
 * aggregates and operators.
 */
final class PgSchemaSql {
    // a namespace of the user's: not Postgres's own (the pg_ prefix is reserved) and not information_schema
    private static final String USER_NS = "n.nspname !~ '^pg_' and n.nspname <> 'information_schema'";
    private static final String NOT_EXTENSION = "not exists (select 1 from pg_catalog.pg_depend e where e.objid = %s "
            + "and e.classid = '%s'::pg_catalog.regclass and e.deptype = 'e')";
    private static final String C = " collate \"C\"";

    private final Connection c;
    private final List<String> out = new ArrayList<>();
    private Set<String> keywords = Set.of();

    private PgSchemaSql(Connection c) {
        this.c = c;
    }

    static String of(Connection c) {
        return PgSnapshot.read(c, "read the schema", conn -> new PgSchemaSql(conn).write());
    }

    private String write() throws SQLException {
        keywords = new HashSet<>(PgSnapshot.list(c, "select word from pg_catalog.pg_get_keywords() where catcode <> 'U'",
                List.of(), rs -> rs.getString(1)));
        schemas();
        extensions();
        enums();
        domains();
        compositeTypes();
        sequences();
        int before = out.size();
        List<String> lateFunctions = functions();
        int functions = out.size() - before + lateFunctions.size();
        if (functions > 0) {
            // bodies may name tables that come later, as pg_dump's output does
            out.addFirst("SET check_function_bodies = false;\n");
        }
        tables();
        sequenceOwners();
        constraints("contype in ('p', 'u', 'c', 'x')");
        constraints("contype = 'f'");
        views();
        out.addAll(lateFunctions);
        indexes();
        triggers();
        return String.join("\n", out);
    }

    private void schemas() throws SQLException {
        out.addAll(PgSnapshot.list(c, "select n.nspname from pg_catalog.pg_namespace n where " + USER_NS
                + " and n.nspname <> 'public' and " + NOT_EXTENSION.formatted("n.oid", "pg_namespace")
                + " order by n.nspname" + C, List.of(), rs -> "CREATE SCHEMA " + ident(rs.getString(1)) + ";\n"));
    }

    /** Extensions, so their types and functions exist for what uses them; plpgsql comes with every database. */
    private void extensions() throws SQLException {
        out.addAll(PgSnapshot.list(c, "select x.extname, n.nspname from pg_catalog.pg_extension x join "
                + "pg_catalog.pg_namespace n on n.oid = x.extnamespace where x.extname <> 'plpgsql' order by x.extname" + C,
                List.of(), rs -> "CREATE EXTENSION IF NOT EXISTS " + ident(rs.getString(1)) + " WITH SCHEMA "
                        + ident(rs.getString(2)) + ";\n"));
    }

    private void enums() throws SQLException {
        for (Obj t : objects("select t.oid, n.nspname, t.typname from pg_catalog.pg_type t join pg_catalog.pg_namespace n"
                + " on n.oid = t.typnamespace where t.typtype = 'e' and " + USER_NS + " and "
                + NOT_EXTENSION.formatted("t.oid", "pg_type") + " order by n.nspname" + C + ", t.typname" + C)) {
            List<String> labels = PgSnapshot.list(c, "select enumlabel from pg_catalog.pg_enum where enumtypid = ? "
                    + "order by enumsortorder", List.of(t.oid()), rs -> "    " + literal(rs.getString(1)));
            out.add("CREATE TYPE " + qualified(t.schema(), t.name()) + " AS ENUM (" + (labels.isEmpty() ? "" : "\n" + String.join(",\n", labels)
                    + "\n") + ");\n");
        }
    }

    private void domains() throws SQLException {
        for (Obj t : objects("select t.oid, n.nspname, t.typname from pg_catalog.pg_type t join pg_catalog.pg_namespace n"
                + " on n.oid = t.typnamespace where t.typtype = 'd' and " + USER_NS + " and "
                + NOT_EXTENSION.formatted("t.oid", "pg_type") + " order by n.nspname" + C + ", t.typname" + C)) {
            String head = PgSnapshot.list(c, "select pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typdefault, "
                    + "t.typnotnull from pg_catalog.pg_type t where t.oid = ?", List.of(t.oid()),
                    rs -> rs.getString(1) + (rs.getString(2) == null ? "" : " DEFAULT " + rs.getString(2))
                            + (rs.getBoolean(3) ? " NOT NULL" : "")).get(0);
            List<String> checks = PgSnapshot.list(c, "select conname, pg_catalog.pg_get_constraintdef(oid) from "
                    + "pg_catalog.pg_constraint where contypid = ? and contype = 'c' order by conname" + C,
                    List.of(t.oid()), rs -> "\n    CONSTRAINT " + ident(rs.getString(1)) + " " + rs.getString(2));
            out.add("CREATE DOMAIN " + qualified(t.schema(), t.name()) + " AS " + head + String.join("", checks) + ";\n");
        }
    }

    private void compositeTypes() throws SQLException {
        for (Obj t : objects("select r.oid, n.nspname, r.relname from pg_catalog.pg_class r join pg_catalog.pg_namespace n"
                + " on n.oid = r.relnamespace where r.relkind = 'c' and " + USER_NS + " and "
                + NOT_EXTENSION.formatted("r.reltype", "pg_type") + " order by n.nspname" + C + ", r.relname" + C)) {
            List<String> fields = PgSnapshot.list(c, "select a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) "
                    + "from pg_catalog.pg_attribute a where a.attrelid = ? and a.attnum > 0 and not a.attisdropped "
                    + "order by a.attnum", List.of(t.oid()), rs -> "    " + ident(rs.getString(1)) + " " + rs.getString(2));
            out.add("CREATE TYPE " + qualified(t.schema(), t.name()) + " AS (" + (fields.isEmpty() ? "" : "\n" + String.join(",\n", fields)
                    + "\n") + ");\n");
        }
    }

    /** Sequences of their own and those of serial columns; an identity column's belongs to its table. */
    private void sequences() throws SQLException {
        out.addAll(PgSnapshot.list(c, """
                select n.nspname, r.relname, pg_catalog.format_type(s.seqtypid, null), s.seqstart, s.seqincrement,
                       s.seqmin, s.seqmax, s.seqcache, s.seqcycle
                from pg_catalog.pg_class r join pg_catalog.pg_namespace n on n.oid = r.relnamespace
                join pg_catalog.pg_sequence s on s.seqrelid = r.oid
                where r.relkind = 'S' and %s and %s
                  and not exists (select 1 from pg_catalog.pg_depend d where d.classid = 'pg_class'::pg_catalog.regclass
                                  and d.objid = r.oid and d.deptype = 'i')
                order by n.nspname%s, r.relname%s
                """.formatted(USER_NS, NOT_EXTENSION.formatted("r.oid", "pg_class"), C, C), List.of(),
                rs -> "CREATE SEQUENCE " + qualified(rs.getString(1), rs.getString(2)) + " AS " + rs.getString(3)
                        + " START WITH " + rs.getLong(4) + " INCREMENT BY " + rs.getLong(5) + " MINVALUE " + rs.getLong(6)
                        + " MAXVALUE " + rs.getLong(7) + " CACHE " + rs.getLong(8) + (rs.getBoolean(9) ? " CYCLE" : "")
                        + ";\n"));
    }

    /**
     * Functions and procedures: those whose arguments or result name a table's or view's row type come after the
     * views (the returned list); the others here, before the tables whose defaults and checks may call them.
     */
    private List<String> functions() throws SQLException {
        List<String> late = new ArrayList<>();
        PgSnapshot.list(c, """
                select pg_catalog.pg_get_functiondef(p.oid),
                       exists (select 1 from pg_catalog.pg_depend d join pg_catalog.pg_type t on t.oid = d.refobjid
                               join pg_catalog.pg_class r on r.oid = t.typrelid
                                 or r.oid = (select e.typrelid from pg_catalog.pg_type e where e.oid = t.typelem)
                               where d.classid = 'pg_proc'::pg_catalog.regclass and d.objid = p.oid
                                 and d.refclassid = 'pg_type'::pg_catalog.regclass and r.relkind in ('r', 'p', 'v', 'm'))
                from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
                where p.prokind in ('f', 'p') and %s and %s
                order by n.nspname%s, p.proname%s, pg_catalog.pg_get_function_identity_arguments(p.oid)%s
                """.formatted(USER_NS, NOT_EXTENSION.formatted("p.oid", "pg_proc"), C, C, C), List.of(), rs -> {
            String def = rs.getString(1).stripTrailing() + ";\n";
            (rs.getBoolean(2) ? late : out).add(def);
            return null;
        });
        return late;
    }

    private record View(long oid, String sql) {
    }

    private record Obj(long oid, String schema, String name) {
    }

    private List<Obj> objects(String sql) throws SQLException {
        return PgSnapshot.list(c, sql, List.of(), rs -> new Obj(rs.getLong(1), rs.getString(2), rs.getString(3)));
    }

    /** Tables, then partitions level by level (a partition needs its parent). */
    private void tables() throws SQLException {
        record Table(long oid, String schema, String name, String kind, boolean unlogged, String parent, String bound,
                String partitionKey) {
        }
        List<Table> tables = PgSnapshot.list(c, """
                select r.oid, n.nspname, r.relname, r.relkind, r.relpersistence = 'u',
                       (select pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(pr.relname)
                        from pg_catalog.pg_inherits i join pg_catalog.pg_class pr on pr.oid = i.inhparent
                        join pg_catalog.pg_namespace pn on pn.oid = pr.relnamespace
                        where i.inhrelid = r.oid and r.relispartition),
                       case when r.relispartition then pg_catalog.pg_get_expr(r.relpartbound, r.oid) end,
                       case when r.relkind = 'p' then pg_catalog.pg_get_partkeydef(r.oid) end
                from pg_catalog.pg_class r join pg_catalog.pg_namespace n on n.oid = r.relnamespace
                where r.relkind in ('r', 'p') and %s and %s
                order by case when r.relispartition then (select count(*) from pg_catalog.pg_partition_ancestors(r.oid))
                         else 0 end, n.nspname%s, r.relname%s
                """.formatted(USER_NS, NOT_EXTENSION.formatted("r.oid", "pg_class"), C, C), List.of(),
                rs -> new Table(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                        rs.getString(6), rs.getString(7), rs.getString(8)));
        for (Table t : tables) {
            StringBuilder sb = new StringBuilder("CREATE ").append(t.unlogged() ? "UNLOGGED " : "").append("TABLE ")
                    .append(qualified(t.schema(), t.name()));
            if (t.parent() != null) {
                sb.append(" PARTITION OF ").append(t.parent()).append(' ').append(t.bound());
            } else {
                List<String> columns = columns(t.oid());
                sb.append(" (").append(columns.isEmpty() ? "" : "\n" + String.join(",\n", columns)).append("\n)");
            }
            if (t.partitionKey() != null) {
                sb.append(" PARTITION BY ").append(t.partitionKey());
            }
            out.add(sb.append(";\n").toString());
        }
    }

    private List<String> columns(long table) throws SQLException {
        return PgSnapshot.list(c, """
                select a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
                       case when a.attcollation <> 0 and a.attcollation <> t.typcollation then
                         (select pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
                          from pg_catalog.pg_collation co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
                          where co.oid = a.attcollation) end,
                       pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attgenerated, a.attidentity, a.attnotnull
                from pg_catalog.pg_attribute a join pg_catalog.pg_type t on t.oid = a.atttypid
                left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                where a.attrelid = ? and a.attnum > 0 and not a.attisdropped
                order by a.attnum
                """, List.of(table), rs -> {
            StringBuilder col = new StringBuilder("    ").append(ident(rs.getString(1))).append(' ').append(rs.getString(2));
            if (rs.getString(3) != null) {
                col.append(" COLLATE ").append(rs.getString(3));
            }
            String expr = rs.getString(4);
            if ("s".equals(rs.getString(5))) {
                col.append(" GENERATED ALWAYS AS (").append(expr).append(") STORED");
            } else if (expr != null) {
                col.append(" DEFAULT ").append(expr);
            }
            switch (rs.getString(6)) {
                case "a" -> col.append(" GENERATED ALWAYS AS IDENTITY");
                case "d" -> col.append(" GENERATED BY DEFAULT AS IDENTITY");
                default -> {
                }
            }
            if (rs.getBoolean(7)) {
                col.append(" NOT NULL");
            }
            return col.toString();
        });
    }

    /** A serial column's sequence goes when its column goes. */
    private void sequenceOwners() throws SQLException {
        out.addAll(PgSnapshot.list(c, """
                select n.nspname, s.relname, tn.nspname, t.relname, a.attname
                from pg_catalog.pg_depend d
                join pg_catalog.pg_class s on s.oid = d.objid and s.relkind = 'S'
                join pg_catalog.pg_namespace n on n.oid = s.relnamespace
                join pg_catalog.pg_class t on t.oid = d.refobjid
                join pg_catalog.pg_namespace tn on tn.oid = t.relnamespace
                join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
                where d.classid = 'pg_class'::pg_catalog.regclass and d.refclassid = 'pg_class'::pg_catalog.regclass
                  and d.deptype = 'a' and %s
                order by n.nspname%s, s.relname%s
                """.formatted(USER_NS, C, C), List.of(), rs -> "ALTER SEQUENCE " + qualified(rs.getString(1), rs.getString(2))
                + " OWNED BY " + qualified(rs.getString(3), rs.getString(4)) + "." + ident(rs.getString(5)) + ";\n"));
    }

    /** A table's own constraints (not those a partition inherits: adding the parent's adds them). */
    private void constraints(String kinds) throws SQLException {
        out.addAll(PgSnapshot.list(c, """
                select n.nspname, r.relname, k.conname, pg_catalog.pg_get_constraintdef(k.oid)
                from pg_catalog.pg_constraint k join pg_catalog.pg_class r on r.oid = k.conrelid
                join pg_catalog.pg_namespace n on n.oid = r.relnamespace
                where k.%s and k.conislocal and k.conparentid = 0 and r.relkind in ('r', 'p') and %s and %s
                order by n.nspname%s, r.relname%s, k.conname%s
                """.formatted(kinds, USER_NS, NOT_EXTENSION.formatted("r.oid", "pg_class"), C, C, C), List.of(),
                rs -> "ALTER TABLE " + qualified(rs.getString(1), rs.getString(2)) + " ADD CONSTRAINT "
                        + ident(rs.getString(3)) + " " + rs.getString(4) + ";\n"));
    }

    /** Views and materialized views, each after the views it reads (ties by schema and name). */
    private void views() throws SQLException {
        Map<Long, View> views = new LinkedHashMap<>();
        PgSnapshot.list(c, """
                select r.oid, n.nspname, r.relname, r.relkind, pg_catalog.pg_get_viewdef(r.oid)
                from pg_catalog.pg_class r join pg_catalog.pg_namespace n on n.oid = r.relnamespace
                where r.relkind in ('v', 'm') and %s and %s
                order by n.nspname%s, r.relname%s
                """.formatted(USER_NS, NOT_EXTENSION.formatted("r.oid", "pg_class"), C, C), List.of(), rs -> {
            String body = rs.getString(5).strip();
            body = body.endsWith(";") ? body.substring(0, body.length() - 1) : body;
            boolean materialized = rs.getString(4).equals("m");
            String sql = "CREATE " + (materialized ? "MATERIALIZED " : "") + "VIEW "
                    + qualified(rs.getString(2), rs.getString(3)) + " AS\n" + body
                    + (materialized ? "\n  WITH NO DATA" : "") + ";\n";
            views.put(rs.getLong(1), new View(rs.getLong(1), sql));
            return null;
        });
        Map<Long, Set<Long>> needs = new HashMap<>();
        PgSnapshot.list(c, """
                select distinct w.ev_class, d.refobjid
                from pg_catalog.pg_rewrite w join pg_catalog.pg_depend d
                  on d.objid = w.oid and d.classid = 'pg_rewrite'::pg_catalog.regclass
                where d.refclassid = 'pg_class'::pg_catalog.regclass and d.refobjid <> w.ev_class
                """, List.of(), rs -> needs.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2)));
        // depth-first in name order: each view after what it reads, otherwise by schema and name
        Set<Long> done = new HashSet<>();
        for (Long oid : views.keySet()) {
            Deque<Long> path = new ArrayDeque<>();
            emitView(oid, views, needs, done, path);
        }
    }

    private void emitView(long oid, Map<Long, View> views, Map<Long, Set<Long>> needs, Set<Long> done, Deque<Long> path) {
        if (done.contains(oid) || path.contains(oid) || !views.containsKey(oid)) {
            return;
        }
        path.push(oid);
        Set<Long> reads = needs.getOrDefault(oid, Set.of());
        views.keySet().stream().filter(reads::contains).forEach(other -> emitView(other, views, needs, done, path));
        path.pop();
        done.add(oid);
        out.add(views.get(oid).sql());
    }

    /** Indexes of their own; those behind keys come with the constraint, a partition's with its parent's. */
    private void indexes() throws SQLException {
        out.addAll(PgSnapshot.list(c, """
                select pg_catalog.pg_get_indexdef(i.indexrelid)
                from pg_catalog.pg_index i join pg_catalog.pg_class x on x.oid = i.indexrelid
                join pg_catalog.pg_class r on r.oid = i.indrelid
                join pg_catalog.pg_namespace n on n.oid = r.relnamespace
                where r.relkind in ('r', 'p', 'm') and not x.relispartition and %s and %s
                  and not exists (select 1 from pg_catalog.pg_constraint k where k.conindid = i.indexrelid
                                  and k.conrelid = i.indrelid and k.contype in ('p', 'u', 'x'))
                order by n.nspname%s, r.relname%s, x.relname%s
                """.formatted(USER_NS, NOT_EXTENSION.formatted("r.oid", "pg_class"), C, C, C), List.of(),
                // ON ONLY (a partitioned table's index as pg_dump writes it) would leave the partitions without one
                rs -> rs.getString(1).replaceFirst(" ON ONLY ", " ON ") + ";\n"));
    }

    private void triggers() throws SQLException {
        out.addAll(PgSnapshot.list(c, """
                select pg_catalog.pg_get_triggerdef(g.oid)
                from pg_catalog.pg_trigger g join pg_catalog.pg_class r on r.oid = g.tgrelid
                join pg_catalog.pg_namespace n on n.oid = r.relnamespace
                where not g.tgisinternal and g.tgparentid = 0 and %s and %s
                order by n.nspname%s, r.relname%s, g.tgname%s
                """.formatted(USER_NS, NOT_EXTENSION.formatted("r.oid", "pg_class"), C, C, C), List.of(),
                rs -> rs.getString(1) + ";\n"));
    }

    /** A name as Postgres's {@code quote_ident} writes it: quoted only where it must be, as pg_dump does. */
    private String ident(String name) {
        boolean plain = name.matches("[a-z_][a-z0-9_]*") && !keywords.contains(name);
        return plain ? name : TableName.quoteIdent(name);
    }

    private String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
