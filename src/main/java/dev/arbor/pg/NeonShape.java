package dev.arbor.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * Neon's default shape of a new project's database, made where missing: the group {@code neon_superuser}
 * (CREATEDB, CREATEROLE, REPLICATION, BYPASSRLS; no login), the role {@code neondb_owner} (LOGIN, a member of it,
 * SCRAM password) and the database {@code neondb} it owns. Each step checks first, so a start interrupted part
 * way finishes the job the next time.
 */
final class NeonShape {
    static final String OWNER = PostgresServer.OWNER;
    static final String DATABASE = PostgresServer.DATABASE;

    private NeonShape() {
    }

    static void ensure(Connection c, String ownerPassword) throws SQLException {
        if (!exists(c, "select 1 from pg_roles where rolname = ?", "neon_superuser")) {
            try (Statement s = c.createStatement()) {
                s.execute("create role neon_superuser createdb createrole nologin replication bypassrls");
            }
        }
        if (!exists(c, "select 1 from pg_roles where rolname = ?", OWNER)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("create role " + OWNER + " login createdb createrole in role neon_superuser");
            }
            // the SCRAM verifier is computed here, so the password itself never reaches the server or its log
            c.unwrap(PGConnection.class).alterUserPassword(OWNER, ownerPassword.toCharArray(),
                    "scram-sha-256");
            c.commit();
            c.setAutoCommit(true);
        }
        if (!exists(c, "select 1 from pg_database where datname = ?", DATABASE)) {
            try (Statement s = c.createStatement()) {
                s.execute("create database " + DATABASE + " owner " + OWNER);
            }
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
