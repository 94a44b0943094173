package dev.arbor.engine;

import dev.arbor.domain.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads of versioned data at a point. A version is visible when its timeline is in the read's lineage and
 * its LSN is at or below that timeline's bound; the newest visible version of a key wins and a version with
 * no body is a deletion. Versions of one key are contiguous in the index and LSNs are global, so a point read
 * walks one key's versions newest first, whatever the depth of the ancestry.
 */
final class VersionedData {
    private VersionedData() {
    }

    /** A row's visible version, or null. {@code body} null means deleted. */
    record Version(long lsn, long timelineId, String body) {
    }

    static Catalog catalog(Connection c, Lineage lineage) throws SQLException {
        Catalog cat = new Catalog();
        String sql = "SELECT kind, name, lsn, timeline_id, body FROM catalog WHERE timeline_id IN (" + lineage.idList()
                + ") AND lsn <= ? ORDER BY kind, name, lsn";
        try (PreparedStatement ps = Sql.prepare(c, sql, lineage.maxLsn()); ResultSet rs = ps.executeQuery()) {
            String lastKind = null;
            String lastName = null;
            String visibleBody = null;
            boolean any = false;
            while (rs.next()) {
                String kind = rs.getString(1);
                String name = rs.getString(2);
                if (!kind.equals(lastKind) || !name.equals(lastName)) {
                    if (any) {
                        put(cat, lastKind, lastName, visibleBody);
                    }
                    lastKind = kind;
                    lastName = name;
                    visibleBody = null;
                    any = false;
                }
                if (lineage.sees(rs.getLong(4), rs.getLong(3))) {
                    visibleBody = rs.getString(5);
                    any = true;
                }
            }
            if (any) {
                put(cat, lastKind, lastName, visibleBody);
            }
        }
        return cat;
    }

    private static void put(Catalog cat, String kind, String name, String body) {
        if (body == null) {
            return;
        }
        switch (kind) {
            case Catalog.DATABASE -> cat.databases.put(name, RowCodec.decodeDatabase(name, body));
            case Catalog.ROLE -> cat.roles.put(name, RowCodec.decodeRole(name, body));
            case Catalog.TABLE -> cat.tables.put(name, RowCodec.decodeTable(body));
            default -> throw new IllegalStateException("unknown catalog kind " + kind);
        }
    }

    /** The newest version of one key visible to the lineage, or null when the key was never written there. */
    static Version point(PreparedStatement newestFirst, Lineage lineage, long tableId, String pk) throws SQLException {
        newestFirst.setLong(1, tableId);
        newestFirst.setString(2, pk);
        newestFirst.setLong(3, lineage.maxLsn());
        try (ResultSet rs = newestFirst.executeQuery()) {
            while (rs.next()) {
                long lsn = rs.getLong(1);
                long tl = rs.getLong(2);
                if (lineage.sees(tl, lsn)) {
                    return new Version(lsn, tl, rs.getString(3));
                }
            }
        }
        return null;
    }

    static final String POINT_SQL =
            "SELECT lsn, timeline_id, body FROM row_version WHERE table_id = ? AND pk = ? AND lsn <= ? ORDER BY lsn DESC";

    static Version point(Connection c, Lineage lineage, long tableId, String pk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(POINT_SQL)) {
            return point(ps, lineage, tableId, pk);
        }
    }

    /** Visits every live row of a table visible to the lineage, in key order, with its key and body. */
    static void scan(Connection c, Lineage lineage, long tableId, BiConsumer<String, String> visitor) throws SQLException {
        String sql = "SELECT pk, lsn, timeline_id, body FROM row_version WHERE table_id = ? AND lsn <= ? AND timeline_id IN ("
                + lineage.idList() + ") ORDER BY pk, lsn";
        try (PreparedStatement ps = Sql.prepare(c, sql, tableId, lineage.maxLsn()); ResultSet rs = ps.executeQuery()) {
            String currentPk = null;
            String visible = null;
            while (rs.next()) {
                String pk = rs.getString(1);
                if (!pk.equals(currentPk)) {
                    if (visible != null) {
                        visitor.accept(currentPk, visible);
                    }
                    currentPk = pk;
                    visible = null;
                }
                if (lineage.sees(rs.getLong(3), rs.getLong(2))) {
                    visible = rs.getString(4);
                }
            }
            if (visible != null) {
                visitor.accept(currentPk, visible);
            }
        }
    }

    /** Row count and byte size of a table at the lineage's point. */
    static long[] stats(Connection c, Lineage lineage, long tableId) throws SQLException {
        long[] s = new long[2];
        scan(c, lineage, tableId, (pk, body) -> {
            s[0]++;
            s[1] += rowSize(pk, body);
        });
        return s;
    }

    static List<Map<String, Object>> rows(Connection c, Lineage lineage, TableSchema schema, long tableId,
                                          long offset, int limit, long[] total) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        long[] n = new long[1];
        scan(c, lineage, tableId, (pk, body) -> {
            if (n[0] >= offset && out.size() < limit) {
                out.add(RowCodec.decode(schema, body));
            }
            n[0]++;
        });
        total[0] = n[0];
        return out;
    }

    /** The logical size a row adds to its branch. */
    static long rowSize(String pk, String body) {
        return pk.length() + (body == null ? 0 : body.length());
    }
}
