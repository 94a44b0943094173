package dev.arbor.pg;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Column;
import dev.arbor.domain.ColumnType;
import dev.arbor.domain.RowPage;
import dev.arbor.domain.TableInfo;
import dev.arbor.domain.TableName;
import dev.arbor.domain.TableSchema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The user tables of one real database and pages of their rows, as the domain's records. */
final class PgTables {
    /** The longest text a cell carries; a longer value is cut there and ends in {@link #CUT}. */
    static final int CELL_CHARS = 1000;
    /** The most bytes of a {@code bytea} a cell shows (as hex, {@code \x…}), followed by the value's full size. */
    static final int CELL_BYTES = 256;
    static final String CUT = "…";

    // user tables: ordinary and partitioned, in schemas that are not Postgres's own (pg_catalog, pg_toast, the temp
    // schemas: Postgres reserves the pg_ prefix) or the standard's information_schema
    private static final String USER_TABLES = """
            select c.oid, n.nspname, c.relname, c.relkind
            from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            where c.relkind in ('r', 'p') and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
            """;

    private record Table(long oid, TableName name, boolean partitioned) {
    }

    /** A table's schema and, per column, the name of its base type (a domain's underlying type). */
    private record Shape(TableSchema schema, List<String> baseTypes) {
    }

    private PgTables() {
    }

    static List<TableInfo> list(Connection c, String database) {
        return PgSnapshot.read(c, "list the tables of \"" + database + "\"", conn -> {
            List<TableInfo> out = new ArrayList<>();
            for (Table t : tables(conn)) {
                TableSchema schema = shape(conn, database, t).schema();
                out.add(new TableInfo(schema, count(conn, t), size(conn, t)));
            }
            return out;
        });
    }

    static RowPage page(Connection c, String database, String table, long offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw ArborException.invalid("INVALID_PAGE", "A page needs a non-negative offset and limit.");
        }
        TableName name = TableName.parse(table);
        return PgSnapshot.read(c, "read the rows of \"" + table + "\"", conn -> {
            Table t = find(conn, name).orElseThrow(() -> ArborException.notFound("table", database + "." + table));
            Shape shape = shape(conn, database, t);
            long total = count(conn, t);
            List<Map<String, Object>> rows = rows(conn, t, shape, offset, limit);
            return new RowPage(shape.schema(), rows, offset, total);
        });
    }

    private static List<Table> tables(Connection c) throws SQLException {
        return PgSnapshot.list(c, USER_TABLES + " order by n.nspname collate \"C\", c.relname collate \"C\"", List.of(),
                PgTables::table);
    }

    private static java.util.Optional<Table> find(Connection c, TableName name) throws SQLException {
        return PgSnapshot.list(c, USER_TABLES + " and n.nspname = ? and c.relname = ?",
                List.of(name.schema(), name.table()), PgTables::table).stream().findFirst();
    }

    private static Table table(ResultSet rs) throws SQLException {
        return new Table(rs.getLong(1), new TableName(rs.getString(2), rs.getString(3)), rs.getString(4).equals("p"));
    }

    private static Shape shape(Connection c, String database, Table t) throws SQLException {
        List<String> baseTypes = new ArrayList<>();
        List<Column> columns = PgSnapshot.list(c, """
                select a.attname, a.attnotnull, pg_catalog.format_type(a.atttypid, a.atttypmod), b.typname
                from pg_catalog.pg_attribute a
                join pg_catalog.pg_type ty on ty.oid = a.atttypid
                join pg_catalog.pg_type b on b.oid = case when ty.typtype = 'd' then ty.typbasetype else ty.oid end
                where a.attrelid = ? and a.attnum > 0 and not a.attisdropped
                order by a.attnum
                """, List.of(t.oid()), rs -> {
            baseTypes.add(rs.getString(4));
            return new Column(rs.getString(1), nearest(rs.getString(4)), !rs.getBoolean(2), rs.getString(3));
        });
        List<String> key = PgSnapshot.list(c, """
                select a.attname
                from pg_catalog.pg_index i
                cross join lateral unnest(i.indkey) with ordinality k(attnum, ord)
                join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                where i.indrelid = ? and i.indisprimary
                order by k.ord
                """, List.of(t.oid()), rs -> rs.getString(1));
        return new Shape(new TableSchema(database, t.name().display(), columns, key), baseTypes);
    }

    /** The nearest of the domain's types; the column keeps the real one as its {@code sqlType}. */
    static ColumnType nearest(String baseTypeName) {
        return switch (baseTypeName) {
            case "int2", "int4", "int8", "oid" -> ColumnType.BIGINT;
            case "bool" -> ColumnType.BOOLEAN;
            case "numeric" -> ColumnType.NUMERIC;
            case "float4", "float8" -> ColumnType.DOUBLE;
            case "timestamp", "timestamptz" -> ColumnType.TIMESTAMPTZ;
            default -> ColumnType.TEXT;
        };
    }

    // Exact counts, not pg_class.reltuples: the estimate is stale until ANALYZE or autovacuum runs (and -1 for a table
    // never analyzed), and the console compares counts between a branch and a point, where a wrong number is a
    // difference that is not there. Tables in a desktop tool's branches are small enough to count.
    private static long count(Connection c, Table t) throws SQLException {
        return PgSnapshot.list(c, "select count(*) from " + t.name().sql(), List.of(), rs -> rs.getLong(1)).get(0);
    }

    /** Bytes on disk with indexes and TOAST; a partitioned table has none of its own, so its partitions' sum. */
    private static long size(Connection c, Table t) throws SQLException {
        String sql = t.partitioned()
                ? "select coalesce(sum(pg_catalog.pg_total_relation_size(relid)), 0) from pg_catalog.pg_partition_tree(?)"
                : "select pg_catalog.pg_total_relation_size(?)";
        return PgSnapshot.list(c, sql, List.of(t.oid()), rs -> rs.getLong(1)).get(0);
    }

    private static List<Map<String, Object>> rows(Connection c, Table t, Shape shape, long offset, int limit)
            throws SQLException {
        TableSchema schema = shape.schema();
        if (schema.columns().isEmpty()) {
            return java.util.Collections.nCopies((int) Math.max(0, Math.min(limit, count(c, t) - offset)), Map.<String, Object>of());
        }
        List<String> select = new ArrayList<>();
        for (int i = 0; i < schema.columns().size(); i++) {
            Column col = schema.columns().get(i);
            String base = shape.baseTypes().get(i);
            String q = TableName.quoteIdent(col.name());
            // each column takes two slots: its value, and its size (bytea) or text (timestamps, for the infinities)
            select.add(switch (col.type()) {
                case TEXT -> base.equals("bytea")
                        ? "'\\x' || pg_catalog.encode(pg_catalog.substr(" + q + ", 1, " + CELL_BYTES + "), 'hex'), "
                                + "pg_catalog.octet_length(" + q + ")"
                        : "pg_catalog.left(" + q + "::pg_catalog.text, " + (CELL_CHARS + 1) + "), null";
                case NUMERIC -> q + "::pg_catalog.text, null";
                case TIMESTAMPTZ -> "pg_catalog.to_char(" + q + (base.equals("timestamptz") ? " at time zone 'UTC'" : "")
                        + ", 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), " + q + "::pg_catalog.text";
                default -> q + ", null";
            });
        }
        String sql = "select " + String.join(", ", select) + " from " + t.name().sql() + " order by " + order(schema)
                + " offset ? limit ?";
        return PgSnapshot.list(c, sql, List.of(offset, limit), rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < schema.columns().size(); i++) {
                Column col = schema.columns().get(i);
                row.put(col.name(), value(rs, 2 * i + 1, col));
            }
            return row;
        });
    }

    // Primary-key order where there is a key. Without one, physical order (tableoid, then ctid): ordering by every
    // column fails for types without a sort order (json, xml, point) and sorts the whole table for each page, while
    // the physical order is free and the same for every page of a read-only Time Travel view; on a live branch a row
    // updated between two pages can move, as it can in any page-by-page read without a key.
    private static String order(TableSchema schema) {
        if (!schema.hasPrimaryKey()) {
            return "tableoid, ctid";
        }
        return String.join(", ", schema.primaryKey().stream().map(TableName::quoteIdent).toList());
    }

    /** A value in the domain's normal form for its column type; any other type as its text, cut to a cell. */
    private static Object value(ResultSet rs, int i, Column col) throws SQLException {
        // a timestamp's first slot is empty for the infinities too; its second is empty only for NULL
        if (rs.getObject(col.type() == ColumnType.TIMESTAMPTZ ? i + 1 : i) == null) {
            return null;
        }
        return switch (col.type()) {
            case BIGINT -> rs.getLong(i);
            case BOOLEAN -> rs.getBoolean(i);
            case DOUBLE -> rs.getDouble(i);
            case NUMERIC -> decimal(rs.getString(i));
            case TIMESTAMPTZ -> instant(rs.getString(i), rs.getString(i + 1));
            case TEXT -> {
                String text = rs.getString(i);
                long bytes = rs.getLong(i + 1);
                if (!rs.wasNull()) {
                    yield bytes > CELL_BYTES ? text + CUT + " (" + bytes + " bytes)" : text;
                }
                yield text.codePointCount(0, text.length()) > CELL_CHARS ? cut(text) : text;
            }
        };
    }

    /** The first {@link #CELL_CHARS} characters (as Postgres counts them: code points) and {@link #CUT}. */
    private static String cut(String text) {
        return text.substring(0, text.offsetByCodePoints(0, CELL_CHARS)) + CUT;
    }

    /** A plain decimal; {@code NaN} and the infinities have none and stay as Postgres writes them. */
    private static String decimal(String text) {
        try {
            return new BigDecimal(text).toPlainString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /**
     * An instant ({@code 2026-01-01T00:00:00Z}), a timestamp without a zone read as UTC; what has no instant form
     * ({@code infinity}, years after 9999 or before Christ) stays as Postgres writes it.
     */
    private static String instant(String utc, String text) {
        if (utc == null) {
            return text;
        }
        try {
            return Instant.parse(utc).toString();
        } catch (DateTimeParseException e) {
            return text;
        }
    }
}
