package dev.arbor.pg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A new cluster for a {@link PostgresServer}: a copy of the release's {@link ClusterTemplate} (made once with
 * {@code initdb}: SCRAM authentication, UTF-8, the C locale, Neon's roles and database), with Arbor's settings
 * appended to {@code postgresql.conf} and this cluster's own passwords set before it first listens.
 */
final class ClusterInit {
    private ClusterInit() {
    }

    /** Copies the template into a temporary sibling and renames it into place, so a half-made cluster is never used. */
    static void create(PgBinaries binaries, PgAccount account, Path dir, Path archive, PgCredentials credentials)
            throws IOException {
        ClusterTemplate template = ClusterTemplate.of(binaries, account);
        Path tmp = dir.resolve("data.initdb");
        PgBinaries.deleteTree(tmp);
        Path log = dir.resolve("initdb.log");
        Files.writeString(log, "A copy of the cluster template of Postgres " + PgDistribution.VERSION + "\n",
                StandardCharsets.UTF_8);
        template.copyTo(account, tmp, archive);
        account.checkCanWrite(tmp, "data directory");
        ClusterTemplate.setPasswords(binaries, account, tmp, log, credentials.superuserPassword(),
                credentials.ownerPassword());
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
