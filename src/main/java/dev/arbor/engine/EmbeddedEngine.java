package dev.arbor.engine;

import dev.arbor.backend.BackendEvent;
import dev.arbor.backend.BranchResult;
import dev.arbor.backend.HistoryWindow;
import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Database;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.domain.Role;
import dev.arbor.backend.ConnectionDetails;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded branching engine: a control plane of branches, endpoints and operations, persisted in one SQLite
 * database, over copy-on-write timelines whose data is real Postgres ({@link DataPlane}).
 *
 * <p>Mutations are checked against {@link BranchPolicy} and committed at once; the work they imply (a branch
 * becoming ready, a compute starting, storage being reclaimed) runs as {@link Operation}s in the background,
 * and while any operation is unfinished a further mutation is refused as locked, as Neon does (HTTP 423).
 * Callers that want the end state wait with {@link #awaitOperations}.
 *
 * <p>This class wires the parts and offers them as one surface: {@link ProjectLoader} opens the directory,
 * {@link WriteFrame} frames every change, {@link BranchCommands}, {@link RestorePlanner} and
 * {@link EndpointCommands} make them, {@link OperationRunner} does the work operations stand for,
 * {@link PointResolver} turns points in time into LSNs, {@link BranchData} reads a branch's data at a point
 * (timelines are kept by {@link TimelineStore}, their bytes by {@link DataPlane}), and {@link Maintenance} acts on
 * time.
 */
public final class EmbeddedEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedEngine.class);
    static final String DEFAULT_DATABASE = ProjectLoader.DEFAULT_DATABASE;
    static final String DEFAULT_ROLE = ProjectLoader.DEFAULT_ROLE;

    private final Store store;
    private final EngineClock clock;
    private final Names names = Names.secure();
    private final EngineLock lock = new EngineLock();
    private final EngineEvents events = new EngineEvents();
    private final TimelineStore data;
    private final ControlPlane state;
    private final OperationLog operationLog;
    private final OperationRunner runner;
    private final PointResolver points;
    private final BranchCommands branchCommands;
    private final RestorePlanner restores;
    private final EndpointCommands endpointCommands;
    private final BranchData branchData;
    private final Maintenance maintenance;
    private final DataPlane plane;
    private final CatalogCommands catalog;
    private final ExecutorService ownExecutor;

    private EmbeddedEngine(Store store, EngineOptions options) {
        this.store = store;
        this.clock = new EngineClock(options.clock());
        Executor operationExecutor;
        if (options.operationExecutor() != null) {
            operationExecutor = options.operationExecutor();
            this.ownExecutor = null;
        } else {
            this.ownExecutor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "arbor-operations");
                t.setDaemon(true);
                return t;
            });
            operationExecutor = ownExecutor;
        }
        data = new TimelineStore();
        state = new ControlPlane(data.timelines(), clock);
        plane = new DataPlane(store.dir(), data.timelines(), clock, options.readyCopy());
        operationLog = new OperationLog(store, state);
        runner = new OperationRunner(store, lock, state, data, plane, operationLog, events, clock);
        WriteFrame frame = new WriteFrame(store, lock, state, clock, events, ops -> {
            try {
                operationExecutor.execute(() -> runner.run(ops));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // a change committed while the engine closes: its operations are recorded, and are finished when the
                // project is next opened, as those a shutdown interrupted are
                log.info("{} operation(s) left for the next open: the project is closing", ops.size());
            }
        });
        points = new PointResolver(store, lock, state, data.timelines(), plane, clock);
        branchCommands = new BranchCommands(frame, state, data, plane, points, names, clock);
        restores = new RestorePlanner(frame, state, data, plane, points, names, clock);
        endpointCommands = new EndpointCommands(frame, state, names, clock);
        branchData = new BranchData(lock, state, plane, points);
        maintenance = new Maintenance(lock, state, plane, events, branchCommands, endpointCommands, runner, clock);
        catalog = new CatalogCommands(new CatalogCommands.Computes() {
            @Override
            public dev.arbor.pg.PostgresServer wake(String branchIdOrName) {
                String endpointId = lock.read(() -> {
                    BranchRecord b = state.requireBranch(branchIdOrName);
                    return state.endpointsOf(b.id).stream().filter(e -> e.type == Endpoint.Type.READ_WRITE)
                            .findFirst().orElseThrow(() -> ArborException.rule("BRANCH_HAS_NO_COMPUTE", "Branch \""
                                    + b.name + "\" has no read-write compute to run the change on; add one first."))
                            .id;
                });
                if (!plane.isRunning(endpointId)) {
                    wakeEndpoint(endpointId);
                }
                return plane.server(endpointId);
            }

            @Override
            public dev.arbor.pg.PgStorage storageOf(String branchIdOrName) {
                return plane.storageOf(lock.read(() -> state.requireBranch(branchIdOrName).timelineId));
            }

            @Override
            public String branchId(String branchIdOrName) {
                return lock.read(() -> state.requireBranch(branchIdOrName).id);
            }
        }, clock);
        maintenance.schedule(options.maintenanceInterval());
    }

    public static EmbeddedEngine open(Path dir) {
        return open(dir, EngineOptions.defaults());
    }

    /** Opens (or, in an empty directory, creates) a project. The directory stays locked until {@link #close}. */
    public static EmbeddedEngine open(Path dir, EngineOptions options) {
        Store store = Store.open(dir, options.syncEveryCommit());
        EmbeddedEngine engine = new EmbeddedEngine(store, options);
        try {
            ProjectLoader loader = new ProjectLoader(store, engine.state, engine.data, engine.names, engine.clock);
            List<Operation> interrupted = loader.load(options.newProject(), engine.operationLog);
            engine.openDataPlane();
            engine.runner.finishInterrupted(interrupted);
        } catch (SQLException | RuntimeException e) {
            engine.close();
            if (e instanceof ArborException ae) {
                throw ae;
            }
            throw ArborException.unavailable("DATA_DIR_UNREADABLE", "Arbor cannot read the project in " + dir + ": "
                    + e.getMessage(), e);
        }
        return engine;
    }

    /**
     * Brings real Postgres up to date with the control plane: every root has its cluster, computes a killed Arbor
     * left running are sealed and stopped, and every endpoint listens on its port (a new one gets a port for life).
     */
    private void openDataPlane() throws SQLException {
        plane.connect(new DataPlane.Engine() {
            @Override
            public void wake(String endpointId) {
                wakeEndpoint(endpointId);
            }

            @Override
            public ResolvedPoint resolve(String endpointId, PointInTime point) {
                String branchId = lock.read(() -> state.requireEndpoint(endpointId).branchId);
                return points.resolve(branchId, point);
            }
        });
        lock.writer().lock();
        try {
            Connection c = store.writer();
            plane.load(c);
            for (Timeline t : List.copyOf(data.timelines().values())) {
                if (t.ancestorId() == null && state.branches().stream().anyMatch(b -> b.timelineId == t.id())) {
                    plane.initRoot(c, t.id());
                }
            }
            // an endpoint whose branch row is gone (a directory damaged by an older Arbor) has nothing to serve
            List<EndpointRecord> served = state.endpoints().stream().filter(e -> state.branch(e.branchId) != null)
                    .toList();
            Map<String, Long> writableOn = new HashMap<>();
            for (EndpointRecord e : served) {
                if (e.type == Endpoint.Type.READ_WRITE) {
                    writableOn.put(e.id, state.branch(e.branchId).timelineId);
                }
            }
            plane.recoverLeftovers(c, writableOn);
            Instant now = clock.now();
            for (EndpointRecord e : served) {
                int port = plane.openProxy(e);
                EndpointRecord r = e.copy();
                boolean changed = !Integer.valueOf(port).equals(e.port);
                r.port = port;
                if (r.currentState == Endpoint.State.ACTIVE && !plane.isRunning(e.id)) {
                    // its compute ended with the Arbor that ran it; a client connecting wakes it again. Its active
                    // time counts until the last activity Arbor recorded, not the hours Arbor was not running
                    r.becomeIdle(now, r.lastActive != null && r.startedAt != null && r.lastActive.isAfter(r.startedAt)
                            ? r.lastActive : r.startedAt);
                    changed = true;
                }
                if (changed) {
                    r.updatedAt = now;
                    r.save(c);
                    state.put(r);
                }
            }
        } finally {
            lock.writer().unlock();
        }
    }

    /**
     * Starts an endpoint's compute for a client that connected to it, as the start operation does, waiting out
     * another change that holds the project for up to a minute.
     */
    private void wakeEndpoint(String endpointId) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            try {
                runner.await(endpointCommands.start(endpointId).operations(), Duration.ofMinutes(2));
                return;
            } catch (ArborException e) {
                if (e.code() != dev.arbor.domain.ErrorCode.LOCKED || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw ArborException.unavailable("INTERRUPTED", "Waking the compute was interrupted.", ie);
            }
        }
    }

    private void suspendAtClose(Connection c, EndpointRecord e) {
        Instant now = clock.now();
        EndpointRecord r = e.copy();
        r.becomeIdle(now, now);
        r.pendingState = null;
        r.updatedAt = now;
        try {
            r.save(c);
            state.put(r);
        } catch (SQLException ex) {
            log.warn("Compute {}'s active time could not be recorded at close: {}", e.id, ex.getMessage());
        }
    }

    /** The data plane, for tests of this package. */
    DataPlane dataPlane() {
        return plane;
    }

    /**
     * How a client connects to a branch: its read-write endpoint's port (any endpoint when it has none), the database
     * and role asked for.
     */
    public ConnectionDetails connectionDetails(String branchIdOrName, String database, String role) {
        return lock.read(() -> {
            BranchRecord b = state.requireBranch(branchIdOrName);
            EndpointRecord e = state.endpointsOf(b.id).stream()
                    .sorted(java.util.Comparator.comparing((EndpointRecord x) -> x.type != Endpoint.Type.READ_WRITE))
                    .findFirst().orElseThrow(() -> ArborException.rule("BRANCH_HAS_NO_COMPUTE", "Branch \"" + b.name
                            + "\" has no compute to connect to; add one first."));
            return plane.details(e, b.timelineId, database == null ? DEFAULT_DATABASE : database,
                    role == null ? DEFAULT_ROLE : role);
        });
    }

    /** Creates a database on a branch, owned by {@code owner} (the branch's compute wakes). */
    public Database createDatabase(String branchIdOrName, String name, String owner) {
        return catalog.createDatabase(branchIdOrName, name, owner);
    }

    public void deleteDatabase(String branchIdOrName, String name) {
        catalog.deleteDatabase(branchIdOrName, name);
    }

    /** Creates a role on a branch; answers it with its generated password (null for a role that cannot log in). */
    public Map.Entry<Role, String> createRole(String branchIdOrName, String name, boolean noLogin) {
        CatalogCommands.RoleWithPassword r = catalog.createRole(branchIdOrName, name, noLogin);
        return new java.util.AbstractMap.SimpleImmutableEntry<>(r.role(), r.password());
    }

    public void deleteRole(String branchIdOrName, String name) {
        catalog.deleteRole(branchIdOrName, name);
    }

    /** Gives a role a new generated password and answers it. */
    public String resetRolePassword(String branchIdOrName, String name) {
        return catalog.resetPassword(branchIdOrName, name);
    }

    /** Restarts a compute: suspends it, then starts it again (its clients are disconnected). */
    public BranchResult restartEndpoint(String endpointId) {
        BranchResult suspended = suspendEndpoint(endpointId);
        runner.await(suspended.operations(), Duration.ofMinutes(2));
        return startEndpoint(endpointId);
    }

    /** The password of a role on a branch ({@code reveal_password}). */
    public String revealPassword(String branchIdOrName, String role) {
        return lock.read(() -> plane.password(state.requireBranch(branchIdOrName).timelineId, role));
    }

    public Path dataDir() {
        return store.dir();
    }

    // ----- the control plane, read

    public Project project() {
        return lock.read(state::project);
    }

    public List<Branch> branches() {
        return lock.read(state::branchesAsDomain);
    }

    /** A branch by id, or by name when no id matches. */
    public Branch branch(String idOrName) {
        return lock.read(() -> state.asDomain(state.requireBranch(idOrName)));
    }

    public List<Endpoint> endpoints(String branchIdOrName) {
        return lock.read(() -> state.endpointsOf(state.requireBranch(branchIdOrName).id).stream().map(state::asDomain).toList());
    }

    public List<Endpoint> allEndpoints() {
        return lock.read(() -> state.endpoints().stream().map(state::asDomain).toList());
    }

    public Endpoint endpoint(String endpointId) {
        return lock.read(() -> state.asDomain(state.requireEndpoint(endpointId)));
    }

    /** The rules as they stand now, for explaining what is allowed. */
    public BranchPolicy policy() {
        return lock.read(state::policy);
    }

    public List<Database> databases(String branchIdOrName) {
        return branchData.databases(branchIdOrName);
    }

    public List<Role> roles(String branchIdOrName) {
        return branchData.roles(branchIdOrName);
    }

    /** Operations newest first; {@code beforeSeq} (exclusive, 0 = from the newest) pages backwards. */
    public List<Operation> operations(long beforeSeq, int limit) {
        return operationLog.page(beforeSeq, limit);
    }

    /** The sequence number of an operation, for paging with {@link #operations}. */
    public long operationSeq(String operationId) {
        return operationLog.seq(operationId);
    }

    public Operation operation(String id) {
        return operationLog.get(id);
    }

    // ----- the control plane, changed

    public BranchResult createBranch(CreateBranchSpec spec) {
        return branchCommands.create(spec);
    }

    public BranchResult updateBranch(String idOrName, BranchPatch patch) {
        return branchCommands.update(idOrName, patch);
    }

    public BranchResult setDefault(String idOrName) {
        return branchCommands.setDefault(idOrName);
    }

    /** Reset from parent: the branch takes its parent's latest data; with children, a backup name is needed. */
    public BranchResult resetFromParent(String idOrName, String preserveUnderName) {
        return restores.resetFromParent(idOrName, preserveUnderName);
    }

    /**
     * Restores a branch from a source at a point. A restore from the parent's head is a reset from parent
     * (reference §2.4: the API has no other way to say it), with the reset's rules and parent links.
     */
    public BranchResult restore(String idOrName, RestoreSpec spec) {
        return restores.restore(idOrName, spec);
    }

    public BranchResult deleteBranch(String idOrName) {
        return branchCommands.delete(idOrName);
    }

    public BranchResult createEndpoint(String branchIdOrName, EndpointSpec spec) {
        return endpointCommands.create(branchIdOrName, spec);
    }

    public BranchResult startEndpoint(String endpointId) {
        return endpointCommands.start(endpointId);
    }

    public BranchResult suspendEndpoint(String endpointId) {
        return endpointCommands.suspend(endpointId);
    }

    /** Changes the history window and the plan limits. */
    public Project updateProject(long historyRetentionSeconds, Project.Limits limits) {
        if (historyRetentionSeconds < 0 || historyRetentionSeconds > Project.MAX_HISTORY_RETENTION_SECONDS) {
            throw ArborException.invalid("INVALID_HISTORY_RETENTION", "History retention must be between 0 and "
                    + Project.MAX_HISTORY_RETENTION_SECONDS + " seconds (30 days); got " + historyRetentionSeconds + ".");
        }
        lock.writer().lock();
        try {
            lock.checkOpen();
            Instant now = clock.now();
            Sql.update(store.writer(), "UPDATE project SET history_retention_seconds = ?, max_branches = ?, max_root_branches = ?,"
                    + " max_protected_branches = ?, updated_at = ?", historyRetentionSeconds, limits.maxBranches(),
                    limits.maxRootBranches(), limits.maxProtectedBranches(), now);
            Project p = state.project();
            state.project(new Project(p.id(), p.name(), historyRetentionSeconds, limits, p.createdAt(), now));
            return state.project();
        } catch (SQLException e) {
            throw Sql.failure(e);
        } finally {
            lock.writer().unlock();
        }
    }

    /**
     * Waits until the operations finish. A failed operation becomes an {@link ArborException}; running out of
     * time leaves them running and says so.
     */
    public void awaitOperations(Collection<Operation> ops, Duration timeout) {
        runner.await(ops, timeout);
    }

    // ----- history and data

    public HistoryWindow historyWindow(String branchIdOrName) {
        return points.historyWindow(branchIdOrName);
    }

    /** Resolves a point on a branch, refusing points outside its history window with a sentence that states it. */
    public ResolvedPoint resolve(String branchIdOrName, PointInTime point) {
        return points.resolve(branchIdOrName, point);
    }

    /**
     * Reads a database of a branch at a point on real Postgres, through the branch's compute at the head or a read-only
     * Time Travel view of the point (made on first use, kept while used).
     */
    public <T> T readPostgres(String branchIdOrName, String database, PointInTime point,
                              Function<dev.arbor.pg.PgBranchReader, T> work) {
        return branchData.onReader(branchIdOrName, database, point, (c, reader) -> work.apply(reader));
    }

    // ----- maintenance

    /**
     * Deletes branches whose time has come (when the rules allow), suspends computes idle past their timeout,
     * and reclaims history older than the window. Each deletion and suspension is an operation.
     */
    public MaintenanceReport runMaintenance() {
        return maintenance.run();
    }

    /** Reclaims the WAL and base backups older than the history window that no readable point needs; the bytes. */
    public long collectHistory() {
        return maintenance.collectHistory();
    }

    /** Timelines stored, for measuring reclamation. */
    public int storedTimelines() {
        return data.storedTimelines();
    }

    // ----- events and closing

    public AutoCloseable subscribe(Consumer<BackendEvent> listener) {
        return events.subscribe(listener);
    }

    /** Lets running operations finish, then closes the database and releases the directory. */
    @Override
    public void close() {
        if (lock.isClosed()) {
            return;
        }
        lock.beginClosing();
        maintenance.stop();
        if (ownExecutor != null) {
            ownExecutor.shutdown();
            try {
                if (!ownExecutor.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("Operations still running at close; they finish when the project is next opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopComputes();
        lock.close(store::close);
        plane.close();
    }

    /**
     * Seals and stops every running compute, recording where each timeline's WAL ends; each endpoint goes idle, its
     * active time counted up to now.
     */
    private void stopComputes() {
        lock.writer().lock();
        try {
            Connection c = store.writer();
            for (EndpointRecord e : List.copyOf(state.endpoints())) {
                if (plane.isRunning(e.id)) {
                    try {
                        plane.stopCompute(c, e.id);
                    } catch (SQLException | RuntimeException ex) {
                        log.warn("Compute {} did not stop cleanly: {}", e.id, ex.getMessage());
                    }
                }
                if (e.currentState == Endpoint.State.ACTIVE) {
                    suspendAtClose(c, e);
                }
            }
        } finally {
            lock.writer().unlock();
        }
    }
}
