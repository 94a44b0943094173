package dev.arbor.pg;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;

/**
 * A new cluster for a {@link PostgresServer}: {@code initdb} with SCRAM authentication, UTF-8 and the C locale,
 * the superuser's password read from a private file deleted straight after, and Arbor's settings appended to
 * {@code postgresql.conf}.
 */
final class ClusterInit {
    private ClusterInit() {
    }

    /** Runs initdb into a temporary sibling and renames it into place, so a half-made cluster is never used. */
    static void create(PgBinaries binaries, PgAccount account, Path dir, Path archive, String superuserPassword)
            throws IOException {
        Path tmp = dir.resolve("data.initdb");
        PgBinaries.deleteTree(tmp);
        Files.createDirectory(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        }
        account.hand(tmp);
        account.checkCanWrite(tmp, "data directory");
        Path pwfile = dir.resolve(".initdb-pw-" + UUID.randomUUID());
        PgAccount.Result r;
        try {
            PgCredentials.createPrivateFile(pwfile);
            Files.writeString(pwfile, superuserPassword + "\n", StandardCharsets.UTF_8);
            account.hand(pwfile);
            r = PgAccount.run(account.command(List.of(binaries.tool("initdb").toString(), "-D", tmp.toString(),
                    "-U", PostgresServer.SUPERUSER, "--pwfile=" + pwfile, "--auth=scram-sha-256", "--encoding=UTF8",
                    "--no-locale", "--no-instructions", "--wal-segsize=" + WalSegments.SIZE / (1024 * 1024))));
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Files.writeString(dir.resolve("initdb.log"), r.output(), StandardCharsets.UTF_8);
        if (r.exitCode() != 0) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_INITDB_FAILED",
                    "initdb could not create a Postgres cluster in " + tmp + "; its output is in "
                            + dir.resolve("initdb.log") + ".", r.output(), null);
        }
        Files.writeString(tmp.resolve("postgresql.conf"), settings(archive), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try {
            Files.move(tmp, dir.resolve("data"), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve("data"));
        }
    }

    /**
     * What Arbor adds to {@code postgresql.conf}. {@code basic_archive} (shipped with Postgres) keeps the archive
     * contract: it copies through a temporary file, fsyncs, renames, and fails rather than overwrite a different
     * file of the same name (an identical one counts as archived).
     */
    static String settings(Path archiveDir) {
        String archivePath = archiveDir.toString().replace('\\', '/').replace("'", "''");
        return """

                # Arbor (dev.arbor.pg.ClusterInit)
                listen_addresses = '127.0.0.1'
                unix_socket_directories = ''
                max_connections = 40
                shared_buffers = 32MB
                password_encryption = 'scram-sha-256'
                wal_level = replica
                track_commit_timestamp = on
                archive_mode = on
                archive_library = 'basic_archive'
                basic_archive.archive_directory = '%s'
                logging_collector = off
                log_destination = 'stderr'
                """.formatted(archivePath);
    }
}
