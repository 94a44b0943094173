package dev.arbor.pg;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Properties;
import java.util.UUID;

/**
 * The generated passwords of a server: its superuser's and {@code neondb_owner}'s. They live in a file readable
 * only by this JVM's account (mode 0600), so a restarted Arbor can connect again and reveal them; nothing logs
 * them, and {@link #toString()} does not show them.
 */
final class PgCredentials {
    static final String FILE_NAME = "credentials.properties";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final String superuserPassword;
    private final String ownerPassword;

    private PgCredentials(String superuserPassword, String ownerPassword) {
        this.superuserPassword = superuserPassword;
        this.ownerPassword = ownerPassword;
    }

    /** A password in Neon's style: {@code npg_} and 16 random letters and digits (about 95 bits). */
    static String generatePassword() {
        StringBuilder sb = new StringBuilder("npg_");
        for (int i = 0; i < 16; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** The server directory's credentials, generated and saved on first use. */
    static PgCredentials loadOrCreate(Path serverDir) throws IOException {
        Path file = serverDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            String su = p.getProperty("superuser.password");
            String owner = p.getProperty("owner.password");
            if (su != null && owner != null) {
                return new PgCredentials(su, owner);
            }
        }
        PgCredentials c = new PgCredentials(generatePassword(), generatePassword());
        Properties p = new Properties();
        p.setProperty("superuser.password", c.superuserPassword);
        p.setProperty("owner.password", c.ownerPassword);
        writePrivate(file, p, "Generated Postgres passwords; keep this file private");
        return c;
    }

    /**
     * Replaces {@code file} with {@code p}, written to a private (0600) sibling first and moved into place, so the
     * file is never readable by others nor ever half-written.
     */
    static void writePrivate(Path file, Properties p, String comment) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID());
        try {
            createPrivateFile(tmp);
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, comment);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates an empty file only this account can read (0600 from the start, never readable by others). */
    static void createPrivateFile(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            Files.createFile(file, mode);
        } else {
            Files.createFile(file);
        }
    }

    String superuserPassword() {
        return superuserPassword;
    }

    String ownerPassword() {
        return ownerPassword;
    }

    @Override
    public String toString() {
        return "PgCredentials[passwords hidden]";
    }
}
