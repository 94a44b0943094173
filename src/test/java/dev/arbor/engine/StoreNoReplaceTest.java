package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Column;
import dev.arbor.domain.ColumnType;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.TableSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store keeps every row it was given: a unique clash is an error, never the silent deletion of the row that
 * held the value; a name Postgres would turn into another is refused; and a batch of work costs in proportion to its size.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_1)
class StoreNoReplaceTest {
    @TempDir
    Path dir;

    private Connection database() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
        Schema.migrate(c);
        return c;
    }

    private static BranchRecord branch(String id, String name, boolean isDefault) {
        BranchRecord b = new BranchRecord();
        Instant now = Instant.parse("2026-11-20T09:00:00Z");
        b.id = id;
        b.name = name;
        b.timelineId = 1;
        b.isDefault = isDefault;
        b.stateChangedAt = now;
        b.createdAt = now;
        b.updatedAt = now;
        return b;
    }

    private static List<String> rows(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, name, is_default FROM branch ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + (rs.getInt(3) == 1 ? " default" : ""));
            }
        }
        return rows;
    }

    @Test
    void aBranchNameClashIsAConflictAndTheRowThatHoldsTheNameStays() throws SQLException {
        try (Connection c = database()) {
            branch("br-a", "main", true).save(c);
            ArborException clash = assertThrows(ArborException.class, () -> branch("br-b", "main", false).save(c));
            assertEquals(ErrorCode.CONFLICT, clash.code());
            assertEquals("BRANCH_NAME_TAKEN", clash.reason());
            assertTrue(clash.getMessage().contains("\"main\""), clash.getMessage());
            assertEquals(List.of("br-a main default"), rows(c));

            // saving a branch again still changes its own row in place
            BranchRecord renamed = branch("br-a", "trunk", true);
            renamed.save(c);
            branch("br-b", "main", false).save(c);
            assertEquals(List.of("br-a trunk default", "br-b main"), rows(c));
        }
    }

    @Test
    void aProjectThatLostItsDefaultBranchsRowOpensWithADefaultAndCreatesAgain() throws SQLException {
        String devId;
        try (Fixture f = Fixture.postgres(dir)) {
            devId = f.backend.createBranch(CreateBranchSpec.named("dev")).branch().id();
        }
        // what a name clash under INSERT OR REPLACE once left behind: the default branch's row gone
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Store.DB_FILE));
             Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("DELETE FROM branch WHERE is_default = 1"));
        }
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, OpenProbe.OPTIONS)) {
            Branch dev = engine.branch(devId);
            assertTrue(dev.isDefault(), "the only branch left is the default again");
            Branch made = engine.createBranch(CreateBranchSpec.named("after")).branch();
            assertEquals(devId, made.parentId());
        }
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, OpenProbe.OPTIONS)) {
            assertTrue(engine.branch(devId).isDefault(), "the repair was stored");
        }
    }

    @Test
    void attemptsReleaseTheirSavepointsSoABatchCostsInProportionToItsSize() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("batch.db"))) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (n INTEGER)");
            }
            c.setAutoCommit(false);
            int failed = 0;
            for (int i = 0; i < 3000; i++) {
                int n = i;
                Exception e = Sql.attempt(c, () -> {
                    Sql.update(c, "INSERT INTO t (n) VALUES (?)", n);
                    if (n % 3 == 0) {
                        throw new SQLException("operation " + n + " failed");
                    }
                });
                failed += e == null ? 0 : 1;
            }
            // SQLite checks every open savepoint on every page it writes; none may be left open after a batch
            SQLException none = assertThrows(SQLException.class, () -> {
                try (Statement st = c.createStatement()) {
                    st.execute("RELEASE " + Sql.ATTEMPT);
                }
            });
            assertTrue(none.getMessage().contains("no such savepoint"), none.getMessage());
            c.commit();
            assertEquals(1000, failed);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t WHERE n % 3 = 0")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "a failed attempt leaves nothing behind");
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                assertEquals(2000, rs.getInt(1));
            }
        }
    }

    /**
     * A database or role name that is not Unicode (an unpaired surrogate) would reach Postgres as another name (the
     * encoder writes a question mark for it): it is refused with a sentence, and nothing is made.
     */
    @Test
    void aNameThatIsNotUnicodeIsRefusedBeforePostgresCanTurnItIntoAnotherName() {
        try (Fixture f = Fixture.postgres(dir)) {
            ArborException database = f.refused(ErrorCode.INVALID_INPUT, "INVALID_TEXT",
                    () -> f.engine.createDatabase("main", "k\ud800", "neondb_owner"));
            assertTrue(database.getMessage().contains("database name"), database.getMessage());
            f.refused(ErrorCode.INVALID_INPUT, "INVALID_TEXT", () -> f.engine.createRole("main", "r\udfff", false));
            assertEquals(List.of("neondb"), f.engine.databases("main").stream().map(d -> d.name()).toList(),
                    "no database named \"k?\" was made");
            assertEquals(List.of("neondb_owner"), f.engine.roles("main").stream().map(r -> r.name()).toList());
        }
    }
}
