package dev.arbor.pg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * What the pg tests share: the binaries in the default cache (unpacked once for every test and run), the account
 * Postgres runs as (nobody when the tests run as root), and scratch directories that account can reach (JUnit's
 * temporary directories are private to the JVM's user, which an account switched to cannot enter).
 */
final class PgTestSupport {
    private PgTestSupport() {
    }

    static PgBinaries binaries() {
        return PgBinaries.install();
    }

    static PgAccount account() {
        return PgAccount.forThisProcess();
    }

    /** A new directory under the system's temporary directory that every account can search. */
    static Path scratch(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    static void delete(Path dir) throws IOException {
        if (dir != null) {
            PgBinaries.deleteTree(dir);
        }
    }

    /** Stops {@code servers} (null ones skipped), then deletes {@code root}: a class's last step. */
    static void stopAndDelete(Path root, Iterable<PostgresServer> servers, PostgresServer... more) throws IOException {
        for (PostgresServer s : servers) {
            s.stop();
        }
        for (PostgresServer s : more) {
            if (s != null) {
                s.stop();
            }
        }
        delete(root);
    }

    /**
     * The pids of the postmasters serving {@code dataDir} (to show that nothing is left behind). A child the
     * postmaster has just forked still shows the postmaster's arguments until it renames itself, so a match whose
     * parent matches too is a child, not a second postmaster.
     */
    static List<Long> postgresOn(Path dataDir) {
        String data = dataDir.toString();
        List<Long> matches = ProcessHandle.allProcesses()
                .filter(h -> h.info().command().map(c -> c.endsWith("/postgres") || c.endsWith("\\postgres.exe"))
                        .orElse(false))
                .filter(h -> h.info().arguments().map(a -> List.of(a).contains(data)).orElse(false))
                .map(ProcessHandle::pid).toList();
        return matches.stream()
                .filter(pid -> ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
                        .map(parent -> !matches.contains(parent.pid())).orElse(true))
                .toList();
    }
}
