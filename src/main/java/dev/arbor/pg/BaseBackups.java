package dev.arbor.pg;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Lsn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The base backups of one project, in {@code basebackups/<tli>-<start lsn as 16 hex digits>/} under its storage:
 * {@code data/} (the copied data directory), {@code backup.properties} (timeline, start and stop LSN, stop time) and
 * a copy of the server's {@code credentials.properties}, since the roles in the copy have those passwords. A backup
 * is written into a temporary sibling and renamed into place, so a half-made one is never listed.
 *
 * <p>The binaries have no {@code pg_basebackup}, so a running server is backed up with the low-level API:
 * {@code pg_backup_start} and {@code pg_backup_stop} in one session around a file copy, then the
 * {@code backup_label} Postgres returns is written into the copy. A server that is shut down cleanly is copied as
 * it is, WAL included (its shutdown checkpoint lies in a segment not yet archived).
 */
public final class BaseBackups {
    static final String PROPERTIES = "backup.properties";
    /** pg_control's layout version in Postgres 17; the offsets {@link #readControl} uses belong to it. */
    private static final int PG_CONTROL_VERSION = 1700;
    private static final int DB_SHUTDOWNED = 1;

    /** What an online copy leaves out (their contents; the directories themselves are kept), per the Postgres docs. */
    private static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");
    private static final Set<String> SKIPPED_FILES = Set.of(Postmaster.PID_FILE, "postmaster.opts",
            "backup_label", "backup_label.old", "tablespace_map", "tablespace_map.old", "recovery.signal",
            "standby.signal");

    private final Path root;
    /** Told when a backup is published or removed. */
    private volatile Runnable onChange = () -> { };

    BaseBackups(Path root) {
        this.root = root;
    }

    void onChange(Runnable listener) {
        onChange = listener;
    }

    public Path directory() {
        return root;
    }

    /**
     * Backs up a running server with {@code pg_backup_start(label, fast => true)} / {@code pg_backup_stop()}; returns
     * once every WAL segment the backup needs is in the archive.
     */
    public BaseBackup takeOnline(PostgresServer server) {
        if (!server.running()) {
            throw ArborException.conflict("POSTGRES_NOT_RUNNING", "The Postgres server in " + server.directory()
                    + " is not running, so it cannot be backed up online; back up its shut-down data directory "
                    + "instead.");
        }
        Path tmp = null;
        try (Connection c = server.connectAsSuperuser("postgres"); Statement s = c.createStatement()) {
            Lsn start;
            try (ResultSet rs = s.executeQuery("select pg_backup_start('arbor', true)::text")) {
                rs.next();
                start = Lsn.parse(rs.getString(1));
            }
            String label;
            String tablespaceMap;
            Lsn stop;
            Instant stoppedAt;
            try {
                tmp = Files.createTempDirectory(prepareRoot(), ".incoming-");
                copyTree(server.dataDirectory(), tmp.resolve("data"), BaseBackups::leftOutOnline);
            } finally {
                // pg_backup_stop ends the backup even when the copy failed, so the server is not left in backup mode
                try (ResultSet rs = s.executeQuery(
                        "select lsn::text, labelfile, spcmapfile, clock_timestamp() from pg_backup_stop(true)")) {
                    rs.next();
                    stop = Lsn.parse(rs.getString(1));
                    label = rs.getString(2);
                    tablespaceMap = rs.getString(3);
                    stoppedAt = rs.getTimestamp(4).toInstant();
                }
            }
            Files.writeString(tmp.resolve("data").resolve("backup_label"), label, StandardCharsets.UTF_8);
            if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
                Files.writeString(tmp.resolve("data").resolve("tablespace_map"), tablespaceMap, StandardCharsets.UTF_8);
            }
            int tli = Integer.parseInt(label.lines().filter(l -> l.startsWith("START TIMELINE:"))
                    .findFirst().orElseThrow().substring("START TIMELINE:".length()).strip());
            server.leaveZerosOut(tli, stop.plus(1)); // pg_backup_stop completed the segment of its record with a switch
            BaseBackup made = publish(tmp, server, new BaseBackup(tli, start, stop, stoppedAt, true, null));
            tmp = null;
            return made;
        } catch (SQLException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "BASE_BACKUP_FAILED", "Postgres refused a base backup of "
                    + server.directory() + " (" + e.getMessage() + ").", null, e);
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new ArborException(ErrorCode.UNAVAILABLE, "BASE_BACKUP_FAILED", "Arbor could not copy "
                    + server.dataDirectory() + " into " + root + " (" + IoText.of(io) + ").", null, io);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Copies the data directory of a server that is shut down cleanly (the first backup after {@code initdb}, or
     * one of a stopped compute). Its start and stop LSN are the shutdown checkpoint's, read from {@code pg_control}.
     */
    public BaseBackup copyShutDown(PostgresServer server) {
        if (server.running() || Postmaster.find(server.dataDirectory()) != null) {
            throw ArborException.conflict("POSTGRES_RUNNING", "The Postgres server in " + server.directory()
                    + " is running, so a plain copy of it would not be consistent; stop it first, or take an online "
                    + "base backup.");
        }
        Path tmp = null;
        try {
            Control control = readControl(server.dataDirectory());
            if (control.state != DB_SHUTDOWNED) {
                throw ArborException.conflict("POSTGRES_NOT_SHUT_DOWN", "The Postgres server in " + server.directory()
                        + " was not shut down cleanly, so a plain copy of it would not be consistent; start it and "
                        + "stop it again first.");
            }
            tmp = Files.createTempDirectory(prepareRoot(), ".incoming-");
            copyTree(server.dataDirectory(), tmp.resolve("data"), BaseBackups::leftOutShutDown);
            BaseBackup made = publish(tmp, server,
                    new BaseBackup(control.tli, control.checkpoint, control.checkpoint, Instant.now(), false, null));
            tmp = null;
            return made;
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new ArborException(ErrorCode.UNAVAILABLE, "BASE_BACKUP_FAILED", "Arbor could not copy "
                    + server.dataDirectory() + " into " + root + " (" + IoText.of(io) + ").", null, io);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Every base backup, oldest stop LSN first. */
    public List<BaseBackup> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<BaseBackup> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                Path props = dir.resolve(PROPERTIES);
                if (dir.getFileName().toString().startsWith(".") || !Files.isRegularFile(props)) {
                    continue;
                }
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(props)) {
                    p.load(in);
                }
                found.add(new BaseBackup(Integer.parseInt(p.getProperty("timeline")),
                        Lsn.parse(p.getProperty("start_lsn")), Lsn.parse(p.getProperty("stop_lsn")),
                        Instant.parse(p.getProperty("stopped_at")), Boolean.parseBoolean(p.getProperty("online")),
                        dir));
            }
        } catch (IOException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "BASE_BACKUPS_UNREADABLE",
                    "Arbor could not read the base backups in " + root + " (" + IoText.of(e) + ").", null, e);
        }
        found.sort(Comparator.comparing(BaseBackup::stopLsn));
        return found;
    }

    private Path prepareRoot() throws IOException {
        Files.createDirectories(root);
        return root;
    }

    private BaseBackup publish(Path tmp, PostgresServer server, BaseBackup b) throws IOException {
        Path credentials = server.directory().resolve(PgCredentials.FILE_NAME);
        copyPrivate(credentials, tmp.resolve(PgCredentials.FILE_NAME));
        Properties p = new Properties();
        p.setProperty("timeline", Integer.toString(b.timeline()));
        p.setProperty("start_lsn", b.startLsn().toString());
        p.setProperty("stop_lsn", b.stopLsn().toString());
        p.setProperty("stopped_at", b.stoppedAt().toString());
        p.setProperty("online", Boolean.toString(b.online()));
        try (OutputStream out = Files.newOutputStream(tmp.resolve(PROPERTIES))) {
            p.store(out, "Arbor base backup");
        }
        Path target = root.resolve(b.timeline() + "-" + WalSegments.hex(b.startLsn()));
        if (Files.exists(target)) {
            // a second backup at the same start LSN (nothing written since): the one already there serves
            return readBack(target, b);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        }
        onChange.run();
        return readBack(target, b);
    }

    private static BaseBackup readBack(Path dir, BaseBackup b) {
        return new BaseBackup(b.timeline(), b.startLsn(), b.stopLsn(), b.stoppedAt(), b.online(), dir);
    }

    private static boolean leftOutOnline(Path relative, boolean directory) {
        String name = relative.getFileName().toString();
        if (relative.getNameCount() >= 2 && EMPTIED.contains(relative.getName(0).toString())) {
            return true;
        }
        if (name.startsWith("pgsql_tmp")) {
            return true;
        }
        return !directory && relative.getNameCount() == 1 && SKIPPED_FILES.contains(name);
    }

    private static boolean leftOutShutDown(Path relative, boolean directory) {
        // the WAL stays (the shutdown checkpoint is in it), not the archiver's bookkeeping about it
        if (relative.getNameCount() >= 3 && relative.getName(0).toString().equals("pg_wal")
                && relative.getName(1).toString().equals("archive_status")) {
            return true;
        }
        return !directory && relative.getNameCount() == 1 && relative.getFileName().toString().equals("postmaster.opts");
    }

    interface LeftOut {
        boolean test(Path relative, boolean directory);
    }

    /**
     * Copies a data directory. Files that vanish while it runs (a running server drops temporary files) are
     * skipped: the WAL replayed from the backup's start LSN recreates what they held.
     */
    static void copyTree(Path from, Path to, LeftOut leftOut) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(dir);
                if (rel.getNameCount() > 0 && !rel.toString().isEmpty() && leftOut.test(rel, true)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(rel.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(file);
                if (leftOut.test(rel, false)) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    // a plain copy; a file system with reflinks (btrfs, XFS, APFS) could share the blocks instead
                    Files.copy(file, to.resolve(rel.toString()), StandardCopyOption.COPY_ATTRIBUTES);
                } catch (NoSuchFileException gone) {
                    // removed by the running server since it was listed
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }
        });
        if (to.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
        }
    }

    record Control(int state, Lsn checkpoint, int tli) {
    }

    /**
     * The fields of {@code global/pg_control} a shut-down copy needs (there is no {@code pg_controldata} among the
     * binaries): the cluster's state, the latest checkpoint's LSN and its timeline. Little-endian, as on every
     * platform the binaries exist for.
     */
    static Control readControl(Path dataDir) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dataDir.resolve("global").resolve("pg_control")))
                .order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt(8);
        if (version != PG_CONTROL_VERSION) {
            throw new IOException("pg_control in " + dataDir + " has layout version " + version + ", not "
                    + PG_CONTROL_VERSION);
        }
        // system_identifier (8), pg_control_version (4), catalog_version_no (4), state (4), padding (4), time (8),
        // checkPoint (8), then checkPointCopy: redo (8), ThisTimeLineID (4)
        return new Control(b.getInt(16), new Lsn(b.getLong(32)), b.getInt(48));
    }

    public static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            PgBinaries.deleteTree(dir);
        } catch (IOException e) {
            // left for the next clean-up; it starts with a dot and is never listed
        }
    }

    /** Copies a file holding passwords into a new file that is private (0600) from the start. */
    static void copyPrivate(Path from, Path to) throws IOException {
        PgCredentials.createPrivateFile(to);
        Files.write(to, Files.readAllBytes(from));
    }
}
