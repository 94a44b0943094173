package dev.arbor.engine;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The on-disk schema and its migrations. {@code meta.schema_version} records the version a directory is
 * at; opening runs every later migration in one transaction, and a directory written by a newer Arbor
 * is refused rather than misread.
 */
final class Schema {
    private Schema() {
    }

    /** Migration i (1-based) takes the schema from version i-1 to i. */
    static final List<List<String>> MIGRATIONS = List.<List<String>>of(
            List.of(
                "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                """
                CREATE TABLE project (id TEXT PRIMARY KEY, name TEXT NOT NULL,
                  history_retention_seconds INTEGER NOT NULL, max_branches INTEGER NOT NULL,
                  max_root_branches INTEGER NOT NULL, max_protected_branches INTEGER NOT NULL,
                  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)""",
                """
                CREATE TABLE timeline (id INTEGER PRIMARY KEY, ancestor_id INTEGER, ancestor_lsn INTEGER,
                  created_at INTEGER NOT NULL, size_at_start INTEGER NOT NULL)""",
                """
                CREATE TABLE commit_log (lsn INTEGER PRIMARY KEY, timeline_id INTEGER NOT NULL,
                  committed_at INTEGER NOT NULL, logical_size INTEGER NOT NULL)""",
                "CREATE INDEX commit_by_time ON commit_log (timeline_id, committed_at)",
                "CREATE INDEX commit_by_timeline ON commit_log (timeline_id, lsn)",
                """
                CREATE TABLE branch (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, timeline_id INTEGER NOT NULL,
                  parent_id TEXT, parent_lsn INTEGER, parent_timestamp INTEGER, is_default INTEGER NOT NULL,
                  is_protected INTEGER NOT NULL, first_root INTEGER NOT NULL, backup INTEGER NOT NULL,
                  deletion_blocked INTEGER NOT NULL, init_source TEXT NOT NULL, current_state TEXT NOT NULL,
                  pending_state TEXT, state_changed_at INTEGER NOT NULL, creation_source TEXT NOT NULL,
                  created_by TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, expires_at INTEGER,
                  ttl_interval_seconds INTEGER, last_reset_at INTEGER)""",
                """
                CREATE TABLE endpoint (id TEXT PRIMARY KEY, branch_id TEXT NOT NULL, type TEXT NOT NULL,
                  current_state TEXT NOT NULL, pending_state TEXT, min_cu REAL NOT NULL, max_cu REAL NOT NULL,
                  suspend_timeout_seconds INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
                  last_active INTEGER, started_at INTEGER, suspended_at INTEGER)""",
                """
                CREATE TABLE operation (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                  branch_id TEXT, endpoint_id TEXT, action TEXT NOT NULL, status TEXT NOT NULL,
                  failures_count INTEGER NOT NULL, error TEXT, created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL, total_duration_ms INTEGER NOT NULL)""",
                """
                CREATE TABLE catalog (kind TEXT NOT NULL, name TEXT NOT NULL, lsn INTEGER NOT NULL,
                  timeline_id INTEGER NOT NULL, body TEXT, PRIMARY KEY (kind, name, lsn)) WITHOUT ROWID""",
                "CREATE INDEX catalog_by_timeline ON catalog (timeline_id)",
                """
                CREATE TABLE row_version (table_id INTEGER NOT NULL, pk TEXT NOT NULL, lsn INTEGER NOT NULL,
                  timeline_id INTEGER NOT NULL, body TEXT, PRIMARY KEY (table_id, pk, lsn)) WITHOUT ROWID""",
                "CREATE INDEX row_version_by_timeline ON row_version (timeline_id, table_id)"
            ),
            // 2: a timeline remembers when the commit at its branch point was made, so opening a project does not
            // look it up once per timeline (a 10,000-branch project opened 1.5 s slower without it)
            List.of("ALTER TABLE timeline ADD COLUMN branch_point_at INTEGER"),
            // 3: real Postgres (DataPlane): the Postgres timelines that carry each engine timeline, and each
            // endpoint's port, which never changes; the time each endpoint's compute was active in the current billing
            // period (a calendar month, UTC) and the month it was counted in
            List.of("""
                    CREATE TABLE pg_segment (timeline_id INTEGER NOT NULL, tli INTEGER NOT NULL, start_lsn INTEGER NOT NULL,
                      end_lsn INTEGER, end_at INTEGER, size INTEGER NOT NULL, PRIMARY KEY (timeline_id, tli))""",
                    "ALTER TABLE endpoint ADD COLUMN port INTEGER",
                    "ALTER TABLE endpoint ADD COLUMN active_time_ms INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE endpoint ADD COLUMN active_period_start INTEGER"));

    static int currentVersion() {
        return MIGRATIONS.size();
    }

    static void migrate(Connection c) throws SQLException {
        int version = version(c);
        if (version > currentVersion()) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "DATA_DIR_TOO_NEW", "This data directory was written by a "
                    + "newer Arbor (schema version " + version + "; this Arbor knows up to " + currentVersion()
                    + "). Upgrade Arbor to open it.");
        }
        if (version == currentVersion()) {
            return;
        }
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (int v = version; v < currentVersion(); v++) {
                for (String sql : MIGRATIONS.get(v)) {
                    st.execute(sql);
                }
            }
            st.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '" + currentVersion()
                    + "') ON CONFLICT (key) DO UPDATE SET value = excluded.value");
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    static int version(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'")) {
            if (!rs.next()) {
                return 0;
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key='schema_version'")) {
            return rs.next() ? Integer.parseInt(rs.getString(1)) : 0;
        }
    }
}
