package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Column;
import dev.arbor.domain.ColumnType;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RowPage;
import dev.arbor.domain.TableInfo;
import dev.arbor.domain.TableSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Databases, roles and typed tables versioned by LSN (issue point 8). */
class EngineDataTest {
    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void open() {
        f = new Fixture(dir).withItems();
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void typedColumnsPrimaryKeysAndTransactions() {
        f.engine.write("main", tx -> {
            tx.createTable(new TableSchema("neondb", "prices", List.of(Column.required("sku", ColumnType.TEXT),
                    Column.required("region", ColumnType.TEXT), Column.of("amount", ColumnType.NUMERIC),
                    Column.of("live", ColumnType.BOOLEAN), Column.of("since", ColumnType.TIMESTAMPTZ)), List.of("sku", "region")));
            tx.insert("neondb", "prices", Map.of("sku", "A", "region", "eu", "amount", "10.50", "live", true, "since", "2026-01-01T00:00:00Z"));
            tx.insert("neondb", "prices", Map.of("sku", "A", "region", "us", "amount", 12));
        });
        var snap = f.engine.read("main", PointInTime.HEAD);
        assertEquals("10.50", snap.get("neondb", "prices", "A", "eu").get("amount"));
        assertEquals(true, snap.get("neondb", "prices", "A", "eu").get("live"));
        assertEquals("12", snap.get("neondb", "prices", "A", "us").get("amount"));
        var dup = f.refused(ErrorCode.CONFLICT, "DUPLICATE_KEY",
                () -> f.engine.write("main", tx -> tx.insert("neondb", "prices", Map.of("sku", "A", "region", "eu"))));
        assertTrue(dup.getMessage().contains("sku=A"), dup.getMessage());
        f.refused(ErrorCode.INVALID_INPUT, "NULL_NOT_ALLOWED",
                () -> f.engine.write("main", tx -> tx.insert("neondb", "prices", Map.of("sku", "B"))));
        f.refused(ErrorCode.INVALID_INPUT, "INVALID_VALUE",
                () -> f.engine.write("main", tx -> tx.insert("neondb", "prices", Map.of("sku", "B", "region", "eu", "live", "maybe"))));
    }

    @Test
    void theStoreStillRefusesTablesAUserCannotDefineAndChangesNothing() {
        List<Column> id = List.of(Column.required("id", ColumnType.BIGINT));
        f.refused(ErrorCode.INVALID_INPUT, "INVALID_IDENTIFIER", () -> f.engine.write("main",
                tx -> tx.createTable(new TableSchema("neondb", "Bad Name", id, List.of("id")))));
        f.refused(ErrorCode.INVALID_INPUT, "INVALID_IDENTIFIER", () -> f.engine.write("main",
                tx -> tx.createTable(new TableSchema("neondb", "sales.orders", id, List.of("id")))));
        f.refused(ErrorCode.INVALID_INPUT, "INVALID_IDENTIFIER", () -> f.engine.write("main", tx -> tx.createTable(
                new TableSchema("neondb", "odd", List.of(Column.required("Größe", ColumnType.BIGINT)), List.of("Größe")))));
        var noKey = f.refused(ErrorCode.INVALID_INPUT, "INVALID_TABLE", () -> f.engine.write("main",
                tx -> tx.createTable(new TableSchema("neondb", "keyless", id, List.of()))));
        assertEquals("Table \"keyless\" needs a primary key.", noKey.getMessage());
        f.refused(ErrorCode.INVALID_INPUT, "INVALID_TABLE", () -> f.engine.write("main",
                tx -> tx.createTable(new TableSchema("neondb", "empty", List.of(), List.of()))));
        f.refused(ErrorCode.INVALID_INPUT, "INVALID_IDENTIFIER", () -> f.engine.write("main",
                tx -> tx.addColumn("neondb", "items", Column.of("a\"b", ColumnType.TEXT))));
        assertEquals(List.of("items"), f.engine.read("main", PointInTime.HEAD).tables("neondb").stream()
                .map(TableSchema::name).toList(), "nothing was created");
        assertEquals(List.of("id", "label"), f.engine.read("main", PointInTime.HEAD).tables("neondb").get(0).columns()
                .stream().map(Column::name).toList(), "no column was added");
    }

    @Test
    void duplicateKeysAreFoundInLargeBatchesAndThroughTheAncestry() {
        f.put("main", 1200, "committed on main");
        f.backend.createBranch(dev.arbor.domain.CreateBranchSpec.named("dev"));
        var e = f.refused(ErrorCode.CONFLICT, "DUPLICATE_KEY", () -> f.engine.write("dev", tx -> {
            for (int i = 0; i < 1500; i++) {
                tx.insert("neondb", "items", Map.of("id", i, "label", "bulk"));
            }
        }));
        assertTrue(e.getMessage().contains("id=1200"), e.getMessage());
        f.remove("dev", 1200);
        f.engine.write("dev", tx -> {
            for (int i = 0; i < 1500; i++) {
                tx.insert("neondb", "items", Map.of("id", i, "label", "bulk"));
            }
        });
        assertEquals(1500, f.items("dev").size(), "a key deleted on the branch can be inserted again");
        assertEquals(Map.of(1200L, "committed on main"), f.items("main"));
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        f.put("main", 1, "one");
        var head = f.branch("main").headLsn();
        f.refused(ErrorCode.CONFLICT, "DUPLICATE_KEY", () -> f.engine.write("main", tx -> {
            tx.insert("neondb", "items", Map.of("id", 2, "label", "two"));
            tx.insert("neondb", "items", Map.of("id", 1, "label", "again"));
        }));
        assertEquals(Map.of(1L, "one"), f.items("main"));
        assertEquals(head, f.branch("main").headLsn(), "no commit, no new LSN");
    }

    @Test
    void updateDeleteAndReadsInsideATransactionSeeItsOwnWrites() {
        f.put("main", 1, "one");
        f.engine.write("main", tx -> {
            assertTrue(tx.update("neondb", "items", Map.of("label", "uno"), 1));
            assertEquals("uno", tx.get("neondb", "items", 1).get("label"));
            assertFalse(tx.update("neondb", "items", Map.of("label", "x"), 99));
            assertTrue(tx.delete("neondb", "items", 1));
            assertNull(tx.get("neondb", "items", 1));
            assertFalse(tx.delete("neondb", "items", 1));
            tx.insert("neondb", "items", Map.of("id", 1, "label", "back"));
        });
        assertEquals(Map.of(1L, "back"), f.items("main"));
    }

    @Test
    void schemaIsVersionedLikeRows() {
        f.put("main", 1, "one");
        var before = f.branch("main").headLsn();
        f.engine.write("main", tx -> tx.addColumn("neondb", "items", Column.of("note", ColumnType.TEXT)));
        f.engine.write("main", tx -> tx.update("neondb", "items", Map.of("note", "hi"), 1));
        assertEquals("hi", f.engine.read("main", PointInTime.HEAD).get("neondb", "items", 1).get("note"));
        assertFalse(f.engine.read("main", PointInTime.at(before)).schemaSql("neondb").contains("note"));
        assertTrue(f.engine.read("main", PointInTime.HEAD).schemaSql("neondb").contains("note text"));
        f.engine.write("main", tx -> tx.dropTable("neondb", "items"));
        ArborException gone = org.junit.jupiter.api.Assertions.assertThrows(ArborException.class,
                () -> f.engine.read("main", PointInTime.HEAD).rows("neondb", "items"));
        assertEquals(ErrorCode.NOT_FOUND, gone.code());
        assertEquals(Map.of(1L, "one"), f.items("main", PointInTime.at(before)), "the dropped table is still there in history");
    }

    @Test
    void databasesAndRolesAreBranchData() {
        f.engine.write("main", tx -> {
            tx.createRole("app");
            tx.createDatabase("analytics", "app");
        });
        f.backend.createBranch(CreateBranchSpec.named("dev"));
        assertEquals(List.of("analytics", "neondb"), f.backend.listDatabases(f.branch("dev").id()).stream().map(d -> d.name()).toList());
        assertEquals(List.of("app", "neondb_owner"), f.backend.listRoles(f.branch("dev").id()).stream().map(r -> r.name()).toList());
        f.refused(ErrorCode.NOT_FOUND, "ROLE_NOT_FOUND", () -> f.engine.write("main", tx -> tx.createDatabase("x", "nobody")));
    }

    @Test
    void logicalSizeFollowsTheDataAndIsInheritedAtTheBranchPoint() {
        long empty = f.branch("main").logicalSize();
        for (int i = 0; i < 50; i++) {
            f.put("main", i, "label number " + i);
        }
        long full = f.branch("main").logicalSize();
        assertTrue(full > empty + 50 * 20, "size grows with rows: " + full);
        assertEquals(full, f.backend.createBranch(CreateBranchSpec.named("dev")).branch().logicalSize());
        for (int i = 0; i < 25; i++) {
            f.remove("dev", i);
        }
        long half = f.branch("dev").logicalSize();
        assertTrue(half < full && half > empty, "size shrinks with deletions: " + half);
        assertEquals(full, f.branch("main").logicalSize());
    }

    @Test
    void pagedReadsAndTableStatisticsAtAPoint() {
        f.engine.write("main", tx -> {
            for (int i = 0; i < 30; i++) {
                tx.insert("neondb", "items", Map.of("id", i, "label", "l" + i));
            }
        });
        RowPage page = f.backend.readRows(f.branch("main").id(), "neondb", "items", PointInTime.HEAD, 10, 5);
        assertEquals(30, page.total());
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L), page.rows().stream().map(r -> r.get("id")).toList(), "key order");
        List<TableInfo> tables = f.backend.listTables(f.branch("main").id(), "neondb", PointInTime.HEAD);
        assertEquals(1, tables.size());
        assertEquals(30, tables.get(0).rowCount());
    }

    @Test
    void negativeAndLargeKeysKeepTheirOrder() {
        f.engine.write("main", tx -> {
            for (long id : new long[] {5, -3, Long.MAX_VALUE, 0, Long.MIN_VALUE + 1, 42}) {
                tx.insert("neondb", "items", Map.of("id", id, "label", "x"));
            }
        });
        assertEquals(List.of(Long.MIN_VALUE + 1, -3L, 0L, 5L, 42L, Long.MAX_VALUE),
                f.engine.read("main", PointInTime.HEAD).rows("neondb", "items").stream().map(r -> r.get("id")).toList());
    }
}
