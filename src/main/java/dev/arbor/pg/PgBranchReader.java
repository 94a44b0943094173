package dev.arbor.pg;

import dev.arbor.domain.Database;
import dev.arbor.domain.Role;
import dev.arbor.domain.RowPage;
import dev.arbor.domain.TableInfo;
import dev.arbor.domain.TableName;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Reads one real Postgres database the way the console reads a branch: the answers to {@code BranchBackend}'s
 * {@code listTables}, {@code readRows} and {@code schemaSql}, from a connection to the branch's compute (its head) or
 * to a paused Time Travel server (a point; a hot standby, so every read here is read-only). The connection stays the
 * caller's: each call runs in a read-only transaction of its own and leaves the connection as it found it.
 * <p>
 * Tables are named as {@link TableName} writes them ({@code orders}, {@code sales.orders}); a table without a
 * primary key has an empty one, and pages it in physical order. Values come in the domain's normal forms; any other
 * type as its text, cut to {@value PgTables#CELL_CHARS} characters ({@code bytea}: {@value PgTables#CELL_BYTES} bytes).
 */
public final class PgBranchReader {
    private final Connection connection;
    private final String database;

    /** {@code database} is the name the domain's records carry: the database the connection is to. */
    public PgBranchReader(Connection connection, String database) {
        this.connection = Objects.requireNonNull(connection);
        this.database = Objects.requireNonNull(database);
    }

    /** Every user table with its columns, primary key, exact row count and size on disk, by schema and name. */
    public List<TableInfo> listTables() {
        return PgTables.list(connection, database);
    }

    /** A page of a table's rows in primary-key order, with the table's row count in the same snapshot. */
    public RowPage readRows(String table, long offset, int limit) {
        return PgTables.page(connection, database, table, offset, limit);
    }

    /** The database's schema as SQL that diffs line by line and re-creates it in an empty database. */
    public String schemaSql() {
        return PgSchemaSql.of(connection);
    }

    /** The user databases of the server the connection is to; {@code since} is their creation time to show. */
    public static List<Database> listDatabases(Connection connection, String branchId, Instant since) {
        return PgServerCatalog.databases(connection, branchId, since);
    }

    /** The roles a client of the server logs in as; {@code since} is their creation time to show. */
    public static List<Role> listRoles(Connection connection, String branchId, Instant since) {
        return PgServerCatalog.roles(connection, branchId, since);
    }
}
