package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory written at schema version 1 opens with this Arbor, is migrated, and keeps everything. */
class SchemaMigrationTest {
    @TempDir
    Path dir;

    @Test
    void aVersionOneDirectoryIsMigratedAndKeepsItsBranchesAndHistory() throws Exception {
        Branch dev;
        try (Fixture f = new Fixture(dir).withItems()) {
            f.put("main", 1, "one");
            dev = f.backend.createBranch(CreateBranchSpec.named("dev")).branch();
        }
        // make it what version 1 wrote: no branch_point_at column (2), nothing of version 3
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Store.DB_FILE));
             Statement st = c.createStatement()) {
            st.execute("ALTER TABLE timeline DROP COLUMN branch_point_at");
            st.execute("DROP TABLE pg_segment");
            for (String column : new String[] {"port", "active_time_ms", "active_period_start"}) {
                st.execute("ALTER TABLE endpoint DROP COLUMN " + column);
            }
            st.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'");
        }
        try (Fixture f = new Fixture(dir)) {
            Branch again = f.branch("dev");
            assertEquals(dev.headTimestamp(), again.headTimestamp(), "the branch point's time is found the old way");
            assertEquals(dev.headLsn(), again.headLsn());
            assertEquals(Map.of(1L, "one"), f.items("dev"));
            f.backend.createBranch(CreateBranchSpec.named("after-migration"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Store.DB_FILE));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            assertTrue(rs.next());
            assertEquals(Integer.toString(Schema.currentVersion()), rs.getString(1));
        }
    }
}
