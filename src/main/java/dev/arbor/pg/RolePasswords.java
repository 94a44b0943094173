package dev.arbor.pg;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.PGConnection;

/**
 * The passwords of the roles made through Arbor ({@code POST …/roles}, {@code reset_password}) in one storage: a
 * properties file only Arbor's account can read (0600), so {@code reveal_password} can answer as Neon's does. A
 * role's password is set with a SCRAM verifier computed by pgjdbc, so the password never reaches Postgres or its log.
 * A role copied onto a branch keeps its password there, as every branch's data does.
 */
final class RolePasswords {
    private static final String FILE_NAME = "role-passwords.properties";
    private final Path file;

    RolePasswords(Path storageRoot) {
        this.file = storageRoot.resolve(FILE_NAME);
    }

    synchronized String get(String role) throws IOException {
        return load().getProperty(role);
    }

    /** Sets a new generated password for {@code role} on the server {@code c} is connected to, and keeps it. */
    synchronized String renew(Connection c, String role) throws IOException, SQLException {
        String password = PgCredentials.generatePassword();
        c.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
        Properties p = load();
        p.setProperty(role, password);
        save(p);
        return password;
    }

    private Properties load() throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }

    private void save(Properties p) throws IOException {
        PgCredentials.writePrivate(file, p, "Passwords of roles made through Arbor; keep this file private");
    }
}
