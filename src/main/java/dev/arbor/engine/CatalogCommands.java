package dev.arbor.engine;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Database;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Role;
import dev.arbor.domain.UnicodeText;
import dev.arbor.pg.PgStorage;
import dev.arbor.pg.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Databases and roles of a branch on real Postgres, made and dropped as Neon's API does it: in SQL, on the branch's
 * read-write compute (woken first). A role made here gets a generated password Arbor keeps for {@code reveal_password};
 * Postgres's own refusals (a name taken, a role that still owns a database) become sentences.
 */
final class CatalogCommands {
    /** Names Postgres and Arbor keep for themselves. */
    private static final java.util.Set<String> RESERVED_ROLES = java.util.Set.of(PostgresServer.SUPERUSER,
            "neon_superuser", "postgres", "public");

    /** Where the commands run: the branch's compute, woken, with the storage its passwords live in. */
    interface Computes {
        PostgresServer wake(String branchIdOrName);

        PgStorage storageOf(String branchIdOrName);

        String branchId(String branchIdOrName);
    }

    private final Computes computes;
    private final EngineClock clock;

    CatalogCommands(Computes computes, EngineClock clock) {
        this.computes = computes;
        this.clock = clock;
    }

    Database createDatabase(String branch, String name, String owner) {
        checkName("database", name);
        checkName("role", owner);
        return onCompute(branch, c -> {
            if (!exists(c, "select 1 from pg_roles where rolname = ?", owner)) {
                throw ArborException.notFound("role", owner);
            }
            if (exists(c, "select 1 from pg_database where datname = ?", name)) {
                throw ArborException.conflict("DATABASE_EXISTS", "Branch already has a database named \"" + name + "\".");
            }
            execute(c, "create database " + quote(name) + " owner " + quote(owner));
            try (PreparedStatement ps = c.prepareStatement("select oid from pg_database where datname = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    Instant now = clock.now();
                    return new Database(rs.getLong(1), computes.branchId(branch), name, owner, now, now);
                }
            }
        });
    }

    void deleteDatabase(String branch, String name) {
        checkName("database", name);
        onCompute(branch, c -> {
            if (!exists(c, "select 1 from pg_database where datname = ?", name)) {
                throw ArborException.notFound("database", name);
            }
            // its sessions are ended first, as Neon's console does (Postgres refuses to drop a database in use)
            execute(c, "drop database " + quote(name) + " with (force)");
            return null;
        });
    }

    /** Makes a role that can log in (unless {@code noLogin}) and answers it with its generated password. */
    RoleWithPassword createRole(String branch, String name, boolean noLogin) {
        checkName("role", name);
        if (RESERVED_ROLES.contains(name) || name.startsWith("pg_")) {
            throw ArborException.invalid("ROLE_NAME_RESERVED", "\"" + name + "\" is a role name Postgres or Arbor keeps "
                    + "for itself; choose another.");
        }
        PgStorage storage = computes.storageOf(branch);
        return onCompute(branch, c -> {
            if (exists(c, "select 1 from pg_roles where rolname = ?", name)) {
                throw ArborException.conflict("ROLE_EXISTS", "Branch already has a role named \"" + name + "\".");
            }
            execute(c, "create role " + quote(name) + (noLogin ? " nologin" : " login") + " in role neon_superuser");
            String password = noLogin ? null : storage.renewPassword(c, name);
            Instant now = clock.now();
            return new RoleWithPassword(new Role(computes.branchId(branch), name, false, now, now), password);
        });
    }

    /** A role and, when it can log in, its password (never logged; {@link #toString()} leaves it out). */
    record RoleWithPassword(Role role, String password) {
        @Override
        public String toString() {
            return "RoleWithPassword[" + role.name() + ", password hidden]";
        }
    }

    void deleteRole(String branch, String name) {
        checkName("role", name);
        if (PostgresServer.OWNER.equals(name) || RESERVED_ROLES.contains(name)) {
            throw ArborException.rule("ROLE_PROTECTED", "Role \"" + name + "\" is protected: Arbor and Neon's tools "
                    + "connect as it.");
        }
        onCompute(branch, c -> {
            if (!exists(c, "select 1 from pg_roles where rolname = ?", name)) {
                throw ArborException.notFound("role", name);
            }
            try {
                execute(c, "drop role " + quote(name));
            } catch (SQLException e) {
                if ("2BP01".equals(e.getSQLState())) {
                    throw ArborException.conflict("ROLE_OWNS_OBJECTS", "Role \"" + name + "\" still owns databases or "
                            + "other objects; give them another owner or drop them first (" + e.getMessage() + ").");
                }
                throw e;
            }
            return null;
        });
    }

    String resetPassword(String branch, String name) {
        checkName("role", name);
        if (RESERVED_ROLES.contains(name) || PostgresServer.OWNER.equals(name)) {
            throw ArborException.rule("ROLE_PROTECTED", "The password of \"" + name + "\" is managed by Arbor and cannot "
                    + "be reset.");
        }
        PgStorage storage = computes.storageOf(branch);
        return onCompute(branch, c -> {
            if (!exists(c, "select 1 from pg_roles where rolname = ? and rolcanlogin", name)) {
                throw ArborException.notFound("role", name);
            }
            return storage.renewPassword(c, name);
        });
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T onCompute(String branch, Work<T> work) {
        PostgresServer server = computes.wake(branch);
        try (Connection c = server.connectAsSuperuser("postgres")) {
            return work.run(c);
        } catch (SQLException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_REFUSED", "Postgres refused the change: "
                    + e.getMessage(), null, e);
        }
    }

    /**
     * Postgres's names: 1 to 63 bytes, no NUL; and valid Unicode, since an unpaired surrogate would reach Postgres as a
     * question mark, another name.
     */
    private static void checkName(String what, String name) {
        UnicodeText.requireWellFormed("this " + what + " name", name);
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0
                || name.getBytes(StandardCharsets.UTF_8).length > 63) {
            throw ArborException.invalid("INVALID_NAME", "A " + what + " name is 1 to 63 bytes long (UTF-8) and has no "
                    + "NUL character; \"" + (name == null ? "" : name.replace("\0", "\\0")) + "\" is not one.");
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
