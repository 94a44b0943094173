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
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Comparator;
import java.util.ArrayList;
import java.sql.Statement;
import java.sql.ResultSet;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded branching engine: a control plane of branches, endpoints and operations over copy-on-write
 * timelines of versioned data, persisted in one SQLite database.
 *
 * <p>Mutations are checked against {@link BranchPolicy} and committed at once; the work they imply (a branch
 * becoming ready, a compute starting, storage being reclaimed) runs as {@link Operation}s in the background,
 * and while any operation is unfinished a further mutation is refused as locked, as Neon does (HTTP 423).
 * Callers that want the end state wait with {@link #awaitOperations}.
 *
 * <p>This class wires the parts and offers them as one surface: {@link ProjectLoader} opens the directory,
 * {@link WriteFrame} frames every change, {@link BranchCommands}, {@link RestorePlanner} and
 * {@link EndpointCommands} make them, {@link OperationRunner} does the work operations stand for,
 * {@link PointResolver} turns points in time into LSNs, {@link BranchData} reads and writes a branch's data
 * (kept by {@link TimelineStore}), and {@link Maintenance} acts on time.
 */
public final class EmbeddedEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedEngine.class);
    static final String DEFAULT_DATABASE = "neondb";
    static final String DEFAULT_ROLE = "neondb_owner";

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
    private final ExecutorService ownExecutor;
    private ScheduledExecutorService scheduler;

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
        data = new TimelineStore(store, clock);
        state = new ControlPlane(data.timelines());
        operationLog = new OperationLog(store, state);
        runner = new OperationRunner(store, lock, state, data, operationLog, events, clock);
        WriteFrame frame = new WriteFrame(store, lock, state, data, clock, events,
                ops -> operationExecutor.execute(() -> runner.run(ops)));
        points = new PointResolver(store, lock, state, data.timelines(), clock);
        branchCommands = new BranchCommands(frame, state, data, points, names, clock);
        restores = new RestorePlanner(frame, state, data, points, names, clock);
        endpointCommands = new EndpointCommands(frame, state, names, clock);
        branchData = new BranchData(lock, frame, state, data, points, events, clock);
        scheduleMaintenance(options.maintenanceInterval());
    }

    public static EmbeddedEngine open(Path dir) {
        return open(dir, EngineOptions.defaults());
    }

    /** Opens (or, in an empty directory, creates) a project. The directory stays locked until {@link #close}. */
    public static EmbeddedEngine open(Path dir, EngineOptions options) {
        Store store = Store.open(dir, options.syncEveryCommit());
        EmbeddedEngine engine = new EmbeddedEngine(store, options);
        try {
            engine.runner.finishInterrupted(engine.load(options.newProject(), engine.operationLog));
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

    public Path dataDir() {
        return store.dir();
    }

    // ----- loading and the new project

    /**
     * Loads the project (creating it with {@code newProject} in an empty directory) and answers the operations a
     * shutdown interrupted, for the caller to finish.
     */
    private List<Operation> load(EngineOptions.NewProject newProject, OperationLog operations) throws SQLException {
        Connection c = store.writer();
        Project project = null;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM project LIMIT 1")) {
            if (rs.next()) {
                project = new Project(rs.getString("id"), rs.getString("name"), rs.getLong("history_retention_seconds"),
                        new Project.Limits(rs.getInt("max_branches"), rs.getInt("max_root_branches"),
                                rs.getInt("max_protected_branches")),
                        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
            }
        }
        if (project == null) {
            createProject(newProject);
            return List.of();
        }
        state.project(project);
        data.load(c);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM branch ORDER BY created_at, id")) {
            while (rs.next()) {
                state.put(BranchRecord.load(rs));
            }
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM endpoint ORDER BY created_at, id")) {
            while (rs.next()) {
                state.put(EndpointRecord.load(rs));
            }
        }
        restoreDefaultBranch(c);
        return operations.interrupted(c);
    }

    /**
     * A project always has a default branch: it is where a branch without a parent starts. A directory that lost
     * its default's row (before Arbor refused broken names, a name clash could replace it) would refuse every such
     * create, so the oldest root without an expiry (else the oldest branch) becomes the default again.
     */
    private void restoreDefaultBranch(Connection c) throws SQLException {
        if (state.branches().isEmpty() || state.branches().stream().anyMatch(b -> b.isDefault)) {
            return;
        }
        BranchRecord chosen = state.branches().stream().filter(b -> b.parentId == null && b.expiresAt == null).findFirst()
                .or(() -> state.branches().stream().filter(b -> b.expiresAt == null).findFirst())
                .orElse(state.branches().iterator().next()).copy();
        chosen.isDefault = true;
        chosen.expiresAt = null;
        chosen.ttlIntervalSeconds = null;
        chosen.save(c);
        state.put(chosen);
        log.warn("The project had no default branch; \"{}\" ({}) is the default branch again", chosen.name, chosen.id);
    }

    private void createProject(EngineOptions.NewProject np) throws SQLException {
        Instant now = clock.now();
        Project project = new Project(names.projectId(), np.name(), np.historyRetentionSeconds(), np.limits(), now, now);
        state.project(project);
        data.startEmpty();
        Connection c = store.writer();
        c.setAutoCommit(false);
        try {
            Sql.update(c, "INSERT INTO project VALUES (?, ?, ?, ?, ?, ?, ?, ?)", project.id(), project.name(),
                    project.historyRetentionSeconds(), np.limits().maxBranches(), np.limits().maxRootBranches(),
                    np.limits().maxProtectedBranches(), now, now);
            Changes ch = new Changes(c, state, clock);
            Timeline root = data.newTimeline(ch, null, null, 0, now);
            data.commitData(ch, root, tx -> {
                tx.createRole(DEFAULT_ROLE);
                tx.createDatabase(DEFAULT_DATABASE, DEFAULT_ROLE);
                return null;
            });
            BranchRecord main = new BranchRecord();
            main.id = names.branchId();
            main.name = "main";
            main.timelineId = root.id();
            main.isDefault = true;
            main.firstRoot = true;
            main.stateChangedAt = now;
            main.createdAt = now;
            main.updatedAt = now;
            main.createdBy = BranchCommands.creator(null);
            ch.put(main);
            EndpointRecord ep = EndpointRecord.create(names.endpointId(), main.id, EndpointSpec.readWrite(), now);
            ep.currentState = Endpoint.State.IDLE;
            ep.pendingState = null;
            ch.put(ep);
            data.saveCounters(c);
            c.commit();
            ch.applyCommitted();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        log.info("Created project {} in {}", project.id(), store.dir());
    }

    // ----- the control plane, read

    public Project project() {
        return lock.read(state::project);
    }

    public List<Branch> branches() {
        return lock.read(() -> state.branches().stream().map(state::asDomain).toList());
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
     * Runs one transaction on a branch: everything {@code work} writes commits at one new LSN, or nothing
     * does if it throws. Writing activates the branch's read-write compute.
     */
    public <T> T transact(String branchIdOrName, Function<DataTransaction, T> work) {
        return branchData.transact(branchIdOrName, work);
    }

    public void write(String branchIdOrName, Consumer<DataTransaction> work) {
        transact(branchIdOrName, tx -> {
            work.accept(tx);
            return null;
        });
    }

    /** A read-only view of a branch at a point (resolved and checked against the history window). */
    public Snapshot read(String branchIdOrName, PointInTime point) {
        return branchData.read(branchIdOrName, point);
    }

    // ----- maintenance

    /** What one maintenance pass did. */
    public record MaintenanceReport(List<String> expiredBranches, List<String> suspendedEndpoints, long versionsReclaimed) {
    }

    /** Runs a pass every {@code every} on a background thread; null, zero or negative: only when asked. */
    private void scheduleMaintenance(Duration every) {
        if (every == null || every.isZero() || every.isNegative()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arbor-maintenance");
            t.setDaemon(true);
            return t;
        });
        // the first pass soon after opening catches up on expirations and idle computes from while it was closed
        scheduler.scheduleWithFixedDelay(this::maintenanceTick, Math.min(5000, every.toMillis()), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stopMaintenance() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void maintenanceTick() {
        try {
            runMaintenance();
        } catch (RuntimeException e) {
            log.warn("Maintenance failed: {}", e.getMessage());
        }
    }

    /**
     * Deletes branches whose time has come (when the rules allow), suspends computes idle past their timeout,
     * and reclaims history older than the window. Each deletion and suspension is an operation.
     */
    public MaintenanceReport runMaintenance() {
        if (lock.isClosed()) {
            return new MaintenanceReport(List.of(), List.of(), 0);
        }
        Instant now = clock.now();
        List<String> expired = new ArrayList<>();
        List<BranchRecord> due = lock.read(() -> state.branches().stream()
                .filter(b -> b.expiresAt != null && !b.expiresAt.isAfter(now))
                .sorted(Comparator.comparing((BranchRecord b) -> b.expiresAt)).toList());
        for (BranchRecord b : due) {
            try {
                BranchResult r = branchCommands.delete(b.id);
                runner.await(r.operations(), Duration.ofMinutes(1));
                expired.add(b.name);
                log.info("Deleted expired branch {} ({})", b.name, b.id);
            } catch (ArborException e) {
                log.info("Expired branch {} was not deleted: {}", b.name, e.getMessage());
            }
        }
        List<String> suspended = new ArrayList<>();
        List<EndpointRecord> idle = lock.read(() -> state.endpoints().stream().filter(e -> {
            Long timeout = state.asDomain(e).effectiveSuspendSeconds();
            Instant last = e.lastActive != null ? e.lastActive : e.startedAt;
            return e.currentState == Endpoint.State.ACTIVE && timeout != null && last != null
                    && !last.plusSeconds(timeout).isAfter(now);
        }).toList());
        for (EndpointRecord e : idle) {
            try {
                BranchResult r = endpointCommands.suspend(e.id);
                runner.await(r.operations(), Duration.ofMinutes(1));
                suspended.add(e.id);
            } catch (ArborException ex) {
                log.debug("Endpoint {} not suspended now: {}", e.id, ex.getMessage());
            }
        }
        return new MaintenanceReport(expired, suspended, collectHistory());
    }

    /** Reclaims versions older than the history window that no readable point needs. */
    public long collectHistory() {
        lock.writer().lock();
        try {
            lock.checkOpen();
            return data.collectHistory(clock.now().minusSeconds(state.project().historyRetentionSeconds()));
        } catch (SQLException e) {
            throw Sql.failure(e);
        } finally {
            lock.writer().unlock();
        }
    }

    /** Versions (rows and catalog entries) stored, for measuring reclamation. */
    public long storedVersions() {
        return data.storedVersions();
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
        stopMaintenance();
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
        lock.close(store::close);
    }
}
