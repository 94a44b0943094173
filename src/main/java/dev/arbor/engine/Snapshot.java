package dev.arbor.engine;

import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.RowPage;
import dev.arbor.domain.TableInfo;
import dev.arbor.domain.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A read-only view of one branch at one resolved point. Reads are consistent: history does not change. */
public final class Snapshot {
    private final Store store;
    private final String branchId;
    private final ResolvedPoint point;
    private final Lineage lineage;
    private Catalog catalog;

    Snapshot(Store store, String branchId, ResolvedPoint point, Lineage lineage) {
        this.store = store;
        this.branchId = branchId;
        this.point = point;
        this.lineage = lineage;
    }

    public String branchId() {
        return branchId;
    }

    public ResolvedPoint point() {
        return point;
    }

    synchronized Catalog catalog() {
        if (catalog == null) {
            catalog = store.read(c -> VersionedData.catalog(c, lineage));
        }
        return catalog;
    }

    public List<String> databases() {
        return List.copyOf(catalog().databases.keySet());
    }

    public List<TableSchema> tables(String database) {
        requireDatabase(database);
        String prefix = database + "/";
        return catalog().tables.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> e.getValue().schema()).toList();
    }

    public List<TableInfo> tableInfos(String database) {
        List<TableInfo> out = new ArrayList<>();
        for (TableSchema s : tables(database)) {
            long id = table(database, s.name()).id();
            long[] stats = store.read(c -> VersionedData.stats(c, lineage, id));
            out.add(new TableInfo(s, stats[0], stats[1]));
        }
        return out;
    }

    public Map<String, Object> get(String database, String table, Object... key) {
        Catalog.TableEntry t = table(database, table);
        String pk = RowCodec.pkOf(t.schema(), key);
        VersionedData.Version v = store.read(c -> VersionedData.point(c, lineage, t.id(), pk));
        return v == null || v.body() == null ? null : RowCodec.decode(t.schema(), v.body());
    }

    public List<Map<String, Object>> rows(String database, String table) {
        return page(database, table, 0, Integer.MAX_VALUE).rows();
    }

    public RowPage page(String database, String table, long offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw ArborException.invalid("INVALID_PAGE", "A page needs a non-negative offset and limit.");
        }
        Catalog.TableEntry t = table(database, table);
        long[] total = new long[1];
        List<Map<String, Object>> rows = store.read(c -> VersionedData.rows(c, lineage, t.schema(), t.id(), offset, limit, total));
        return new RowPage(t.schema(), rows, offset, total[0]);
    }

    /** The schema of a database as SQL DDL, tables in name order. */
    public String schemaSql(String database) {
        StringBuilder sb = new StringBuilder();
        for (TableSchema s : tables(database)) {
            sb.append(s.toSql()).append('\n');
        }
        return sb.toString();
    }

    private Catalog.TableEntry table(String database, String table) {
        requireDatabase(database);
        Catalog.TableEntry t = catalog().tables.get(Catalog.tableKey(database, table));
        if (t == null) {
            throw ArborException.notFound("table", database + "." + table);
        }
        return t;
    }

    private void requireDatabase(String database) {
        if (!catalog().databases.containsKey(database)) {
            throw ArborException.notFound("database", database);
        }
    }
}
