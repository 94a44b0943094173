package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RowPage;
import dev.arbor.domain.TableInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What a branch's data is on real Postgres, as the console and the API read it: databases and roles belong to the
 * branch and are inherited at its branch point, and rows are read in pages
 * in key order at the head and at a point. The tests share one project and name their own branches.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(dev.arbor.testing.Parallel.POSTGRES_2)
class EngineDataTest {
    @TempDir
    static Path dir;
    static Fixture f;

    @BeforeAll
    static void open() {
        f = Fixture.postgres(dir).withItems();
    }

    @AfterAll
    static void close() {
        f.close();
    }

    @Test
    void databasesAndRolesAreBranchDataInheritedAtTheBranchPoint() {
        f.backend.createBranch(CreateBranchSpec.named("roles-before"));
        f.engine.createRole("main", "app", false);
        f.engine.createDatabase("main", "analytics", "app");
        String after = f.backend.createBranch(CreateBranchSpec.named("roles-after")).branch().id();
        assertEquals(List.of("analytics", "neondb"), f.backend.listDatabases(after).stream().map(d -> d.name()).sorted().toList());
        assertEquals(List.of("app", "neondb_owner"), f.backend.listRoles(after).stream().map(r -> r.name()).sorted().toList());
        String before = f.branch("roles-before").id();
        assertEquals(List.of("neondb"), f.backend.listDatabases(before).stream().map(d -> d.name()).toList(),
                "a branch made before has not got them");
        assertEquals(List.of("neondb_owner"), f.backend.listRoles(before).stream().map(r -> r.name()).toList());

        var unknown = f.refused(ErrorCode.NOT_FOUND, "ROLE_NOT_FOUND", () -> f.engine.createDatabase("main", "x", "nobody"));
        assertTrue(unknown.getMessage().contains("nobody"), unknown.getMessage());
        f.refused(ErrorCode.INVALID_INPUT, "INVALID_NAME", () -> f.engine.createDatabase("main", "a".repeat(64), "app"));
        f.refused(ErrorCode.CONFLICT, "DATABASE_EXISTS", () -> f.engine.createDatabase("main", "analytics", "app"));
        assertEquals(List.of("analytics", "neondb"), f.engine.databases("main").stream().map(d -> d.name()).sorted().toList(),
                "a refused database is not made");
    }

    @Test
    void pagedReadsAndTableStatisticsAtTheHeadAndAtAPointInKeyOrder() {
        String id = f.backend.createBranch(CreateBranchSpec.named("paged")).branch().id();
        f.sql("paged", "delete from items");
        f.tick();
        var empty = f.head("paged");
        f.tick();
        f.sql("paged", "insert into items select g, 'l' || g from generate_series(0, 29) g");
        f.sql("paged", "insert into items values (-3, 'x'), (" + Long.MAX_VALUE + ", 'x'), (" + (Long.MIN_VALUE + 1) + ", 'x')");
        f.tick();
        RowPage page = f.backend.readRows(id, Fixture.DB, "items", PointInTime.HEAD, 10, 5);
        assertEquals(33, page.total());
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), page.rows().stream().map(r -> ((Number) r.get("id")).longValue()).toList(),
                "key order, the negative keys first");
        assertEquals(List.of(Long.MIN_VALUE + 1, -3L, 0L), f.backend.readRows(id, Fixture.DB, "items", PointInTime.HEAD, 0, 3)
                .rows().stream().map(r -> ((Number) r.get("id")).longValue()).toList());
        assertEquals(Long.MAX_VALUE, ((Number) f.backend.readRows(id, Fixture.DB, "items", PointInTime.HEAD, 32, 5).rows()
                .get(0).get("id")).longValue());
        List<TableInfo> tables = f.backend.listTables(id, Fixture.DB, PointInTime.HEAD);
        assertEquals(List.of("items"), tables.stream().map(t -> t.schema().name()).toList());
        assertEquals(33, tables.get(0).rowCount());
        assertEquals(0, f.backend.listTables(id, Fixture.DB, PointInTime.at(empty.lsn())).get(0).rowCount(),
                "at the point before the inserts the table is empty");
    }
}
