package dev.arbor.engine;

import dev.arbor.backend.ConnectionDetails;
import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Lsn;
import dev.arbor.pg.BaseBackups;
import dev.arbor.pg.PgAccount;
import dev.arbor.pg.PgBinaries;
import dev.arbor.pg.PgStorage;
import dev.arbor.pg.PostgresServer;
import dev.arbor.pg.RecoveryTarget;
import dev.arbor.proxy.EndpointProxy;
import dev.arbor.proxy.Router;
import dev.arbor.proxy.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Postgres under the engine's timelines (issue 12's data plane). An engine timeline is lineage in the control
 * plane; the bytes are Postgres's own: one WAL archive and base backups per root ({@link PgStorage}), and each
 * engine timeline is carried by one or more Postgres timelines (TLIs), one per compute start, each forked from the
 * end of the one before — a {@link Segment}. A timeline no compute has run on has no TLI: its data is its
 * ancestor's at the branch point, so creating a branch writes nothing here.
 *
 * <p>A compute is a postmaster on a data directory materialized for its start (the nearest base backup, WAL replayed
 * to the point, promoted to a new TLI); stopping it seals its WAL into the archive and deletes the directory, so a
 * branch without a running compute costs nothing but its WAL. Each endpoint has an {@link EndpointProxy} on a port
 * that never changes: it wakes the compute when a client connects and routes {@code neon_lsn}/{@code neon_timestamp}
 * connections to a read-only view of that point.
 *
 * <p>Callers hold the engine's write lock for {@link #startCompute}, {@link #stopCompute} and the segment rows they
 * write; reads of running computes are safe from any thread.
 */
final class DataPlane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataPlane.class);
    static final String HOST = "127.0.0.1";

    /** One Postgres timeline of an engine timeline: from {@code startLsn} to {@code endLsn} (null: its compute runs). */
    record Segment(long timelineId, int tli, long startLsn, Long endLsn, Instant endAt, long size) {
        boolean holds(long lsn) {
            return Long.compareUnsigned(startLsn, lsn) <= 0 && (endLsn == null || Long.compareUnsigned(lsn, endLsn) <= 0);
        }
    }

    /**
     * A compute serving an endpoint: its server, the engine timeline it writes (or reads) and its TLI; {@code backup} is
     * held while a base backup of it is taken, so maintenance and a stop never copy it twice at once.
     */
    private record Running(PostgresServer server, long timelineId, int tli, boolean writable, Admin admin,
                           ReentrantLock backup) {
        Running(PostgresServer server, long timelineId, int tli, boolean writable) {
            this(server, timelineId, tli, writable, new Admin(server), new ReentrantLock());
        }
    }

    /**
     * One connection kept to a running compute for Arbor's own frequent question, where its WAL is (every branch from
     * a running parent asks it): a new connection costs a SCRAM exchange and a backend start, tens of milliseconds.
     */
    private static final class Admin implements AutoCloseable {
        private final PostgresServer server;
        private Connection connection;

        Admin(PostgresServer server) {
            this.server = server;
        }

        interface Question<T> {
            T ask(Connection c) throws SQLException;
        }

        /** Asks on the kept connection, opening it when there is none; a broken one is replaced once. */
        synchronized <T> T ask(Question<T> question) throws SQLException {
            for (int attempt = 0; ; attempt++) {
                try {
                    if (connection == null || connection.isClosed()) {
                        connection = server.connectAsSuperuser("postgres");
                    }
                    return question.ask(connection);
                } catch (SQLException e) {
                    close();
                    if (attempt > 0) {
                        throw e;
                    }
                }
            }
        }

        @Override
        public synchronized void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the server is going away
                }
                connection = null;
            }
        }
    }

    /** A read-only view of a point, shared by the clients that ask for the same point. */
    private static final class View {
        final PostgresServer server;
        final Path dir;
        volatile Instant lastUsed;

        View(PostgresServer server, Path dir, Instant lastUsed) {
            this.server = server;
            this.dir = dir;
            this.lastUsed = lastUsed;
        }
    }

    /** What a proxy asks the engine for: wake an endpoint's compute, or resolve a point on its branch. */
    interface Engine {
        void wake(String endpointId);

        ResolvedPoint resolve(String endpointId, dev.arbor.domain.PointInTime point);
    }

    private final Path root;
    private final Map<Long, Timeline> timelines;
    private final EngineClock clock;
    private final PgBinaries binaries;
    private final PgAccount account;
    private final Map<Long, PgStorage> storages = new ConcurrentHashMap<>();
    private final Map<Long, List<Segment>> segments = new ConcurrentHashMap<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, EndpointProxy> proxies = new ConcurrentHashMap<>();
    private final Map<String, View> views = new ConcurrentHashMap<>();
    /** Where stopped computes' directories are deleted, one at a time, off the operations' thread. */
    private final java.util.concurrent.ExecutorService remover = java.util.concurrent.Executors.newSingleThreadExecutor(
            task -> Thread.ofPlatform().name("arbor-remove-compute").daemon().unstarted(task));
    private volatile java.util.concurrent.Executor removals = remover;
    /** Stopped computes' directories, moved into {@code tmp/}, waiting for {@link #removeStopped}. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Path> stopped = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Set by {@link #close()}: no view is made after it. */
    private boolean closed;
    private volatile Engine engine;

    /** Whether each storage keeps a copy of its newest base backup ready ({@link PgStorage#keepReadyCopy}). */
    private final boolean readyCopy;

    DataPlane(Path dataDir, Map<Long, Timeline> timelines, EngineClock clock, boolean readyCopy) {
        this.readyCopy = readyCopy;
        this.timelines = timelines;
        this.clock = clock;
        this.binaries = PgBinaries.install();
        this.account = PgAccount.forThisProcess();
        this.root = placeFor(dataDir.toAbsolutePath().normalize(), account);
        DiskSpace.require(root, DiskSpace.TO_OPEN, "to open a project");
    }

    /** Where the system keeps Postgres files for projects whose directory the Postgres account cannot reach. */
    static final Path SYSTEM_ROOT = Path.of("/var/lib/arbor/postgres");

    /**
     * The project's Postgres files: {@code postgres/} in its data directory, unless Postgres runs as another account
     * (Arbor running as root) that cannot reach that directory — root's home is private — in which case they live
     * under {@link #SYSTEM_ROOT}, in a directory named after the data directory's path (and saying so in a file), so
     * the same project finds them again.
     */
    private static Path placeFor(Path dataDir, PgAccount account) {
        if (!account.switches() || account.canSearch(dataDir)) {
            return dataDir.resolve("postgres");
        }
        try {
            Path dir = systemPlaceOf(dataDir);
            Files.createDirectories(dir);
            for (Path p = dir; p != null && p.startsWith(SYSTEM_ROOT.getParent()); p = p.getParent()) {
                if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            Files.writeString(dir.resolve("project.txt"), "The Postgres files of the Arbor project in " + dataDir + "\n");
            return dir;
        } catch (IOException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_STORAGE_FAILED", "The account \"" + account.name()
                    + "\" that runs Postgres cannot reach " + dataDir + ", and Arbor could not prepare " + SYSTEM_ROOT
                    + " instead (" + e.getMessage() + ").", null, e);
        }
    }

    void connect(Engine e) {
        this.engine = e;
    }

    // ---- the segments, persisted with the control plane -------------------------------------------------------

    void load(Connection c) throws SQLException {
        segments.clear();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM pg_segment ORDER BY timeline_id, start_lsn")) {
            while (rs.next()) {
                Segment s = new Segment(rs.getLong("timeline_id"), rs.getInt("tli"), rs.getLong("start_lsn"),
                        Sql.longOrNull(rs, "end_lsn"), Sql.instant(rs, "end_at"), rs.getLong("size"));
                segments.computeIfAbsent(s.timelineId(), k -> new ArrayList<>()).add(s);
            }
        }
        segments.values().forEach(list -> list.forEach(this::showHead));
    }

    private void save(Connection c, Segment s) throws SQLException {
        Sql.update(c, "INSERT INTO pg_segment (timeline_id, tli, start_lsn, end_lsn, end_at, size) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (timeline_id, tli) DO UPDATE SET end_lsn = excluded.end_lsn, end_at = excluded.end_at,"
                + " size = excluded.size", s.timelineId(), s.tli(), s.startLsn(), s.endLsn(), s.endAt(), s.size());
        List<Segment> list = segments.computeIfAbsent(s.timelineId(), k -> new ArrayList<>());
        synchronized (list) {
            list.removeIf(x -> x.tli() == s.tli());
            list.add(s);
            list.sort((a, b) -> Long.compareUnsigned(a.startLsn(), b.startLsn()));
        }
        showHead(s);
    }

    /** The engine's in-memory timeline shows where a stopped segment ended. */
    private void showHead(Segment s) {
        if (s.endLsn() == null) {
            return;
        }
        timelines.computeIfPresent(s.timelineId(), (k, t) -> {
            List<Segment> list = segments.get(k);
            Segment last = list == null || list.isEmpty() ? s : list.get(list.size() - 1);
            return last == s ? t.withHead(s.endLsn(), s.endAt() == null ? t.headAt() : s.endAt(), s.size()) : t;
        });
    }

    /**
     * The size of a timeline's databases at {@code lsn}, as near as Arbor measured it: the size at the end of the
     * stretch of WAL that holds the point (measured when its compute stopped), the head's size when the point is in
     * the running or newest stretch, and for a point before the timeline's own first stretch its ancestor's at the
     * branch point. A branch made at the point starts with this size, as Neon's does, rather than 0 until its own
     * compute is measured.
     */
    long sizeAt(long timelineId, long lsn) {
        Timeline t = timelines.get(timelineId);
        if (t == null) {
            return 0;
        }
        List<Segment> own = segmentsOf(timelineId);
        for (Segment s : own) {
            if (lsn >= s.startLsn() && (s.endLsn() == null || lsn <= s.endLsn())) {
                boolean newest = s == own.get(own.size() - 1);
                return newest || s.endLsn() == null ? Math.max(0, t.size()) : Math.max(0, s.size());
            }
        }
        if (t.ancestorId() != null && t.ancestorLsn() != null && (own.isEmpty() || lsn < own.get(0).startLsn())) {
            return lsn > t.ancestorLsn() ? Math.max(0, t.size()) : sizeAt(t.ancestorId(), t.ancestorLsn());
        }
        return Math.max(0, t.size());
    }

    /** The size of a timeline's databases at its head as last measured (0 when never measured). */
    private long newestSize(long timelineId) {
        Timeline t = timelines.get(timelineId);
        return t == null ? 0 : Math.max(0, t.size());
    }

    private List<Segment> segmentsOf(long timelineId) {
        List<Segment> list = segments.get(timelineId);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    // ---- storage per root -------------------------------------------------------------------------------------

    private long rootOf(long timelineId) {
        Timeline t = timelines.get(timelineId);
        while (t != null && t.ancestorId() != null) {
            t = timelines.get(t.ancestorId());
        }
        if (t == null) {
            throw new IllegalStateException("timeline " + timelineId + " has no root");
        }
        return t.id();
    }

    /** Forgets a root's storage, its ready copy no longer being made, before its files are deleted. */
    private void closeStorage(long rootId) {
        PgStorage s = storages.remove(rootId);
        if (s != null) {
            s.close();
        }
    }

    private PgStorage storage(long rootId) {
        return storages.computeIfAbsent(rootId, id -> {
            PgStorage s = PgStorage.open(binaries, account, root.resolve("roots").resolve(Long.toString(id)));
            if (readyCopy) {
                s.keepReadyCopy();
            }
            return s;
        });
    }

    /**
     * Gives a new root timeline its Postgres cluster: a copy of the cluster template (Neon's roles and database,
     * {@code neondb_owner} and {@code neondb}, with this root's own passwords), a base backup of the stopped cluster,
     * and one run that seals its WAL past the backup. The timeline's
     * first segment runs from that backup to the sealed end. Idempotent: a root that has its segment is left alone.
     */
    void initRoot(Connection c, long rootId) throws SQLException {
        initRoot(c, rootId, null);
    }

    /**
     * What a schema-only branch starts with: its parent's roles and databases (with their owners) and each database's
     * schema as SQL, read at the branch point. No row of data comes along, not even in the new root's WAL.
     */
    record SchemaSeed(List<String> roles, Map<String, String> databaseOwners, Map<String, String> schemas) {
    }

    /** Reads the seed of a schema-only branch from the parent timeline at {@code lsn}. */
    SchemaSeed schemaAt(long timelineId, long lsn) {
        PostgresServer server = reader(timelineId, lsn);
        List<String> roles = new ArrayList<>();
        Map<String, String> owners = new java.util.LinkedHashMap<>();
        Map<String, String> schemas = new java.util.LinkedHashMap<>();
        try (Connection c = server.connectAsSuperuser("postgres")) {
            for (var r : dev.arbor.pg.PgBranchReader.listRoles(c, "", clock.now())) {
                roles.add(r.name());
            }
            for (var d : dev.arbor.pg.PgBranchReader.listDatabases(c, "", clock.now())) {
                owners.put(d.name(), d.ownerName());
            }
        } catch (SQLException e) {
            throw unreachable(e);
        }
        for (String db : owners.keySet()) {
            try (Connection c = server.connectAsSuperuser(db)) {
                schemas.put(db, new dev.arbor.pg.PgBranchReader(c, db).schemaSql());
            } catch (SQLException e) {
                throw unreachable(e);
            }
        }
        return new SchemaSeed(roles, owners, schemas);
    }

    /** Makes the seed's roles, databases and schemas on a new root's first run, each object owned as on the parent. */
    private static void plant(PostgresServer server, SchemaSeed seed) {
        try (Connection c = server.connectAsSuperuser("postgres"); Statement s = c.createStatement()) {
            for (String role : seed.roles()) {
                if (!PostgresServer.OWNER.equals(role)) {
                    s.execute("create role " + CatalogCommands.quote(role) + " login in role neon_superuser");
                }
            }
            for (var db : seed.databaseOwners().entrySet()) {
                if (!PostgresServer.DATABASE.equals(db.getKey())) {
                    s.execute("create database " + CatalogCommands.quote(db.getKey()) + " owner "
                            + CatalogCommands.quote(db.getValue()));
                }
            }
        } catch (SQLException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "SCHEMA_COPY_FAILED", "Arbor could not make the parent's "
                    + "roles and databases on the schema-only branch: " + e.getMessage(), null, e);
        }
        for (var db : seed.schemas().entrySet()) {
            try (Connection c = server.connectAsSuperuser(db.getKey()); Statement s = c.createStatement()) {
                // the objects belong to the database's owner, as they did on the parent
                s.execute("set role " + CatalogCommands.quote(seed.databaseOwners().get(db.getKey())));
                s.execute(db.getValue());
            } catch (SQLException e) {
                throw new ArborException(ErrorCode.UNAVAILABLE, "SCHEMA_COPY_FAILED", "Arbor could not re-create the "
                        + "schema of database \"" + db.getKey() + "\" on the schema-only branch: " + e.getMessage(), null, e);
            }
        }
    }

    /** As {@link #initRoot(Connection, long)}, planting {@code seed} (may be null) in the first run. */
    void initRoot(Connection c, long rootId, SchemaSeed seed) throws SQLException {
        if (!segmentsOf(rootId).isEmpty()) {
            return;
        }
        // files of a root whose making failed (a timeline id SQLite hands out again) would mix with the new ones
        Path rootDir = root.resolve("roots").resolve(Long.toString(rootId));
        closeStorage(rootId);
        BaseBackups.deleteQuietly(rootDir);
        try {
            makeRoot(c, rootId, seed);
        } catch (SQLException | RuntimeException e) {
            closeStorage(rootId);
            BaseBackups.deleteQuietly(rootDir);
            throw e;
        }
    }

    private void makeRoot(Connection c, long rootId, SchemaSeed seed) throws SQLException {
        PgStorage storage = storage(rootId);
        Path dir = root.resolve("tmp").resolve("init-" + UUID.randomUUID());
        PostgresServer server = storage.createRoot(dir);
        try {
            // the cluster is a copy of the template, with Neon's shape, its passwords and this cluster's settings
            // (max_connections among them) already in pg_control, which a read-only view replaying from the backup
            // checks against its own; a schema-only root plants its parent's schema first
            if (seed != null) {
                server.start(0);
                plant(server, seed);
                server.stop();
            }
            var backup = storage.baseBackups().copyShutDown(server);
            server.start(0);
            long size = sizeOf(server);
            Instant at = lastCommit(server);
            server.stop();
            Lsn end = server.endLsn();
            if (end == null) {
                throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_INIT_FAILED", "The new Postgres cluster did "
                        + "not archive its WAL; its log is " + server.logFile() + ".");
            }
            save(c, new Segment(rootId, 1, backup.stopLsn().value(), end.value(), at == null ? clock.now() : at, size));
        } finally {
            server.close();
            BaseBackups.deleteQuietly(dir);
        }
    }

    // ---- computes -------------------------------------------------------------------------------------------------

    /** Whether the endpoint's compute is running. */
    boolean isRunning(String endpointId) {
        Running r = running.get(endpointId);
        return r != null && r.server().running();
    }

    /**
     * Starts the endpoint's compute on timeline {@code timelineId}: a read-write compute on the timeline's head,
     * promoted to a new TLI (a new segment); a read-only one paused at the head. Already running: nothing happens.
     */
    void startCompute(Connection c, EndpointRecord e, long timelineId) throws SQLException {
        Running now = running.get(e.id);
        if (now != null && now.server().running() && now.timelineId() == timelineId) {
            return;
        }
        if (now != null) {
            stopCompute(c, e.id);
        }
        long head = headOf(timelineId);
        Point p = materializable(timelineId, head);
        Path dir = computeDir(e.id);
        // the compute's directory is a copy of a base backup, and it writes WAL from its first moment
        DiskSpace.require(root, DiskSpace.TO_OPEN + newestSize(timelineId), "to start a compute of this project");
        BaseBackups.deleteQuietly(dir); // a directory left by a crash: its WAL was sealed or is recovered at open
        PgStorage storage = storage(rootOf(timelineId));
        if (e.type == Endpoint.Type.READ_WRITE) {
            PgStorage.Branched b = storage.promote(p.tli, new RecoveryTarget.AtLsn(new Lsn(p.lsn)), dir);
            running.put(e.id, new Running(b.server(), timelineId, b.timeline(), true));
            save(c, new Segment(timelineId, b.timeline(), b.forkLsn().value(), null, null, 0));
        } else {
            PgStorage.Paused v = storage.pause(p.tli, new RecoveryTarget.AtLsn(new Lsn(p.lsn)), dir);
            running.put(e.id, new Running(v.server(), timelineId, p.tli, false));
        }
        log.info("Compute {} is running on timeline {} (port {})", e.id, timelineId, running.get(e.id).server().port());
    }

    /**
     * Stops the endpoint's compute: its clients are disconnected, its WAL is sealed into the archive (every commit
     * kept), its segment records where it ended, and its data directory is deleted.
     */
    void stopCompute(Connection c, String endpointId) throws SQLException {
        stopCompute(c, endpointId, true);
    }

    /** As {@link #stopCompute(Connection, String)}; {@code keepsData} false (its branch is deleted) takes no backup. */
    private void stopCompute(Connection c, String endpointId, boolean keepsData) throws SQLException {
        EndpointProxy proxy = proxies.get(endpointId);
        if (proxy != null) {
            proxy.closeConnections();
        }
        Running r = running.remove(endpointId);
        if (r == null) {
            return;
        }
        long size = 0;
        Instant at = null;
        if (r.writable()) {
            size = sizeOf(r);
            at = lastCommit(r);
            if (keepsData) {
                backUpIfFarBehind(r, true);
            }
        }
        r.admin().close();
        r.server().stop();
        if (r.writable()) {
            Lsn end = r.server().endLsn();
            Segment seg = segmentsOf(r.timelineId()).stream().filter(s -> s.tli() == r.tli()).findFirst().orElse(null);
            if (end == null || seg == null) {
                // the WAL could not be sealed: keep the directory, so nothing committed is lost; opening recovers it
                log.warn("Compute {} stopped without sealing its WAL; its directory is kept", endpointId);
                r.server().close();
                return;
            }
            Timeline t = timelines.get(r.timelineId());
            save(c, new Segment(seg.timelineId(), seg.tli(), seg.startLsn(), end.value(),
                    at != null ? at : t == null ? clock.now() : t.headAt(), size));
        }
        r.server().close();
        removeLater(computeDir(endpointId));
    }

    /**
     * Removes a stopped compute's data directory without holding up what comes next: deleting a copied data directory
     * took 0.4–2 s at 100 MB, a large part of a reset's or restore's downtime. The directory is renamed into
     * {@code tmp/} (one rename on the same file system), so the endpoint's place is free at once, and deleted once the
     * operations that stopped it are done ({@link #removeStopped}): a reset's new compute starts first, without the
     * deletion's I/O beside its own. A removal a crash interrupts is finished at the next open, which empties
     * {@code tmp/}.
     */
    private void removeLater(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        Path aside = root.resolve("tmp").resolve("stopped-" + dir.getFileName() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(aside.getParent());
            Files.move(dir, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            BaseBackups.deleteQuietly(dir);
            return;
        }
        stopped.add(aside);
    }

    /** Deletes, in the background, the directories of the computes stopped so far; the operations' runner calls it. */
    void removeStopped() {
        for (Path dir = stopped.poll(); dir != null; dir = stopped.poll()) {
            Path gone = dir;
            try {
                removals.execute(() -> BaseBackups.deleteQuietly(gone));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                BaseBackups.deleteQuietly(gone);
            }
        }
    }

    /** Tests hold removals to see that a stop does not wait for them. */
    void removeWith(java.util.concurrent.Executor executor) {
        this.removals = executor;
    }

    /**
     * Every start replays the WAL written since the base backup it starts from, so a compute that wrote more than
     * {@link #BACKUP_AFTER_BYTES} since the newest backup on its ancestry takes an online base backup: the next start,
     * and every branch or Time Travel view made after this point, replays at most that much. An online backup
     * ({@code pg_backup_start}, a file copy, {@code pg_backup_stop}) does not hold up the compute's clients. With
     * {@code wait}, a backup already under way (maintenance's) is waited for, then the need is judged again; without,
     * that compute is left to it.
     */
    private void backUpIfFarBehind(Running r, boolean wait) {
        if (wait) {
            r.backup().lock();
        } else if (!r.backup().tryLock()) {
            return;
        }
        try {
            PgStorage storage = storage(rootOf(r.timelineId()));
            long head = r.admin().ask(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_current_wal_lsn()::text")) {
                    rs.next();
                    return Lsn.parse(rs.getString(1)).value();
                }
            });
            if (storage.walToReplay(r.tli(), new Lsn(head)) > BACKUP_AFTER_BYTES) {
                storage.baseBackups().takeOnline(r.server());
                log.info("Took a base backup of timeline {} at {}", r.timelineId(), new Lsn(head));
            }
        } catch (SQLException | RuntimeException e) {
            // a later start replays more WAL, but nothing is lost
            log.warn("Could not take a base backup of timeline {}: {}", r.timelineId(), e.getMessage());
        } finally {
            r.backup().unlock();
        }
    }

    /**
     * A compute that keeps running never stops to take its backup, so maintenance asks each running one: with more
     * than {@link #BACKUP_AFTER_BYTES} of WAL since the newest backup on its ancestry, it takes an online one. Runs
     * beside the engine's operations, without its lock: a compute stopped meanwhile ends the backup, which then
     * publishes nothing.
     */
    void backUpRunning() {
        for (Running r : List.copyOf(running.values())) {
            if (r.writable() && r.server().running()) {
                backUpIfFarBehind(r, false);
            }
        }
    }

    /** WAL written since the newest base backup after which a compute takes a new one. */
    static final long BACKUP_AFTER_BYTES = 64L * 1024 * 1024;

    /** The endpoint's running server, or null. */
    PostgresServer server(String endpointId) {
        Running r = running.get(endpointId);
        return r == null ? null : r.server();
    }

    /** Stops computes whose endpoint is gone and closes their proxies. */
    void forgetEndpoints(Connection c, java.util.Set<String> live) throws SQLException {
        for (String id : List.copyOf(running.keySet())) {
            if (!live.contains(id)) {
                stopCompute(c, id, false);
            }
        }
        for (String id : List.copyOf(proxies.keySet())) {
            if (!live.contains(id)) {
                EndpointProxy p = proxies.remove(id);
                if (p != null) {
                    p.close();
                }
            }
        }
    }

    /** Forgets the segments of timelines the engine has dropped. */
    void forgetTimelines(Connection c, java.util.Set<Long> dropped) throws SQLException {
        for (Long id : dropped) {
            Sql.update(c, "DELETE FROM pg_segment WHERE timeline_id = ?", id);
            segments.remove(id);
        }
    }

    private Path computeDir(String endpointId) {
        return root.resolve("computes").resolve(endpointId);
    }

    // ---- heads and points ---------------------------------------------------------------------------------------

    /**
     * Where a timeline's data ends now: the running compute's WAL position, else where its last segment ended, else
     * (no compute ever ran on it) its branch point.
     */
    long headOf(long timelineId) {
        for (Running r : running.values()) {
            if (r.writable() && r.timelineId() == timelineId && r.server().running()) {
                try {
                    return r.admin().ask(c -> {
                        try (Statement s = c.createStatement();
                             ResultSet rs = s.executeQuery("select pg_current_wal_lsn()::text, "
                                     + "(select timestamp from pg_last_committed_xact())")) {
                            rs.next();
                            long lsn = Lsn.parse(rs.getString(1)).value();
                            Timestamp ts = rs.getTimestamp(2);
                            timelines.computeIfPresent(timelineId, (k, t) -> t.withHead(lsn,
                                    ts == null ? t.headAt() : ts.toInstant(), t.size()));
                            return lsn;
                        }
                    });
                } catch (SQLException e) {
                    throw unreachable(e);
                }
            }
        }
        Timeline t = timelines.get(timelineId);
        return t.headLsn();
    }

    /**
     * Reads where every running read-write compute's WAL is, when it last committed, and how big its databases are, into
     * the engine's timelines; answers the timelines that changed, so the console can be told.
     */
    java.util.Set<Long> refreshRunning() {
        java.util.Set<Long> changed = new java.util.HashSet<>();
        for (Running r : running.values()) {
            if (!r.writable() || !r.server().running()) {
                continue;
            }
            Timeline before = timelines.get(r.timelineId()); // before headOf moves the head: a write changes it
            long size = sizeOf(r);
            try {
                headOf(r.timelineId());
            } catch (ArborException e) {
                continue; // stopping right now: the stop records its end
            }
            Timeline after = timelines.computeIfPresent(r.timelineId(), (k, t) -> t.withHead(t.headLsn(), t.headAt(), size));
            if (before != null && after != null && (before.size() != size || before.headLsn() != after.headLsn())) {
                changed.add(r.timelineId());
            }
        }
        return changed;
    }

    /** A Postgres timeline and LSN that hold the engine timeline's data at {@code lsn}, ready to be materialized. */
    private record Point(int tli, long lsn) {
    }

    /**
     * Finds the segment that holds {@code lsn} on the timeline (walking up to the ancestor at the branch point while
     * the timeline has none) and, when its compute is running, seals that compute's WAL so the archive reaches it.
     */
    private Point materializable(long timelineId, long lsn) {
        return locate(timelineId, lsn, true);
    }

    /** As {@link #materializable}; {@code seal} false only finds the segment, for reasoning about what is needed. */
    private Point locate(long timelineId, long lsn, boolean seal) {
        long tl = timelineId;
        long at = lsn;
        while (true) {
            List<Segment> segs = segmentsOf(tl);
            if (!segs.isEmpty()) {
                Segment hit = null;
                for (Segment s : segs) {
                    if (s.holds(at)) {
                        hit = s;
                    }
                }
                if (hit == null) {
                    Segment last = segs.get(segs.size() - 1);
                    if (last.endLsn() != null && Long.compareUnsigned(at, last.endLsn()) > 0) {
                        throw ArborException.invalid("POINT_AFTER_HEAD", "LSN " + new Lsn(at) + " is after the end "
                                + "of this branch's WAL (" + new Lsn(last.endLsn()) + ").");
                    }
                    hit = segs.get(0);
                }
                if (hit.endLsn() == null && seal) {
                    for (Running r : running.values()) {
                        if (r.writable() && r.tli() == hit.tli() && r.timelineId() == tl) {
                            r.server().archiveWal();
                        }
                    }
                }
                return new Point(hit.tli(), at);
            }
            Timeline t = timelines.get(tl);
            if (t == null || t.ancestorId() == null) {
                throw new IllegalStateException("timeline " + tl + " has no Postgres data");
            }
            if (Long.compareUnsigned(t.ancestorLsn(), at) < 0) {
                at = t.ancestorLsn();
            }
            tl = t.ancestorId();
        }
    }

    /**
     * The first point a timeline can be read at: the end of the oldest base backup left on its ancestry (retention
     * removes older ones), or where its root's first segment starts.
     */
    long firstLsn(long timelineId) {
        long root = rootOf(timelineId);
        List<Segment> rootSegs = segmentsOf(root);
        long first = rootSegs.isEmpty() ? timelines.get(timelineId).headLsn() : rootSegs.get(0).startLsn();
        Point p;
        try {
            p = locate(timelineId, timelines.get(timelineId).headLsn(), false);
        } catch (RuntimeException e) {
            return first;
        }
        long oldest = storage(root).oldestReachable(p.tli);
        return Long.compareUnsigned(oldest, first) > 0 ? oldest : first;
    }

    /**
     * The first moment a timeline can be read at: when the oldest base backup left on its ancestry was taken (a
     * moment before it has no backup to replay from), or null when that cannot be told.
     */
    Instant firstTime(long timelineId) {
        try {
            Point p = locate(timelineId, timelines.get(timelineId).headLsn(), false);
            return storage(rootOf(timelineId)).oldestReachableAt(p.tli);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Removes the WAL and base backups nothing needs any more: every timeline keeps what rebuilds any point of its
     * history window (from {@code horizon}), its head and every branch point on it; a root no timeline descends from
     * any more goes whole. Callers hold the engine's write lock, so no compute starts meanwhile.
     */
    PgStorage.Reclaimed reclaim(Instant horizon) {
        Map<Long, List<PgStorage.Need>> needs = new java.util.HashMap<>();
        for (Timeline t : List.copyOf(timelines.values())) {
            long rootId;
            try {
                rootId = rootOf(t.id());
            } catch (IllegalStateException e) {
                continue;
            }
            List<PgStorage.Need> of = needs.computeIfAbsent(rootId, k -> new ArrayList<>());
            List<Segment> segs = segmentsOf(t.id());
            if (!segs.isEmpty()) {
                Segment last = segs.get(segs.size() - 1);
                of.add(new PgStorage.Need(last.tli(), new RecoveryTarget.AtTime(horizon)));
                if (last.endLsn() != null) {
                    of.add(new PgStorage.Need(last.tli(), new RecoveryTarget.AtLsn(new Lsn(last.endLsn()))));
                }
            }
            if (t.ancestorId() != null && timelines.containsKey(t.ancestorId())) {
                Point p = locate(t.ancestorId(), t.ancestorLsn(), false);
                of.add(new PgStorage.Need(p.tli, new RecoveryTarget.AtLsn(new Lsn(p.lsn))));
            }
        }
        int backups = 0;
        int segments = 0;
        long bytes = 0;
        for (var e : needs.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            PgStorage.Reclaimed r = storage(e.getKey()).retain(e.getValue());
            backups += r.baseBackups();
            segments += r.walSegments();
            bytes += r.bytes();
        }
        Path roots = root.resolve("roots");
        if (Files.isDirectory(roots)) {
            try (Stream<Path> dirs = Files.list(roots)) {
                for (Path d : dirs.toList()) {
                    String name = d.getFileName().toString();
                    if (name.matches("\\d+") && !needs.containsKey(Long.parseLong(name))) {
                        closeStorage(Long.parseLong(name));
                        BaseBackups.deleteQuietly(d); // a schema-only root whose branches are all gone
                    }
                }
            } catch (IOException e) {
                log.warn("Could not list {}: {}", roots, e.getMessage());
            }
        }
        if (backups + segments > 0) {
            log.info("Removed {} base backup(s) and {} WAL segment(s) nothing needs ({} bytes)", backups, segments, bytes);
        }
        return new PgStorage.Reclaimed(backups, segments, bytes);
    }

    /**
     * What a moment on a timeline resolves to, exactly (a read-only server replays to it and says where it stopped).
     * A moment at or after the branch point of a timeline that has no data of its own is its branch point.
     */
    ResolvedPoint resolveTime(long timelineId, Instant time) {
        long tl = timelineId;
        while (segmentsOf(tl).isEmpty()) {
            Timeline t = timelines.get(tl);
            if (!time.isBefore(t.headAt())) {
                return new ResolvedPoint(new Lsn(t.headLsn()), t.headAt());
            }
            tl = t.ancestorId();
        }
        List<Segment> segs = segmentsOf(tl);
        Segment last = segs.get(segs.size() - 1);
        // Postgres stops a replay at the first commit after the moment; a moment after the last commit has none, so it
        // is the head: everything committed so far
        if (last.endLsn() == null) {
            long head = headOf(tl);
            Timeline t = timelines.get(tl);
            materializable(tl, head); // seal the running compute's WAL so the moment is in the archive
            if (!time.isBefore(t.headAt())) {
                return new ResolvedPoint(new Lsn(head), t.headAt());
            }
        } else if (last.endAt() != null && !time.isBefore(last.endAt())) {
            return new ResolvedPoint(new Lsn(last.endLsn()), last.endAt());
        }
        PgStorage.Resolved r;
        try {
            r = storage(rootOf(tl)).resolve(last.tli(), time);
        } catch (ArborException e) {
            if (last.endLsn() == null || !"TARGET_AFTER_END".equals(e.reason())) {
                throw e;
            }
            // no commit after the moment in a sealed timeline (one whose time of last commit is not known, as a new
            // project's, made from a template, has none): everything it holds was there then
            return new ResolvedPoint(new Lsn(last.endLsn()), time);
        }
        return new ResolvedPoint(r.lsn(), r.lastCommit() == null ? time : r.lastCommit());
    }

    // ---- time travel views ----------------------------------------------------------------------------------------

    /** A read-only server paused at {@code lsn} of the timeline, made on first use and shared while it is used. */
    PostgresServer view(long timelineId, long lsn) {
        // keyed by the Postgres point it replays to: branches made at one point (and their parent, stopped at it)
        // share one view, so answering a new branch's databases and roles starts no server of its own
        Point at = locate(timelineId, lsn, false);
        String key = rootOf(timelineId) + "/" + at.tli + "@" + Long.toUnsignedString(at.lsn);
        View v = views.get(key);
        if (v != null && v.server.running()) {
            v.lastUsed = clock.now();
            return v.server;
        }
        synchronized (views) {
            if (closed) {
                // a reader that was already on its way when the project closed: no view outlives the project, and the
                // reader is refused as every call on a closed engine is
                throw ArborException.unavailable("ENGINE_CLOSED", "The project is closed; open it again to read it.", null);
            }
            v = views.get(key);
            if (v != null && v.server.running()) {
                return v.server;
            }
            Point p = materializable(timelineId, lsn);
            Path dir = root.resolve("views").resolve(UUID.randomUUID().toString());
            PgStorage.Paused paused = storage(rootOf(timelineId)).pause(p.tli, new RecoveryTarget.AtLsn(new Lsn(p.lsn)), dir);
            views.put(key, new View(paused.server(), dir, clock.now()));
            return paused.server();
        }
    }

    /**
     * A server that reads the timeline at {@code lsn} (null: its head): the running read-write compute for the head,
     * else a read-only view of the point.
     */
    PostgresServer reader(long timelineId, Long lsn) {
        if (lsn == null) {
            for (Running r : running.values()) {
                if (r.writable() && r.timelineId() == timelineId && r.server().running()) {
                    return r.server();
                }
            }
            lsn = headOf(timelineId);
        }
        return view(timelineId, lsn);
    }

    /** Stops views nobody has used for {@code idleSeconds}; returns how many. */
    int closeIdleViews(long idleSeconds) {
        int n = 0;
        Instant horizon = clock.now().minusSeconds(idleSeconds);
        for (var entry : List.copyOf(views.entrySet())) {
            View v = entry.getValue();
            if (v.lastUsed.isBefore(horizon) && !viewInUse(v)) {
                views.remove(entry.getKey());
                v.server.close();
                BaseBackups.deleteQuietly(v.dir);
                n++;
            }
        }
        return n;
    }

    private boolean viewInUse(View v) {
        try (Connection c = v.server.connectAsSuperuser("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where backend_type = 'client backend'"
                     + " and pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    // ---- proxies -------------------------------------------------------------------------------------------------

    /**
     * Starts the endpoint's proxy on its port (0 on first start: any free port, which the caller then keeps). A port
     * that another program took meanwhile gets a new one, and the log says so.
     */
    int openProxy(EndpointRecord e) {
        EndpointProxy existing = proxies.get(e.id);
        if (existing != null && existing.isOpen()) {
            return existing.port();
        }
        String id = e.id;
        Router router = request -> route(id, request);
        EndpointProxy proxy;
        try {
            proxy = EndpointProxy.start(e.port == null ? 0 : e.port, router);
        } catch (ArborException taken) {
            if (!"PROXY_PORT_IN_USE".equals(taken.reason())) {
                throw taken;
            }
            proxy = EndpointProxy.start(0, router);
            log.warn("Port {} of endpoint {} is in use by another program; the endpoint now listens on {}", e.port, id,
                    proxy.port());
        }
        proxies.put(id, proxy);
        return proxy.port();
    }

    private Target route(String endpointId, dev.arbor.proxy.StartupRequest request) {
        Engine e = engine;
        if (e == null) {
            return Target.refuse(Target.CONNECTION_REJECTED, "The project is closing.");
        }
        if (request.timeTravel()) {
            ResolvedPoint at = e.resolve(endpointId, request.point());
            Running r = running.get(endpointId);
            long timelineId = r != null ? r.timelineId() : -1;
            if (timelineId < 0) {
                e.wake(endpointId);
                timelineId = running.get(endpointId).timelineId();
            }
            return Target.loopback(view(timelineId, at.lsn().value()).port());
        }
        if (!isRunning(endpointId)) {
            e.wake(endpointId);
        }
        PostgresServer s = server(endpointId);
        if (s == null) {
            return Target.refuse(Target.CONNECTION_REJECTED, "The compute of endpoint " + endpointId + " is not running.");
        }
        return Target.loopback(s.port());
    }

    /**
     * When the endpoint's compute was last used: the later of what the control plane recorded (its last start or
     * write) and its proxy's last client, now while one is connected.
     */
    Instant lastUsed(EndpointRecord e) {
        Instant recorded = e.lastActive != null ? e.lastActive : e.startedAt;
        Instant proxied = lastActive(e.id);
        return proxied != null && (recorded == null || proxied.isAfter(recorded)) ? proxied : recorded;
    }

    /** When a client was last connected through the endpoint's proxy: now while one is, else its last disconnect. */
    Instant lastActive(String endpointId) {
        EndpointProxy p = proxies.get(endpointId);
        if (p == null) {
            return null;
        }
        return p.connections() > 0 ? clock.now() : p.lastActive();
    }

    // ---- connections ---------------------------------------------------------------------------------------------

    ConnectionDetails details(EndpointRecord e, long timelineId, String database, String role) {
        EndpointProxy p = proxies.get(e.id);
        int port = p != null ? p.port() : e.port == null ? 0 : e.port;
        if (port == 0) {
            throw ArborException.unavailable("ENDPOINT_NOT_LISTENING", "Endpoint " + e.id + " is not listening yet.", null);
        }
        return new ConnectionDetails(e.id, HOST, port, database, role, password(timelineId, role));
    }

    String password(long timelineId, String role) {
        String password = storageOf(timelineId).passwordOf(role);
        if (password == null) {
            throw new ArborException(ErrorCode.NOT_FOUND, "ROLE_PASSWORD_UNKNOWN", "Arbor does not know the password "
                    + "of role \"" + role + "\": it was made or changed in SQL. Reset it through Arbor to get one.");
        }
        return password;
    }

    /** The storage that holds a timeline's WAL, base backups and role passwords. */
    PgStorage storageOf(long timelineId) {
        return storage(rootOf(timelineId));
    }

    // ---- measuring ---------------------------------------------------------------------------------------------

    private static final String SIZE_SQL = "select coalesce(sum(pg_database_size(datname)), 0) from pg_database "
            + "where not datistemplate and datname <> 'postgres'";
    private static final String LAST_COMMIT_SQL = "select timestamp from pg_last_committed_xact()";

    private static long sizeOf(PostgresServer server) {
        try (Connection c = server.connectAsSuperuser("postgres")) {
            return sizeOf(c);
        } catch (SQLException | RuntimeException e) {
            return 0;
        }
    }

    /** A running compute's size, asked on its kept connection. */
    private static long sizeOf(Running r) {
        try {
            return r.admin().ask(DataPlane::sizeOf);
        } catch (SQLException | RuntimeException e) {
            return 0;
        }
    }

    private static long sizeOf(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SIZE_SQL)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Instant lastCommit(PostgresServer server) {
        try (Connection c = server.connectAsSuperuser("postgres")) {
            return lastCommit(c);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /** When a running compute last committed, asked on its kept connection. */
    private static Instant lastCommit(Running r) {
        try {
            return r.admin().ask(DataPlane::lastCommit);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private static Instant lastCommit(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LAST_COMMIT_SQL)) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            return t == null ? null : t.toInstant();
        }
    }

    private static ArborException unreachable(SQLException e) {
        return ArborException.unavailable("COMPUTE_UNREACHABLE", "Arbor could not reach a running compute ("
                + e.getMessage() + ").", e);
    }

    /**
     * Computes a killed Arbor left behind: each read-write one ({@code writableOn}: endpoint id to its branch's
     * timeline) is started (stopping the orphaned postmaster cleanly first, so no two ever run on one directory) and
     * stopped again, which seals its last commits into the archive; then its directory goes. Read-only computes and
     * views are simply deleted: they hold nothing of their own (started as writable, a read-only one would close the
     * branch's open segment at its own replay position).
     */
    void recoverLeftovers(Connection c, Map<String, Long> writableOn) throws SQLException {
        // a server a killed Arbor left running in a directory about to go would serve it on, deleted, forever
        for (Path scratch : scratchDirectories()) {
            LeftoverPostmasters.stopUnder(scratch);
            BaseBackups.deleteQuietly(scratch);
        }
        Path computes = root.resolve("computes");
        if (!Files.isDirectory(computes)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(computes)) {
            dirs = s.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (Path dir : dirs) {
            String endpointId = dir.getFileName().toString();
            Long timelineId = writableOn.get(endpointId);
            Segment open = timelineId == null ? null : segmentsOf(timelineId).stream()
                    .filter(s -> s.endLsn() == null).findFirst().orElse(null);
            if (open != null && Files.exists(dir.resolve("data").resolve("PG_VERSION"))) {
                PostgresServer server = PostgresServer.open(binaries, account, dir,
                        storage(rootOf(timelineId)).archive());
                server.start(0);
                running.put(endpointId, new Running(server, timelineId, open.tli(), true));
                stopCompute(c, endpointId);
                if (!Files.exists(dir)) { // else the stop said why it kept the directory
                    log.info("Sealed the WAL of compute {}, left running by an earlier Arbor", endpointId);
                }
            } else {
                LeftoverPostmasters.stopUnder(dir);
                BaseBackups.deleteQuietly(dir);
            }
        }
        removeStopped();
    }

    /** Views, stopped computes being deleted, and each storage's scratch (a moment being resolved). */
    private List<Path> scratchDirectories() {
        List<Path> dirs = new ArrayList<>(List.of(root.resolve("views"), root.resolve("tmp")));
        Path roots = root.resolve("roots");
        if (Files.isDirectory(roots)) {
            try (Stream<Path> each = Files.list(roots)) {
                each.map(r -> r.resolve("tmp")).forEach(dirs::add);
            } catch (IOException e) {
                log.warn("Could not list {}: {}", roots, e.getMessage());
            }
        }
        return dirs;
    }

    @Override
    public void close() {
        engine = null;
        proxies.values().forEach(EndpointProxy::close);
        proxies.clear();
        synchronized (views) { // waits for a view being made, and refuses any later one
            closed = true;
            for (View v : views.values()) {
                v.server.close();
                BaseBackups.deleteQuietly(v.dir);
            }
            views.clear();
        }
        for (var entry : List.copyOf(running.entrySet())) {
            try {
                entry.getValue().admin().close();
                entry.getValue().server().close();
            } catch (RuntimeException e) {
                log.warn("Compute {} did not stop cleanly: {}", entry.getKey(), e.getMessage());
            }
        }
        // a closed project leaves no files being written or deleted behind it (its directory may be deleted or renamed)
        storages.values().forEach(PgStorage::close);
        removeStopped();
        remover.shutdown();
        try {
            if (!remover.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES)) {
                log.warn("Stopped computes' files are still being removed; the next open removes what is left");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- a project directory renamed whole (the demo is made in a hidden sibling, then renamed into place) ------

    /** The directory under {@link #SYSTEM_ROOT} that {@link #placeFor} gives {@code dataDir}, whether or not it exists. */
    static Path systemPlaceOf(Path dataDir) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(
                    dataDir.toAbsolutePath().normalize().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return SYSTEM_ROOT.resolve(java.util.HexFormat.of().formatHex(h, 0, 8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Before a closed project's directory {@code from} is renamed to {@code to}: the Postgres files kept for it under
     * {@link #SYSTEM_ROOT} (Arbor as root, a directory Postgres's account cannot reach) are renamed to the place of
     * {@code to}, since that place is named after the path. Files already there belong to no project when {@code to}
     * holds none (a rename that never happened) and are replaced. Returns whether anything moved.
     */
    static boolean followRename(Path from, Path to) throws IOException {
        Path source = systemPlaceOf(from);
        if (!Files.isDirectory(source)) {
            return false;
        }
        Path target = systemPlaceOf(to);
        if (Files.exists(target)) {
            if (Files.exists(to.resolve(Store.DB_FILE))) {
                throw new java.nio.file.FileAlreadyExistsException(target.toString(), null, "the Postgres files of "
                        + to + ", which holds a project");
            }
            BaseBackups.deleteQuietly(target);
        }
        Files.move(source, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(target.resolve("project.txt"), "The Postgres files of the Arbor project in "
                + to.toAbsolutePath().normalize() + "\n");
        return true;
    }

    /** Deletes the Postgres files kept under {@link #SYSTEM_ROOT} for a project directory that is gone. */
    static void forgetSystemFiles(Path dataDir) {
        Path place = systemPlaceOf(dataDir);
        if (Files.isDirectory(place)) {
            BaseBackups.deleteQuietly(place);
        }
    }
}
