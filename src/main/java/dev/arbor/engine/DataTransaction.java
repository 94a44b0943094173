package dev.arbor.engine;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Column;
import dev.arbor.domain.TableSchema;
import dev.arbor.domain.UnicodeText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One transaction on a branch: schema and row changes that commit together at one LSN, or not at all.
 * Obtained from {@link EmbeddedEngine#write}; valid only inside that call.
 */
public final class DataTransaction {
    private static final int BATCH = 1000;

    interface Ids {
        long nextTableId();

        long nextDatabaseId();
    }

    private final Connection conn;
    private final Lineage lineage;
    private final long timelineId;
    private final long lsn;
    private final Instant now;
    private final Ids ids;
    private final Catalog catalog;
    private final PreparedStatement lookup;
    private final PreparedStatement putRow;
    private final PreparedStatement putCatalog;
    /** Rows this transaction wrote: key → size of the new body, or -1 for a deletion. */
    private final Map<String, Long> written = new HashMap<>();
    /** Inserted keys not yet checked against history, by table id: key → {table name, key text}. */
    private final Map<Long, Map<String, String[]>> unchecked = new HashMap<>();
    private int uncheckedCount;
    private int pending;
    private long sizeDelta;
    private long bytes;
    private int records;

    DataTransaction(Connection conn, Lineage lineage, long timelineId, long lsn, Instant now, Ids ids) throws SQLException {
        this.conn = conn;
        this.lineage = lineage;
        this.timelineId = timelineId;
        this.lsn = lsn;
        this.now = now;
        this.ids = ids;
        this.catalog = VersionedData.catalog(conn, lineage);
        this.lookup = conn.prepareStatement(VersionedData.POINT_SQL);
        // the key includes this commit's LSN, so a second write of a key in one transaction updates its own first
        // write and nothing else; no other unique constraint exists on these tables that a write could clear
        this.putRow = conn.prepareStatement(Sql.upsert("row_version", List.of("table_id", "pk", "lsn"),
                List.of("table_id", "pk", "lsn", "timeline_id", "body")));
        this.putCatalog = conn.prepareStatement(Sql.upsert("catalog", List.of("kind", "name", "lsn"),
                List.of("kind", "name", "lsn", "timeline_id", "body")));
    }

    // ---- schema ------------------------------------------------------------------------------------

    public void createRole(String name) {
        Column.checkIdentifier("role", name);
        if (catalog.roles.containsKey(name)) {
            throw ArborException.conflict("ROLE_EXISTS", "A role named \"" + name + "\" already exists on this branch.");
        }
        catalog.roles.put(name, new Catalog.RoleEntry(name, false, now));
        putCatalog(Catalog.ROLE, name, RowCodec.encodeRole(false, now));
    }

    public void createDatabase(String name, String owner) {
        Column.checkIdentifier("database", name);
        if (catalog.databases.containsKey(name)) {
            throw ArborException.conflict("DATABASE_EXISTS", "A database named \"" + name + "\" already exists on this branch.");
        }
        if (!catalog.roles.containsKey(owner)) {
            throw ArborException.notFound("role", owner);
        }
        long id = ids.nextDatabaseId();
        catalog.databases.put(name, new Catalog.DatabaseEntry(name, id, owner, now));
        putCatalog(Catalog.DATABASE, name, RowCodec.encodeDatabase(id, owner, now));
    }

    public void createTable(TableSchema schema) {
        checkDefinable(schema);
        requireDatabase(schema.database());
        String key = Catalog.tableKey(schema.database(), schema.name());
        if (catalog.tables.containsKey(key)) {
            throw ArborException.conflict("TABLE_EXISTS", "Table \"" + schema.name() + "\" already exists in database \""
                    + schema.database() + "\".");
        }
        long id = ids.nextTableId();
        catalog.tables.put(key, new Catalog.TableEntry(id, schema, now));
        putCatalog(Catalog.TABLE, key, RowCodec.encodeTable(id, schema, now));
    }

    /** Adds a nullable column; existing rows read it as empty. */
    public void addColumn(String database, String table, Column column) {
        Column.checkIdentifier("column", column.name());
        Catalog.TableEntry t = table(database, table);
        if (t.schema().columns().stream().anyMatch(c -> c.name().equals(column.name()))) {
            throw ArborException.conflict("COLUMN_EXISTS", "Table \"" + table + "\" already has a column \"" + column.name() + "\".");
        }
        List<Column> cols = new ArrayList<>(t.schema().columns());
        cols.add(new Column(column.name(), column.type(), true));
        TableSchema s = new TableSchema(database, table, cols, t.schema().primaryKey());
        Catalog.TableEntry changed = new Catalog.TableEntry(t.id(), s, t.createdAt());
        catalog.tables.put(Catalog.tableKey(database, table), changed);
        putCatalog(Catalog.TABLE, Catalog.tableKey(database, table), RowCodec.encodeTable(t.id(), s, t.createdAt()));
    }

    /** Drops a table and its rows. A table created again under the same name starts empty. */
    public void dropTable(String database, String table) {
        Catalog.TableEntry t = table(database, table);
        long[] stats = stats(t.id());
        sizeDelta -= stats[1];
        catalog.tables.remove(Catalog.tableKey(database, table));
        putCatalog(Catalog.TABLE, Catalog.tableKey(database, table), null);
    }

    public List<TableSchema> tables(String database) {
        requireDatabase(database);
        String prefix = database + "/";
        return catalog.tables.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> e.getValue().schema()).toList();
    }

    public Set<String> databases() {
        return Set.copyOf(catalog.databases.keySet());
    }

    // ---- rows --------------------------------------------------------------------------------------

    /** Inserts a row; a row with the same primary key is refused. */
    public void insert(String database, String table, Map<String, ?> row) {
        Catalog.TableEntry t = table(database, table);
        Map<String, Object> norm = RowCodec.normalize(t.schema(), row);
        String pk = RowCodec.pk(t.schema(), norm);
        Long mine = written.get(t.id() + "|" + pk);
        if (mine != null && mine >= 0) {
            throw duplicate(table, keyText(t.schema(), norm));
        }
        if (mine == null) {
            // checked against committed history in batches (checkInserts), not one query per row
            unchecked.computeIfAbsent(t.id(), k -> new LinkedHashMap<>()).put(pk, new String[] {table, keyText(t.schema(), norm)});
            uncheckedCount++;
        }
        write(t.id(), pk, RowCodec.encode(norm), -1);
        if (uncheckedCount >= BATCH) {
            checkInserts();
        }
    }

    private static ArborException duplicate(String table, String key) {
        return ArborException.conflict("DUPLICATE_KEY", "Table \"" + table + "\" already has a row with key " + key + ".");
    }

    /** Refuses the transaction if a row this transaction inserted already existed before it. */
    private void checkInserts() {
        if (uncheckedCount == 0) {
            return;
        }
        try {
            for (var byTable : unchecked.entrySet()) {
                List<String> pks = new ArrayList<>(byTable.getValue().keySet());
                for (int from = 0; from < pks.size(); from += BATCH) {
                    List<String> chunk = pks.subList(from, Math.min(pks.size(), from + BATCH));
                    String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
                    try (PreparedStatement ps = conn.prepareStatement("SELECT pk, lsn, timeline_id, body FROM row_version"
                            + " WHERE table_id = ? AND lsn < ? AND pk IN (" + marks + ") ORDER BY pk, lsn DESC")) {
                        ps.setLong(1, byTable.getKey());
                        ps.setLong(2, lsn);
                        for (int i = 0; i < chunk.size(); i++) {
                            ps.setString(3 + i, chunk.get(i));
                        }
                        try (java.sql.ResultSet rs = ps.executeQuery()) {
                            String decided = null;
                            while (rs.next()) {
                                String pk = rs.getString(1);
                                if (pk.equals(decided) || !lineage.sees(rs.getLong(3), rs.getLong(2))) {
                                    continue;
                                }
                                decided = pk;
                                if (rs.getString(4) != null) {
                                    String[] what = byTable.getValue().get(pk);
                                    throw duplicate(what[0], what[1]);
                                }
                            }
                        }
                    }
                }
            }
            unchecked.clear();
            uncheckedCount = 0;
        } catch (SQLException e) {
            throw Sql.failure(e);
        }
    }

    /** Inserts a row or replaces the row with the same primary key. */
    public void upsert(String database, String table, Map<String, ?> row) {
        Catalog.TableEntry t = table(database, table);
        Map<String, Object> norm = RowCodec.normalize(t.schema(), row);
        String pk = RowCodec.pk(t.schema(), norm);
        write(t.id(), pk, RowCodec.encode(norm), currentSize(t.id(), pk));
    }

    /** Changes some columns of the row with the given key; false when there is no such row. */
    public boolean update(String database, String table, Map<String, ?> changes, Object... key) {
        Catalog.TableEntry t = table(database, table);
        Map<String, Object> current = get(database, table, key);
        if (current == null) {
            return false;
        }
        Map<String, Object> merged = new LinkedHashMap<>(current);
        for (var e : changes.entrySet()) {
            t.schema().column(e.getKey());
            if (t.schema().primaryKey().contains(e.getKey())
                    && !java.util.Objects.equals(RowCodec.normalize(t.schema(), merged).get(e.getKey()),
                    t.schema().column(e.getKey()).type().normalize(e.getKey(), e.getValue()))) {
                throw ArborException.invalid("PRIMARY_KEY_CHANGE", "The primary key of a row cannot change; delete the row and insert a new one.");
            }
            merged.put(e.getKey(), e.getValue());
        }
        Map<String, Object> norm = RowCodec.normalize(t.schema(), merged);
        String pk = RowCodec.pk(t.schema(), norm);
        write(t.id(), pk, RowCodec.encode(norm), currentSize(t.id(), pk));
        return true;
    }

    /** Deletes the row with the given key; false when there is no such row. */
    public boolean delete(String database, String table, Object... key) {
        Catalog.TableEntry t = table(database, table);
        String pk = RowCodec.pkOf(t.schema(), key);
        long old = currentSize(t.id(), pk);
        if (old < 0) {
            return false;
        }
        write(t.id(), pk, null, old);
        return true;
    }

    /** The row with the given key as this transaction sees it, or null. */
    public Map<String, Object> get(String database, String table, Object... key) {
        Catalog.TableEntry t = table(database, table);
        String pk = RowCodec.pkOf(t.schema(), key);
        flush();
        try {
            VersionedData.Version v = VersionedData.point(lookup, lineage, t.id(), pk);
            return v == null || v.body() == null ? null : RowCodec.decode(t.schema(), v.body());
        } catch (SQLException e) {
            throw Sql.failure(e);
        }
    }

    /** Every row of a table as this transaction sees it, in key order. */
    public List<Map<String, Object>> rows(String database, String table) {
        Catalog.TableEntry t = table(database, table);
        flush();
        try {
            return VersionedData.rows(conn, lineage, t.schema(), t.id(), 0, Integer.MAX_VALUE, new long[1]);
        } catch (SQLException e) {
            throw Sql.failure(e);
        }
    }

    // ---- internals ---------------------------------------------------------------------------------

    private long[] stats(long tableId) {
        flush();
        try {
            return VersionedData.stats(conn, lineage, tableId);
        } catch (SQLException e) {
            throw Sql.failure(e);
        }
    }

    private Catalog.TableEntry table(String database, String table) {
        requireDatabase(database);
        Catalog.TableEntry t = catalog.tables.get(Catalog.tableKey(database, table));
        if (t == null) {
            throw ArborException.notFound("table", database + "." + table);
        }
        return t;
    }

    /**
     * What this store can hold, narrower than what a real database shows: plain identifiers, at least one column
     * and a primary key (rows are stored and versioned by their key).
     */
    private static void checkDefinable(TableSchema schema) {
        Column.checkIdentifier("table", schema.name());
        schema.columns().forEach(c -> Column.checkIdentifier("column", c.name()));
        if (schema.columns().isEmpty()) {
            throw ArborException.invalid("INVALID_TABLE", "Table \"" + schema.name() + "\" needs at least one column.");
        }
        if (!schema.hasPrimaryKey()) {
            throw ArborException.invalid("INVALID_TABLE", "Table \"" + schema.name() + "\" needs a primary key.");
        }
    }

    private void requireDatabase(String database) {
        if (!catalog.databases.containsKey(database)) {
            throw ArborException.notFound("database", database);
        }
    }

    /** Size of the row's current body, or -1 when it does not exist. */
    private long currentSize(long tableId, String pk) {
        Long mine = written.get(tableId + "|" + pk);
        if (mine != null) {
            return mine;
        }
        // rows this transaction has not touched have no pending writes, so the committed state answers
        try {
            VersionedData.Version v = VersionedData.point(lookup, lineage, tableId, pk);
            return v == null || v.body() == null ? -1 : VersionedData.rowSize(pk, v.body());
        } catch (SQLException e) {
            throw Sql.failure(e);
        }
    }

    private void write(long tableId, String pk, String body, long oldSize) {
        UnicodeText.requireWellFormed("this row key", pk);
        UnicodeText.requireWellFormed("this row", body);
        long newSize = body == null ? -1 : VersionedData.rowSize(pk, body);
        sizeDelta += Math.max(newSize, 0) - Math.max(oldSize, 0);
        written.put(tableId + "|" + pk, newSize);
        bytes += 24 + pk.length() + (body == null ? 0 : body.length());
        records++;
        try {
            putRow.setLong(1, tableId);
            putRow.setString(2, pk);
            putRow.setLong(3, lsn);
            putRow.setLong(4, timelineId);
            putRow.setString(5, body);
            putRow.addBatch();
            if (++pending >= BATCH) {
                flush();
            }
        } catch (SQLException e) {
            throw Sql.failure(e);
        }
    }

    private void putCatalog(String kind, String name, String body) {
        UnicodeText.requireWellFormed("the name \"" + name + "\"", name);
        UnicodeText.requireWellFormed("the definition of \"" + name + "\"", body);
        bytes += 32 + name.length() + (body == null ? 0 : body.length());
        records++;
        try {
            putCatalog.setString(1, kind);
            putCatalog.setString(2, name);
            putCatalog.setLong(3, lsn);
            putCatalog.setLong(4, timelineId);
            putCatalog.setString(5, body);
            putCatalog.executeUpdate();
        } catch (SQLException e) {
            throw Sql.failure(e);
        }
    }

    void flush() {
        checkInserts();
        if (pending == 0) {
            return;
        }
        try {
            putRow.executeBatch();
            pending = 0;
        } catch (SQLException e) {
            throw Sql.failure(e);
        }
    }

    void close() {
        try {
            lookup.close();
            putRow.close();
            putCatalog.close();
        } catch (SQLException ignored) {
            // statements of a finished transaction
        }
    }

    private static String keyText(TableSchema s, Map<String, Object> norm) {
        StringBuilder sb = new StringBuilder("(");
        for (String k : s.primaryKey()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(k).append('=').append(norm.get(k));
        }
        return sb.append(')').toString();
    }

    boolean isEmpty() {
        return records == 0;
    }

    long sizeDelta() {
        return sizeDelta;
    }

    long bytesWritten() {
        return bytes;
    }

    Catalog catalog() {
        return catalog;
    }
}
