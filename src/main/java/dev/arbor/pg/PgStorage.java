package dev.arbor.pg;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Lsn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One project's Postgres storage: the WAL archive every timeline shares ({@code wal/}) and the base backups
 * ({@code basebackups/}). It materializes a point of a timeline into a new server directory: the newest base backup
 * on the timeline's ancestry that ends at or before the point is copied, and Postgres replays archived WAL up to the
 * point, then either promotes (a new timeline: a writable branch) or pauses, read-only (Time Travel).
 *
 * <p>Postgres picks a promoted server's timeline by looking for the highest {@code .history} file in the archive,
 * so two promotes at once could pick the same one. Promotes of one storage therefore run one at a time (a lock
 * in this JVM and a file lock, {@code promote.lock}, across processes), each until its history file is archived.
 */
public final class PgStorage implements AutoCloseable {
    static final String RECOVERY_BEGIN = "# Arbor recovery (dev.arbor.pg.PgStorage) begin";
    static final String RECOVERY_END = "# Arbor recovery end";
    private static final Logger LOG = LoggerFactory.getLogger(PgStorage.class);
    private static final long RECOVERY_TIMEOUT_MS = 120_000;
    private static final ConcurrentHashMap<Path, ReentrantLock> PROMOTE_LOCKS = new ConcurrentHashMap<>();

    private final PgBinaries binaries;
    private final PgAccount account;
    private final Path root;
    private final Path archive;
    private final BaseBackups baseBackups;
    private final RolePasswords rolePasswords;
    private final ReadyCopy readyCopy;

    private PgStorage(PgBinaries binaries, PgAccount account, Path root) {
        this.binaries = binaries;
        this.account = account;
        this.root = root;
        this.archive = root.resolve("wal");
        this.baseBackups = new BaseBackups(root.resolve("basebackups"));
        this.rolePasswords = new RolePasswords(root);
        this.readyCopy = new ReadyCopy(root.resolve("ready"), baseBackups, account);
    }

    /**
     * From now on keeps a copy of the newest base backup ready for the next server materialized from it
     * ({@link ReadyCopy}), made in the background until {@link #close}.
     */
    public void keepReadyCopy() {
        baseBackups.onChange(readyCopy::refresh);
        readyCopy.start();
    }

    /** Stops making a ready copy, if one is being made, and waits for that to end. */
    @Override
    public void close() {
        readyCopy.close();
    }

    /** The storage in {@code dir}, with its archive made (and handed to the account that runs Postgres) if new. */
    public static PgStorage open(PgBinaries binaries, PgAccount account, Path dir) {
        PgStorage s = new PgStorage(binaries, account, dir.toAbsolutePath().normalize());
        try {
            Files.createDirectories(s.root);
            if (!Files.isDirectory(s.archive)) {
                Files.createDirectories(s.archive);
                account.hand(s.archive);
            }
            try (Stream<Path> files = Files.list(s.archive)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    if (name.startsWith(".") && name.endsWith(WalSegments.SPARSE_SUFFIX)) {
                        Files.deleteIfExists(f); // a sparse copy a crash left half-made; the segment itself is whole
                    }
                }
            }
        } catch (IOException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_STORAGE_FAILED", "Arbor could not prepare "
                    + "Postgres storage in " + s.root + " (" + IoText.of(e) + "); check that the directory is "
                    + "writable.", null, e);
        }
        return s;
    }

    public Path archive() {
        return archive;
    }

    public BaseBackups baseBackups() {
        return baseBackups;
    }

    /**
     * {@code neondb_owner}'s password on every timeline of this storage (a branch's roles are copied with its data,
     * passwords included, as Neon's are), read from the newest base backup; never log it.
     */
    public String ownerPassword() {
        List<BaseBackup> all = baseBackups.list();
        if (all.isEmpty()) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_NO_BACKUP", "The Postgres storage in " + root
                    + " has no base backup yet, so it has no roles to connect as.");
        }
        try {
            return PgCredentials.loadOrCreate(all.get(all.size() - 1).directory()).ownerPassword();
        } catch (IOException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_CREDENTIALS_UNREADABLE", "Arbor could not "
                    + "read the roles' passwords in " + root + " (" + IoText.of(e) + ").", null, e);
        }
    }

    /**
     * How many bytes of WAL a server materialized at {@code lsn} of timeline {@code timeline} would replay: from the
     * start of the newest base backup on the timeline's ancestry that ends at or before the point. Long when no backup
     * serves the point.
     */
    public long walToReplay(int timeline, Lsn lsn) {
        List<Timelines.Stretch> ancestry = Timelines.ancestry(archive, timeline);
        RecoveryTarget target = new RecoveryTarget.AtLsn(lsn);
        long best = Long.MAX_VALUE;
        for (BaseBackup b : baseBackups.list()) {
            if (onAncestry(b, ancestry) && servesTarget(b, target)) {
                best = Math.min(best, lsn.value() - b.startLsn().value());
            }
        }
        return best;
    }

    /**
     * The password of {@code role} on this storage's timelines: {@code neondb_owner}'s, or one Arbor set for a role
     * made or reset through it; null when Arbor never knew it (a role made in SQL).
     */
    public String passwordOf(String role) {
        if (PostgresServer.OWNER.equals(role)) {
            return ownerPassword();
        }
        try {
            return rolePasswords.get(role);
        } catch (IOException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_CREDENTIALS_UNREADABLE", "Arbor could not "
                    + "read the roles' passwords in " + root + " (" + IoText.of(e) + ").", null, e);
        }
    }

    /**
     * Gives {@code role} a new generated password on the server {@code superuser} is connected to and keeps it for
     * {@link #passwordOf}; never log it.
     */
    public String renewPassword(Connection superuser, String role) throws SQLException {
        try {
            return rolePasswords.renew(superuser, role);
        } catch (IOException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_CREDENTIALS_UNWRITABLE", "Arbor could not "
                    + "keep the new password in " + root + " (" + IoText.of(e) + ").", null, e);
        }
    }

    /**
     * A point something still needs to be able to rebuild: {@code target} on timeline {@code timeline}. A moment
     * ({@link RecoveryTarget.AtTime}) stands for the start of a history window: every later point of the timeline stays
     * reachable.
     */
    public record Need(int timeline, RecoveryTarget target) {
    }

    /** The lowest LSN a point on timeline {@code timeline} can be rebuilt at: the end of the oldest backup on its ancestry. */
    public long oldestReachable(int timeline) {
        BaseBackup oldest = oldestBackupFor(timeline);
        return oldest == null ? 0 : oldest.stopLsn().value();
    }

    /** When the oldest base backup a point of {@code timeline} can start from was taken; null if there is none. */
    public Instant oldestReachableAt(int timeline) {
        BaseBackup oldest = oldestBackupFor(timeline);
        return oldest == null ? null : oldest.stoppedAt();
    }

    private BaseBackup oldestBackupFor(int timeline) {
        List<Timelines.Stretch> ancestry = Timelines.ancestry(archive, timeline);
        BaseBackup oldest = null;
        for (BaseBackup b : baseBackups.list()) {
            if (onAncestry(b, ancestry)
                    && (oldest == null || Long.compareUnsigned(b.stopLsn().value(), oldest.stopLsn().value()) < 0)) {
                oldest = b;
            }
        }
        return oldest;
    }

    /** What {@link #retain} removed. */
    public record Reclaimed(int baseBackups, int walSegments, long bytes) {
    }

    /**
     * Removes the base backups and WAL segments no need uses. Each need keeps the base backup a rebuild of it starts
     * from (for a moment, the newest that ended by then, else the oldest on the timeline's ancestry; for an LSN, the
     * newest that ended by it, as {@link #promote} would choose) and every segment of its ancestry from that backup's
     * start on. A moment, the start of a history window, also keeps every later backup on the ancestry: each point of
     * the window is rebuilt from the newest backup before it, so these bound what a Time Travel view or a branch made
     * there replays. History files stay: they are small, and every descendant's ancestry is read from them.
     */
    public Reclaimed retain(List<Need> needs) {
        List<BaseBackup> backups = baseBackups.list();
        java.util.Set<Path> keptBackups = new java.util.HashSet<>();
        java.util.Map<Integer, Long> keepFrom = new java.util.HashMap<>();
        for (Need need : needs) {
            List<Timelines.Stretch> ancestry = Timelines.ancestry(archive, need.timeline());
            BaseBackup chosen = null;
            for (BaseBackup b : backups) {
                if (!onAncestry(b, ancestry)) {
                    continue;
                }
                boolean serves = need.target() instanceof RecoveryTarget.AtTime at
                        ? !b.stoppedAt().isAfter(at.time()) : servesTarget(b, need.target());
                if (serves && (chosen == null || b.stopLsn().isAfter(chosen.stopLsn()))) {
                    chosen = b;
                }
            }
            if (chosen == null && need.target() instanceof RecoveryTarget.AtTime) {
                for (BaseBackup b : backups) { // a window that began before the first backup: keep from the oldest
                    if (onAncestry(b, ancestry) && (chosen == null || chosen.stopLsn().isAfter(b.stopLsn()))) {
                        chosen = b;
                    }
                }
            }
            if (chosen == null) {
                return new Reclaimed(0, 0, 0); // something cannot be rebuilt already: remove nothing
            }
            keptBackups.add(chosen.directory());
            if (need.target() instanceof RecoveryTarget.AtTime) {
                for (BaseBackup b : backups) {
                    if (onAncestry(b, ancestry) && b.stopLsn().isAfter(chosen.stopLsn())) {
                        keptBackups.add(b.directory());
                    }
                }
            }
            for (Timelines.Stretch stretch : ancestry) {
                keepFrom.merge(stretch.tli(), chosen.startLsn().value(), Math::min);
            }
        }
        int backupsGone = 0;
        int segmentsGone = 0;
        long bytes = 0;
        for (BaseBackup b : backups) {
            if (!keptBackups.contains(b.directory())) {
                bytes += sizeOf(b.directory());
                BaseBackups.deleteQuietly(b.directory());
                backupsGone++;
            }
        }
        if (backupsGone > 0) {
            readyCopy.refresh(); // a copy of a removed backup goes
        }
        try (Stream<Path> files = Files.list(archive)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.length() != 24 || !name.matches("[0-9A-F]{24}")) {
                    continue;
                }
                int tli = Integer.parseInt(name.substring(0, 8), 16);
                Long from = keepFrom.get(tli);
                if (from == null || Long.compareUnsigned(WalSegments.end(name).value(), from) <= 0) {
                    bytes += Files.size(f);
                    Files.deleteIfExists(f);
                    segmentsGone++;
                }
            }
        } catch (IOException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "ARCHIVE_UNREADABLE", "Arbor could not clean the WAL "
                    + "archive " + archive + " (" + IoText.of(e) + ").", null, e);
        }
        return new Reclaimed(backupsGone, segmentsGone, bytes);
    }

    static long sizeOf(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** The project's first server (timeline 1), made with {@code initdb} in {@code serverDir}; not started. */
    public PostgresServer createRoot(Path serverDir) {
        return PostgresServer.open(binaries, account, serverDir, archive);
    }

    /** A writable branch head made by promoting at a point: its own timeline, forked from {@code parentTimeline}. */
    public record Branched(PostgresServer server, int timeline, int parentTimeline, Lsn forkLsn, Path historyFile,
                           BaseBackup from) {
    }

    /** A read-only server paused at a point: {@code replayLsn} is exactly where it stopped. */
    public record Paused(PostgresServer server, Lsn replayLsn, Instant lastCommit, BaseBackup from,
                         long lastCommitXid) {
    }

    /** What a moment resolves to: the LSN the state at {@code time} ends at, and the last commit at or before it. */
    public record Resolved(Instant time, Lsn lsn, Instant lastCommit) {
    }

    /**
     * Materializes {@code target} of timeline {@code timeline} into {@code serverDir} (which must not exist) and
     * promotes it: the returned server is running, writable, on a new timeline.
     */
    public Branched promote(int timeline, RecoveryTarget target, Path serverDir) {
        Plan plan = plan(timeline, target, serverDir);
        return placingWal(plan, placedThrough(plan), through -> promoteAt(plan, through));
    }

    /** As {@link #promote}, with the WAL placed in the new server through {@code through} (null: none placed). */
    Branched promote(int timeline, RecoveryTarget target, Path serverDir, Lsn through) {
        Plan plan = plan(timeline, target, serverDir);
        return placingWal(plan, through, t -> promoteAt(plan, t));
    }

    /**
     * Materializes {@code plan} with the WAL placed through {@code through}, and once more restoring from the archive
     * if the server replayed all of it without reaching the target: a slower start, never a server left waiting.
     */
    private <T> T placingWal(Plan plan, Lsn through, java.util.function.Function<Lsn, T> materialize) {
        if (through == null) {
            return materialize.apply(null);
        }
        try {
            return materialize.apply(through);
        } catch (ArborException e) {
            if (!PostgresServer.WAL_MISSING.equals(e.reason())) {
                throw e;
            }
            LOG.warn("The WAL placed to replay to {} of timeline {} did not reach it; restoring from the archive "
                    + "instead", plan.target, plan.timeline);
            return materialize.apply(null);
        }
    }

    private Branched promoteAt(Plan plan, Lsn through) {
        Path serverDir = plan.serverDir;
        PostgresServer server = null;
        try {
            server = prepare(plan, false, through);
            try (PromoteLock ignored = lockPromotes()) {
                if (Files.exists(server.dataDirectory().resolve("standby.signal"))) {
                    placeHistories(server.dataDirectory()); // no other promote can add one now
                }
                startRecovering(server, plan);
                if (through != null) {
                    promoteOncePaused(server, plan);
                }
                int tli;
                try (Connection c = server.connectAsSuperuser("postgres")) {
                    tli = Integer.parseInt(one(c, "select substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)"), 16);
                }
                Path history = archive.resolve(Timelines.historyName(tli));
                awaitArchived(server, history);
                List<Timelines.Stretch> ancestry = Timelines.ancestry(archive, tli);
                Timelines.Stretch parent = ancestry.get(ancestry.size() - 2);
                writeRecoverySettings(server.dataDirectory(), null); // spent: a later copy must not inherit them
                return new Branched(server, tli, parent.tli(), parent.end(), history, plan.backup);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            throw discard(server, serverDir, server == null || !(e instanceof RuntimeException r) ? e
                    : recoveryFailure(server, plan, r));
        }
    }

    /**
     * Promotes a server replaying placed WAL once it has reached its target, without the end-of-recovery checkpoint.
     * When a target ends recovery, Postgres first checkpoints everything the replay left in memory, and only then
     * takes a connection; when a promote request ends it, Postgres writes an end-of-recovery record and checkpoints
     * in the background. So the server pauses at the target ({@code hot_standby} on, which only Arbor can reach: its
     * port is not an endpoint's until it is promoted) and is asked to promote at once. A server still replaying takes
     * the request as it pauses; a resume makes one that paused before the request came promote at once, rather than
     * at its next look a second later. A promote that ended recovery before the target (WAL missing) is refused, and
     * the point is made again from the archive.
     */
    private void promoteOncePaused(PostgresServer server, Plan plan) throws SQLException, IOException {
        try {
            requestPromote(server, plan);
        } catch (SQLException e) {
            // the request ended recovery where the WAL placed ran out: Postgres refuses to end short of the target
            if (Files.readString(server.logFile(), StandardCharsets.UTF_8).contains(ENDED_SHORT)) {
                throw server.walMissing();
            }
            throw e;
        }
        if (!Files.readString(server.logFile(), StandardCharsets.UTF_8).contains("recovery stopping before")) {
            throw server.walMissing();
        }
    }

    /** What Postgres says when recovery ends (a promote, the end of the archive) before its target. */
    private static final String ENDED_SHORT = "recovery ended before configured recovery target was reached";

    private void requestPromote(PostgresServer server, Plan plan) throws SQLException {
        try (Connection c = server.connectAsSuperuser("postgres")) {
            one(c, "select pg_promote(false)::text");
            try {
                one(c, "select pg_wal_replay_resume()::text");
            } catch (SQLException e) {
                if (!"55000".equals(e.getSQLState())) { // "standby promotion is ongoing": the request was taken
                    throw e;
                }
            }
            long deadline = System.currentTimeMillis() + RECOVERY_TIMEOUT_MS;
            while (one(c, "select pg_is_in_recovery()::text").equals("true")) {
                if (System.currentTimeMillis() > deadline) {
                    throw recoverySlow(server, plan);
                }
                sleep(5);
            }
        }
    }

    /** Held while a server promotes, until its history file is archived. */
    interface PromoteLock extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /** Waits until no other promote of this storage runs, in this JVM or another process, and holds that. */
    PromoteLock lockPromotes() throws IOException {
        ReentrantLock inJvm = PROMOTE_LOCKS.computeIfAbsent(archive, a -> new ReentrantLock());
        inJvm.lock();
        try {
            FileChannel ch = FileChannel.open(root.resolve("promote.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                FileLock held = ch.lock();
                return () -> {
                    try {
                        held.release();
                        ch.close();
                    } finally {
                        inJvm.unlock();
                    }
                };
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            inJvm.unlock();
            throw e;
        }
    }

    /**
     * Materializes {@code target} of timeline {@code timeline} into {@code serverDir} (which must not exist) and
     * pauses there: the returned server is running, read-only ({@code hot_standby}); Postgres refuses writes.
     *
     * <p>At a moment, Postgres stops before the first commit after it, having replayed what other transactions
     * wrote before their commits, including the locks of a migration still in flight, which would keep readers of
     * its tables waiting. So a moment is materialized twice: paused at the moment, the server says which
     * transaction committed last ({@code pg_last_committed_xact()}, from {@code track_commit_timestamp}); the
     * view is then materialized to just after that commit, which is the same state without the half-done
     * transactions. When the newest transaction id is not the last commit in WAL order (concurrent commits, or an
     * abort after it), the first server, exact but possibly holding such locks, is the view.
     */
    public Paused pause(int timeline, RecoveryTarget target, Path serverDir) {
        Plan plan = plan(timeline, target, serverDir);
        Paused first = pauseAt(plan);
        if (!(target instanceof RecoveryTarget.AtTime) || first.lastCommitXid() < 0) {
            return first;
        }
        first.server().stop();
        BaseBackups.deleteQuietly(plan.serverDir);
        RecoveryTarget afterIt = new RecoveryTarget.AfterCommit(first.lastCommitXid(), first.replayLsn());
        Paused exact = pauseAt(new Plan(timeline, afterIt, plan.serverDir, plan.backup));
        return new Paused(exact.server(), exact.replayLsn(), first.lastCommit(), plan.backup, first.lastCommitXid());
    }

    private Paused pauseAt(Plan plan) {
        return placingWal(plan, placedThrough(plan), through -> pauseAt(plan, through));
    }

    private Paused pauseAt(Plan plan, Lsn through) {
        PostgresServer server = null;
        try {
            server = prepare(plan, true, through);
            startRecovering(server, plan);
            try (Connection c = server.connectAsSuperuser("postgres")) {
                awaitPaused(server, c, plan);
                Lsn replay = Lsn.parse(one(c, "select pg_last_wal_replay_lsn()::text"));
                Instant lastReplayed = null;
                long xid = -1;
                Instant committed = null;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select "
                        + "pg_last_xact_replay_timestamp(), x.xid::text, x.timestamp from pg_last_committed_xact() x")) {
                    rs.next();
                    lastReplayed = instant(rs.getTimestamp(1));
                    committed = instant(rs.getTimestamp(3));
                    if (rs.getString(2) != null && committed != null && committed.equals(lastReplayed)) {
                        xid = Long.parseLong(rs.getString(2));
                    }
                }
                return new Paused(server, replay, lastReplayed, plan.backup, xid);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            // Postgres may give up on the target after accepting connections: say why it did
            throw discard(server, plan.serverDir, server == null || !(e instanceof RuntimeException r) ? e
                    : recoveryFailure(server, plan, r));
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /**
     * What {@code time} on timeline {@code timeline} resolves to, exactly: a read-only server is materialized at the
     * moment as {@link #pause} does, asked where it stopped, then stopped and deleted. It costs what a Time Travel
     * start costs: twice a base backup copied, WAL replayed and a postmaster run.
     */
    public Resolved resolve(int timeline, Instant time) {
        RecoveryTarget.AtTime at = new RecoveryTarget.AtTime(time);
        Path scratch = root.resolve("tmp").resolve("resolve-" + UUID.randomUUID());
        Paused p = pause(timeline, at, scratch);
        try {
            return new Resolved(at.time(), p.replayLsn(), p.lastCommit());
        } finally {
            p.server().stop();
            BaseBackups.deleteQuietly(scratch);
        }
    }

    private record Plan(int timeline, RecoveryTarget target, Path serverDir, BaseBackup backup) {
    }

    /** Checks everything that can be checked before a file is written; each refusal is a sentence. */
    private Plan plan(int timeline, RecoveryTarget target, Path serverDir) {
        if (timeline < 1) {
            throw ArborException.invalid("TIMELINE_INVALID", "Timeline " + timeline + " does not exist; timelines "
                    + "are numbered from 1.");
        }
        Path dir = serverDir.toAbsolutePath().normalize();
        if (Files.exists(dir)) {
            throw ArborException.conflict("POSTGRES_DIRECTORY_EXISTS", "Arbor materializes a point into a new "
                    + "directory, and " + dir + " already exists; choose another, or delete it.");
        }
        if (target instanceof RecoveryTarget.AtTime t && t.time().isAfter(Instant.now())) {
            throw ArborException.invalid("TARGET_IN_FUTURE", "The moment " + t.time() + " is in the future; "
                    + "choose a moment up to now.");
        }
        List<Timelines.Stretch> ancestry;
        try {
            ancestry = Timelines.ancestry(archive, timeline);
        } catch (ArborException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            throw new ArborException(ErrorCode.NOT_FOUND, "TIMELINE_NOT_FOUND", "Timeline " + timeline + " is not in "
                    + "this project's WAL archive (it has no " + Timelines.historyName(timeline) + ").");
        }
        if (target instanceof RecoveryTarget.AtLsn at) {
            Lsn end = Timelines.archivedEnd(archive, timeline, ancestry);
            if (at.lsn().isAfter(end)) {
                throw afterEnd(timeline, target, end);
            }
        }
        BaseBackup chosen = null;
        for (BaseBackup b : baseBackups.list()) {
            if (onAncestry(b, ancestry) && servesTarget(b, target)
                    && (chosen == null || b.stopLsn().isAfter(chosen.stopLsn()))) {
                chosen = b;
            }
        }
        if (chosen == null) {
            throw ArborException.invalid("TARGET_BEFORE_FIRST_BACKUP", "Timeline " + timeline + " has no base "
                    + "backup that ends at or before " + target + ", so Arbor cannot rebuild it; choose a later "
                    + "point.");
        }
        return new Plan(timeline, target, dir, chosen);
    }

    private static ArborException afterEnd(int timeline, RecoveryTarget target, Lsn end) {
        return ArborException.invalid("TARGET_AFTER_END", target + " is after the end of timeline " + timeline
                + "'s WAL in the archive" + (end == null ? "" : " (it ends by " + end + ")")
                + "; choose an earlier point.");
    }

    private static boolean onAncestry(BaseBackup b, List<Timelines.Stretch> ancestry) {
        for (Timelines.Stretch s : ancestry) {
            if (s.tli() == b.timeline()) {
                return s.open() || !b.stopLsn().isAfter(s.end());
            }
        }
        return false;
    }

    private static boolean servesTarget(BaseBackup b, RecoveryTarget target) {
        return switch (target) {
            case RecoveryTarget.AtLsn at -> !b.stopLsn().isAfter(at.lsn());
            case RecoveryTarget.AtTime at -> !b.stoppedAt().isAfter(at.time());
            case RecoveryTarget.AfterCommit x -> false; // only ever planned from a moment
        };
    }

    /**
     * Copies the chosen backup into the new server directory and writes the recovery settings; not started. With
     * {@code through}, the WAL up to it is placed in the server's {@code pg_wal} and replayed in standby mode
     * ({@link #placeWal}); without, it is restored from the archive.
     */
    private PostgresServer prepare(Plan plan, boolean readOnly, Lsn through) throws IOException {
        Files.createDirectories(plan.serverDir);
        BaseBackups.copyPrivate(plan.backup.directory().resolve(PgCredentials.FILE_NAME),
                plan.serverDir.resolve(PgCredentials.FILE_NAME));
        Path data = plan.serverDir.resolve("data");
        boolean ready = readyCopy.takeInto(plan.backup, data);
        if (!ready) {
            BaseBackups.copyTree(plan.backup.dataDirectory(), data, (rel, dir) -> false);
        }
        // a paused server is thrown away when it stops and rebuilt after a crash, so nothing it writes needs to reach
        // the disk: without fsync it also skips syncing the whole copied data directory before replay, a cost that
        // grows with the database
        List<Path> placed = through == null ? null : placeWal(plan, through, data);
        String signal = placed == null ? "recovery.signal" : "standby.signal";
        boolean paused = readOnly || placed != null; // a promote from placed WAL pauses first (promoteOncePaused)
        writeRecoverySettings(data, (placed == null ? restoreCommand() : "") + plan.target.settings()
                + "recovery_target_timeline = '" + plan.timeline + "'\n"
                + "recovery_target_action = '" + (paused ? "pause" : "promote") + "'\n"
                + "hot_standby = " + (paused ? "on" : "off") + "\n"
                + (readOnly ? "fsync = off\n" : ""));
        Files.writeString(data.resolve(signal), "", StandardCharsets.UTF_8);
        if (ready) { // handed when it was made
            account.hand(data.resolve(signal));
            for (Path f : placed == null ? List.<Path>of() : placed) {
                account.hand(f);
            }
        } else {
            handTree(data);
        }
        if (placed != null && readOnly) {
            placeHistories(data); // a promote places them under its lock, just before it starts
        }
        return PostgresServer.open(binaries, account, plan.serverDir, archive);
    }

    /**
     * Where the WAL a server materialized at {@code plan}'s LSN replays ends: at the end of the first record at or
     * after the target, which Postgres reads whole before it stops there (for a commit found by an earlier replay,
     * the record where that replay stopped). Null when the archive does not hold that record whole, or the target is
     * a moment: the server restores from the archive, which says when a target cannot be reached, where a standby
     * would wait for more WAL.
     */
    private Lsn placedThrough(Plan plan) {
        Lsn stop = switch (plan.target) {
            case RecoveryTarget.AtLsn at -> at.lsn();
            case RecoveryTarget.AfterCommit commit -> commit.by(); // Postgres stops once it has replayed the commit
            case RecoveryTarget.AtTime at -> null; // where the first commit after it is, only a replay finds out
        };
        if (stop == null) {
            return null;
        }
        try {
            return WalRecords.endOfRecordFrom(archive, plan.timeline, stop);
        } catch (IOException e) {
            return null; // the archive answers for itself when it restores
        }
    }

    /**
     * Places in {@code data/pg_wal} the archived WAL segments a server materialized at an LSN replays, from the
     * backup's start through {@code through}, each marked archived, so that it replays them in standby mode without
     * {@code restore_command}: Postgres runs that command through a shell once per 1 MB segment, which took about half
     * of a 104 MB replay. Each segment comes from the newest timeline of the ancestry that has begun by it, as
     * Postgres reads them.
     */
    private List<Path> placeWal(Plan plan, Lsn through, Path data) throws IOException {
        long first = plan.backup.startLsn().value() / WalSegments.SIZE;
        long last = (through.value() - 1) / WalSegments.SIZE;
        Path wal = data.resolve("pg_wal");
        List<Path> placed = new java.util.ArrayList<>();
        long from = first;
        for (Timelines.Stretch stretch : Timelines.ancestry(archive, plan.timeline)) {
            // Postgres reads each segment from the newest timeline of the ancestry that has begun by it
            long to = stretch.open() ? last : Math.min(last, stretch.end().value() / WalSegments.SIZE);
            for (long segment = from; segment <= to; segment++) {
                Path archived = archive.resolve(WalSegments.name(stretch.tli(), segment));
                if (Files.isRegularFile(archived)) {
                    placed.addAll(placeArchived(archived, wal));
                }
            }
            from = Math.max(from, to);
        }
        placed.add(wal.resolve("archive_status")); // an online backup leaves it out: made here, handed with the rest
        return placed;
    }

    /**
     * Places every timeline history file of the archive in {@code data/pg_wal}: the ancestry is read from them, and a
     * promoted server names its new timeline after the highest one it finds, so it must find all of them.
     */
    private void placeHistories(Path data) throws IOException {
        Path wal = data.resolve("pg_wal");
        try (Stream<Path> files = Files.list(archive)) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().endsWith(".history")) {
                    for (Path p : placeArchived(f, wal)) {
                        account.hand(p);
                    }
                }
            }
        }
        if (Files.isDirectory(wal.resolve("archive_status"))) {
            account.hand(wal.resolve("archive_status"));
        }
    }

    /** Copies an archived file into {@code wal} with its archive status "done", as Postgres marks what it restores. */
    private static List<Path> placeArchived(Path from, Path wal) throws IOException {
        String name = from.getFileName().toString();
        Path status = wal.resolve("archive_status");
        Files.createDirectories(status);
        Path to = wal.resolve(name);
        // a shut-down backup holds the segment of its checkpoint as it was then; the archive's is whole
        Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path done = status.resolve(name + ".done");
        Files.writeString(done, "", StandardCharsets.UTF_8);
        return List.of(to, done);
    }

    /** {@code cp} from the archive; a missing file makes it fail, which Postgres takes as the end of the WAL. */
    private String restoreCommand() {
        String dir = archive.toString().replace("%", "%%");
        String shellQuoted = "'" + dir.replace("'", "'\\''") + "'";
        return "restore_command = '" + ("cp " + shellQuoted + "/%f %p").replace("'", "''") + "'\n";
    }

    /** Replaces Arbor's recovery block in {@code postgresql.conf} with {@code block} (null: removes it). */
    static void writeRecoverySettings(Path data, String block) throws IOException {
        Path conf = data.resolve("postgresql.conf");
        String text = Files.readString(conf, StandardCharsets.UTF_8);
        int begin = text.indexOf(RECOVERY_BEGIN);
        if (begin >= 0) {
            int end = text.indexOf(RECOVERY_END, begin);
            text = text.substring(0, begin) + (end < 0 ? "" : text.substring(end + RECOVERY_END.length() + 1));
        }
        if (block != null) {
            text = text + RECOVERY_BEGIN + "\n" + block + RECOVERY_END + "\n";
        }
        Files.writeString(conf, text, StandardCharsets.UTF_8);
    }

    private void handTree(Path dir) throws IOException {
        if (!account.switches()) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                account.hand(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Starts the server; a recovery Postgres gives up on becomes the sentence for why. */
    private void startRecovering(PostgresServer server, Plan plan) {
        try {
            server.start(0);
        } catch (ArborException e) {
            throw recoveryFailure(server, plan, e);
        }
    }

    private RuntimeException recoveryFailure(PostgresServer server, Plan plan, RuntimeException cause) {
        if (cause instanceof ArborException a && PostgresServer.WAL_MISSING.equals(a.reason())) {
            return cause; // the WAL placed ran short, not the archive: it is made again from the archive
        }
        String log = "";
        try {
            log = Files.readString(server.logFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the sentence below still names the point
        }
        if (log.contains(ENDED_SHORT)) {
            return afterEnd(plan.timeline, plan.target, null);
        }
        if (log.contains("requested recovery stop point is before consistent recovery point")) {
            return ArborException.invalid("TARGET_BEFORE_FIRST_BACKUP", plan.target + " is before the end of the "
                    + "newest usable base backup of timeline " + plan.timeline + "; choose a later point.");
        }
        return cause;
    }

    /** The refusal of a recovery that did not reach its target in {@link #RECOVERY_TIMEOUT_MS}. */
    private static ArborException recoverySlow(PostgresServer server, Plan plan) {
        return new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_RECOVERY_SLOW", "Postgres did not reach "
                + plan.target + " within " + RECOVERY_TIMEOUT_MS / 1000 + " s; its log is " + server.logFile() + ".");
    }

    /** Waits until recovery has stopped at the target and paused; Postgres exiting instead is a sentence. */
    private void awaitPaused(PostgresServer server, Connection c, Plan plan) throws SQLException {
        long deadline = System.currentTimeMillis() + RECOVERY_TIMEOUT_MS;
        while (true) {
            String state;
            try {
                state = one(c, "select pg_get_wal_replay_pause_state()");
            } catch (SQLException e) {
                if (!server.running()) {
                    throw recoveryFailure(server, plan, new ArborException(ErrorCode.UNAVAILABLE,
                            "POSTGRES_RECOVERY_FAILED", "Postgres stopped while replaying WAL to " + plan.target
                            + "; its log is " + server.logFile() + ".", null, e));
                }
                throw e;
            }
            if (state.equals("paused")) {
                return;
            }
            if (server.waitsForWal()) {
                throw server.walMissing();
            }
            if (System.currentTimeMillis() > deadline) {
                throw recoverySlow(server, plan);
            }
            sleep(10);
        }
    }

    private void awaitArchived(PostgresServer server, Path history) {
        long deadline = System.currentTimeMillis() + RECOVERY_TIMEOUT_MS;
        while (!Files.exists(history)) {
            if (System.currentTimeMillis() > deadline || !server.running()) {
                throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_ARCHIVE_STUCK", "The promoted server did "
                        + "not archive " + history.getFileName() + " within " + RECOVERY_TIMEOUT_MS / 1000
                        + " s; its log is " + server.logFile() + ".");
            }
            sleep(10);
        }
    }

    /** Stops what was started and deletes what was written, then says why. */
    private static RuntimeException discard(PostgresServer server, Path serverDir, Exception e) {
        if (server != null) {
            try {
                server.stop();
            } catch (RuntimeException stopFailed) {
                e.addSuppressed(stopFailed);
            }
        }
        // only ever a directory this materialization made: plan() refuses one that exists
        BaseBackups.deleteQuietly(serverDir.toAbsolutePath().normalize());
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof SQLException) {
            return new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_RECOVERY_FAILED", "Postgres failed while "
                    + "materializing a point (" + e.getMessage() + ").", null, e);
        }
        return new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_MATERIALIZE_FAILED", "Arbor could not "
                + "materialize a point into " + serverDir + " (" + IoText.of((IOException) e) + ").", null, e);
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArborException(ErrorCode.UNAVAILABLE, "INTERRUPTED", "Materializing a point was interrupted.");
        }
    }
}
