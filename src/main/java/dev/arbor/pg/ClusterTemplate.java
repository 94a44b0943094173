package dev.arbor.pg;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@code initdb}'d cluster per Postgres release, kept beside the binaries in their cache, that every new cluster
 * is copied from: {@code initdb} and the first run that makes Neon's shape cost seconds, a copy a fraction of one.
 * The template already has Neon's shape ({@code neon_superuser}, {@code neondb_owner} owning {@code neondb}) but
 * no secret: its roles have no password, so nothing can log in to it or to a copy until the copy's own passwords
 * are set, which {@link #setPasswords} does in single-user mode (no listener, so no client can connect before).
 */
final class ClusterTemplate {
    static final String MARKER = "template.properties";
    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;

    private ClusterTemplate(Path dir) {
        this.dir = dir;
    }

    /** The template for these binaries, made (once per release and cache, under a lock) when missing. */
    static ClusterTemplate of(PgBinaries binaries, PgAccount account) {
        Path home = binaries.home();
        Path target = home.resolveSibling(home.getFileName() + "-template");
        if (Files.isRegularFile(target.resolve(MARKER))) {
            return new ClusterTemplate(target);
        }
        synchronized (JVM_LOCKS.computeIfAbsent(target, t -> new Object())) {
            Path lockFile = target.resolveSibling("." + target.getFileName() + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                if (!Files.isRegularFile(target.resolve(MARKER))) {
                    make(binaries, account, target);
                }
            } catch (IOException e) {
                throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_TEMPLATE_FAILED",
                        "Arbor could not make its Postgres cluster template in " + target + " (" + IoText.of(e)
                                + "); make that directory writable with room to spare, or point " + PgCacheDir.ENV
                                + " at another directory.", null, e);
            }
            return new ClusterTemplate(target);
        }
    }

    private static void make(PgBinaries binaries, PgAccount account, Path target) throws IOException {
        Path parent = target.getParent();
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().startsWith("." + target.getFileName() + ".tmp-")) {
                    PgBinaries.deleteTree(p); // an earlier making that died part way (the lock is held)
                }
            }
        }
        Path tmp = parent.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectory(tmp);
        try {
            if (posix()) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
            }
            Path data = privateDataDirectory(account, tmp.resolve("data"));
            // initdb wants a password to set up SCRAM; this one is thrown away below, and never written down
            Path pwfile = tmp.resolve(".initdb-pw-" + UUID.randomUUID());
            PgAccount.Result r;
            try {
                PgCredentials.createPrivateFile(pwfile);
                Files.writeString(pwfile, PgCredentials.generatePassword() + "\n", StandardCharsets.UTF_8);
                account.hand(pwfile);
                r = PgAccount.run(account.command(List.of(binaries.tool("initdb").toString(), "-D", data.toString(),
                        "-U", PostgresServer.SUPERUSER, "--pwfile=" + pwfile, "--auth=scram-sha-256",
                        "--encoding=UTF8", "--no-locale", "--no-instructions",
                        "--wal-segsize=" + WalSegments.SIZE / (1024 * 1024))));
            } finally {
                Files.deleteIfExists(pwfile);
            }
            Files.writeString(tmp.resolve("initdb.log"), r.output(), StandardCharsets.UTF_8);
            if (r.exitCode() != 0) {
                throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_INITDB_FAILED",
                        "initdb could not create a Postgres cluster in " + data + "; its output is in "
                                + target.resolve("initdb.log") + ".", r.output(), null);
            }
            single(binaries, account, data, tmp.resolve("initdb.log"), List.of(
                    "alter role " + PostgresServer.SUPERUSER + " password null",
                    "create role neon_superuser createdb createrole nologin replication bypassrls",
                    "create role " + PostgresServer.OWNER + " login createdb createrole in role neon_superuser",
                    "create database " + PostgresServer.DATABASE + " owner " + PostgresServer.OWNER,
                    // the row version with initdb's (thrown away) verifier goes too
                    "vacuum full pg_authid"));
            Files.writeString(tmp.resolve(MARKER), "# an initdb'd cluster every new Arbor cluster is copied from; "
                    + "it holds no password\npostgres.version=" + PgDistribution.VERSION + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            tmp = null;
        } finally {
            if (tmp != null) {
                PgBinaries.deleteTree(tmp);
            }
        }
    }

    /**
     * Copies the template's data directory to {@code data} (which must not exist), owned by {@code account} and
     * private to it, with Arbor's settings for {@code archive} appended to {@code postgresql.conf}.
     */
    void copyTo(PgAccount account, Path data, Path archive) throws IOException {
        BaseBackups.copyTree(dir.resolve("data"), data, (relative, directory) -> false);
        if (posix()) {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        }
        if (account.switches()) {
            // the copy keeps the template's owner, which is whichever account made it
            try (Stream<Path> all = Files.walk(data)) {
                for (Path p : all.toList()) {
                    account.hand(p);
                }
            }
        }
        Files.writeString(data.resolve("postgresql.conf"), ClusterInit.settings(archive), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    /**
     * Sets the superuser's and the owner's passwords of a copy in single-user mode, as SCRAM verifiers computed
     * here: the passwords themselves never reach Postgres, and a failing statement is not logged with its text.
     */
    static void setPasswords(PgBinaries binaries, PgAccount account, Path data, Path log, String superuserPassword,
                             String ownerPassword) throws IOException {
        single(binaries, account, data, log, List.of(
                "alter role " + PostgresServer.SUPERUSER + " password '" + verifier(superuserPassword) + "'",
                "alter role " + PostgresServer.OWNER + " password '" + verifier(ownerPassword) + "'"));
    }

    private static String verifier(String password) {
        return org.postgresql.util.PasswordUtil.encodeScramSha256(password.toCharArray());
    }

    /** Runs {@code statements} in a single-user Postgres on {@code data}, appending its output to {@code log}. */
    private static void single(PgBinaries binaries, PgAccount account, Path data, Path log, List<String> statements)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binaries.tool("postgres").toString(), "--single",
                "-D", data.toString(), "-c", "exit_on_error=on", "-c", "log_min_error_statement=panic",
                "-c", "archive_mode=off", "postgres"));
        Process p = new ProcessBuilder(account.command(cmd)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try (OutputStream in = p.getOutputStream()) {
            for (String statement : statements) {
                in.write((statement + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_SINGLE_USER_FAILED", "Postgres in "
                        + "single-user mode did not finish within two minutes on " + data + "; its output is in "
                        + log + ".");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ArborException(ErrorCode.UNAVAILABLE, "INTERRUPTED", "Interrupted while Postgres prepared "
                    + data + ".", null, e);
        }
        if (p.exitValue() != 0) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_SINGLE_USER_FAILED", "Postgres in single-user "
                    + "mode could not prepare the cluster in " + data + " (exit " + p.exitValue() + "); its output "
                    + "is in " + log + ".");
        }
    }

    private static Path privateDataDirectory(PgAccount account, Path data) throws IOException {
        Files.createDirectory(data);
        if (posix()) {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        }
        account.hand(data);
        account.checkCanWrite(data, "data directory");
        return data;
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
