package dev.arbor.pg;

import dev.arbor.domain.Database;
import dev.arbor.domain.Role;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

/**
 * The databases and roles of one server, as Neon lists them for a branch: user databases (not the templates, not the
 * maintenance database {@code postgres}) and the roles a client logs in as, or Neon's {@code neondb_owner} in any
 * case; not the bootstrap superuser Arbor keeps for itself, nor Postgres's predefined {@code pg_*} roles.
 * Postgres records no creation time for either, so they carry the time the caller gives (the branch's).
 */
final class PgServerCatalog {
    private PgServerCatalog() {
    }

    static List<Database> databases(Connection c, String branchId, Instant since) {
        return PgSnapshot.read(c, "list the databases", conn -> PgSnapshot.list(conn, """
                select oid, datname, pg_catalog.pg_get_userbyid(datdba)
                from pg_catalog.pg_database
                where not datistemplate and datname <> 'postgres'
                order by datname collate "C"
                """, List.of(), rs -> new Database(rs.getLong(1), branchId, rs.getString(2), rs.getString(3), since, since)));
    }

    static List<Role> roles(Connection c, String branchId, Instant since) {
        return PgSnapshot.read(c, "list the roles", conn -> PgSnapshot.list(conn, """
                select rolname
                from pg_catalog.pg_roles
                where (rolcanlogin or rolname = ?) and rolname <> ? and rolname !~ '^pg_'
                order by rolname collate "C"
                """, List.of(PostgresServer.OWNER, PostgresServer.SUPERUSER),
                rs -> new Role(branchId, rs.getString(1), false, since, since)));
    }
}
