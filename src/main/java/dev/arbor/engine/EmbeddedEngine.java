package dev.arbor.engine;

import dev.arbor.backend.BackendEvent;
import dev.arbor.backend.BranchResult;
import dev.arbor.backend.HistoryWindow;
import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Database;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.InitSource;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.domain.Role;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
 */
public final class EmbeddedEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedEngine.class);
    private static final long FIRST_LSN = 0x1000000L;
    private static final long FIRST_DATABASE_ID = 1_000_001L;
    static final String DEFAULT_DATABASE = "neondb";
    static final String DEFAULT_ROLE = "neondb_owner";
    private static final String SAVE_META = Sql.upsert("meta", List.of("key"), List.of("key", "value"));

    private final Store store;
    private final EngineOptions options;
    private final Names names = Names.secure();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Long, Timeline> timelines = new ConcurrentHashMap<>();
    private final Map<String, BranchRecord> branches = new LinkedHashMap<>();
    private final Map<String, EndpointRecord> endpoints = new LinkedHashMap<>();
    private final Map<String, Operation> unfinished = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<Operation>> completions = new ConcurrentHashMap<>();
    private final List<Consumer<BackendEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Executor operationExecutor;
    private final ExecutorService ownExecutor;
    private final ScheduledExecutorService scheduler;
    private Project project;
    private long nextLsn;
    private long nextTableId;
    private long nextDatabaseId;
    private Instant lastCommitAt = Instant.EPOCH;
    private volatile boolean closed;

    private EmbeddedEngine(Store store, EngineOptions options) {
        this.store = store;
        this.options = options;
        if (options.operationExecutor() != null) {
            this.operationExecutor = options.operationExecutor();
            this.ownExecutor = null;
        } else {
            this.ownExecutor = Executors.newSingleThreadExecutor(r -> daemon(r, "arbor-operations"));
            this.operationExecutor = ownExecutor;
        }
        Duration every = options.maintenanceInterval();
        if (every != null && !every.isZero() && !every.isNegative()) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "arbor-maintenance"));
            // the first pass soon after opening catches up on expirations and idle computes from while it was closed
            scheduler.scheduleWithFixedDelay(this::maintenanceTick, Math.min(5000, every.toMillis()), every.toMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            scheduler = null;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public static EmbeddedEngine open(Path dir) {
        return open(dir, EngineOptions.defaults());
    }

    /** Opens (or, in an empty directory, creates) a project. The directory stays locked until {@link #close}. */
    public static EmbeddedEngine open(Path dir, EngineOptions options) {
        Store store = Store.open(dir, options.syncEveryCommit());
        EmbeddedEngine engine = new EmbeddedEngine(store, options);
        try {
            engine.load();
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

    // =====================================================================================================
    // Loading and the new project
    // =====================================================================================================

    private void load() throws SQLException {
        Connection c = store.writer();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM project LIMIT 1")) {
            if (rs.next()) {
                project = new Project(rs.getString("id"), rs.getString("name"), rs.getLong("history_retention_seconds"),
                        new Project.Limits(rs.getInt("max_branches"), rs.getInt("max_root_branches"),
                                rs.getInt("max_protected_branches")),
                        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
            }
        }
        if (project == null) {
            createProject();
            return;
        }
        nextLsn = Long.parseLong(meta(c, "next_lsn"));
        nextTableId = Long.parseLong(meta(c, "next_table_id"));
        nextDatabaseId = Long.parseLong(meta(c, "next_database_id"));
        loadTimelines(c);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM branch ORDER BY created_at, id")) {
            while (rs.next()) {
                BranchRecord r = BranchRecord.load(rs);
                branches.put(r.id, r);
            }
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM endpoint ORDER BY created_at, id")) {
            while (rs.next()) {
                EndpointRecord r = EndpointRecord.load(rs);
                endpoints.put(r.id, r);
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(committed_at) FROM commit_log")) {
            if (rs.next() && rs.getObject(1) != null) {
                lastCommitAt = Instant.ofEpochMilli(rs.getLong(1));
            }
        }
        restoreDefaultBranch(c);
        finishInterruptedOperations(c);
    }

    /**
     * A project always has a default branch: it is where a branch without a parent starts. A directory that lost
     * its default's row (before Arbor refused broken names, a name clash could replace it) would refuse every such
     * create, so the oldest root without an expiry (else the oldest branch) becomes the default again.
     */
    private void restoreDefaultBranch(Connection c) throws SQLException {
        if (branches.isEmpty() || branches.values().stream().anyMatch(b -> b.isDefault)) {
            return;
        }
        BranchRecord chosen = branches.values().stream().filter(b -> b.parentId == null && b.expiresAt == null).findFirst()
                .or(() -> branches.values().stream().filter(b -> b.expiresAt == null).findFirst())
                .orElse(branches.values().iterator().next()).copy();
        chosen.isDefault = true;
        chosen.expiresAt = null;
        chosen.ttlIntervalSeconds = null;
        chosen.save(c);
        branches.put(chosen.id, chosen);
        log.warn("The project had no default branch; \"{}\" ({}) is the default branch again", chosen.name, chosen.id);
    }

    private void loadTimelines(Connection c) throws SQLException {
        Map<Long, long[]> heads = new HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT timeline_id, lsn, committed_at, logical_size FROM commit_log"
                     + " WHERE lsn IN (SELECT MAX(lsn) FROM commit_log GROUP BY timeline_id)")) {
            while (rs.next()) {
                heads.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
            }
        }
        List<Timeline> noCommits = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM timeline ORDER BY id")) {
            while (rs.next()) {
                long id = rs.getLong("id");
                Long anc = Sql.longOrNull(rs, "ancestor_id");
                Long ancLsn = Sql.longOrNull(rs, "ancestor_lsn");
                Instant created = Sql.instant(rs, "created_at");
                long[] h = heads.get(id);
                Instant branchPointAt = Sql.instant(rs, "branch_point_at");
                Timeline t = h != null
                        ? new Timeline(id, anc, ancLsn, created, h[0], Instant.ofEpochMilli(h[1]), h[2])
                        : new Timeline(id, anc, ancLsn, created, ancLsn == null ? 0 : ancLsn,
                                branchPointAt != null ? branchPointAt : created, rs.getLong("size_at_start"));
                timelines.put(id, t);
                if (h == null && branchPointAt == null) {
                    noCommits.add(t);
                }
            }
        }
        for (Timeline t : noCommits) {
            if (t.ancestorId() != null) {
                History.Commit at = History.lastUpTo(c, timelines, t.ancestorId(), t.ancestorLsn());
                timelines.put(t.id(), t.withHead(t.ancestorLsn(), at == null ? t.createdAt() : at.at(), t.size()));
            }
        }
    }

    private void createProject() throws SQLException {
        Instant now = now();
        EngineOptions.NewProject np = options.newProject();
        project = new Project(names.projectId(), np.name(), np.historyRetentionSeconds(), np.limits(), now, now);
        nextLsn = FIRST_LSN;
        nextTableId = 1;
        nextDatabaseId = FIRST_DATABASE_ID;
        Connection c = store.writer();
        c.setAutoCommit(false);
        try {
            Sql.update(c, "INSERT INTO project VALUES (?, ?, ?, ?, ?, ?, ?, ?)", project.id(), project.name(),
                    project.historyRetentionSeconds(), np.limits().maxBranches(), np.limits().maxRootBranches(),
                    np.limits().maxProtectedBranches(), now, now);
            Changes ch = new Changes(c);
            Timeline root = newTimeline(ch, null, null, 0, now);
            commitData(ch, root, tx -> {
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
            main.createdBy = creator(null);
            putBranch(ch, main);
            EndpointRecord ep = newEndpoint(main.id, EndpointSpec.readWrite(), now);
            ep.currentState = Endpoint.State.IDLE;
            ep.pendingState = null;
            putEndpoint(ch, ep);
            saveCounters(c);
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

    /** Operations a crash interrupted: their control-plane change is committed, so their work is redone. */
    private void finishInterruptedOperations(Connection c) throws SQLException {
        List<Operation> pending = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM operation WHERE status IN ('scheduling', 'running') ORDER BY seq")) {
            while (rs.next()) {
                pending.add(readOperation(rs));
            }
        }
        for (Operation op : pending) {
            unfinished.put(op.id(), op);
        }
        if (!pending.isEmpty()) {
            log.info("Finishing {} operation(s) interrupted by a shutdown", pending.size());
            runOperations(pending);
        }
    }

    private static String meta(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT value FROM meta WHERE key = ?", key);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("meta." + key + " is missing");
            }
            return rs.getString(1);
        }
    }

    private void saveCounters(Connection c) throws SQLException {
        Sql.update(c, SAVE_META, "next_lsn", Long.toString(nextLsn));
        Sql.update(c, SAVE_META, "next_table_id", Long.toString(nextTableId));
        Sql.update(c, SAVE_META, "next_database_id", Long.toString(nextDatabaseId));
    }

    // =====================================================================================================
    // Reads of the control plane
    // =====================================================================================================

    public Project project() {
        return read(() -> project);
    }

    public List<Branch> branches() {
        return read(() -> branches.values().stream().map(this::asDomain).toList());
    }

    /** A branch by id, or by name when no id matches. */
    public Branch branch(String idOrName) {
        return read(() -> asDomain(requireBranch(idOrName)));
    }

    public List<Endpoint> endpoints(String branchIdOrName) {
        return read(() -> {
            String id = requireBranch(branchIdOrName).id;
            return endpoints.values().stream().filter(e -> e.branchId.equals(id)).map(e -> e.asDomain(project.id())).toList();
        });
    }

    public List<Endpoint> allEndpoints() {
        return read(() -> endpoints.values().stream().map(e -> e.asDomain(project.id())).toList());
    }

    public Endpoint endpoint(String endpointId) {
        return read(() -> requireEndpoint(endpointId).asDomain(project.id()));
    }

    /** The rules as they stand now, for explaining what is allowed. */
    public BranchPolicy policy() {
        return read(this::currentPolicy);
    }

    public List<Database> databases(String branchIdOrName) {
        Snapshot s = read(branchIdOrName, PointInTime.HEAD);
        String id = s.branchId();
        return s.catalog().databases.values().stream()
                .map(d -> new Database(d.id(), id, d.name(), d.owner(), d.createdAt(), d.createdAt())).toList();
    }

    public List<Role> roles(String branchIdOrName) {
        Snapshot s = read(branchIdOrName, PointInTime.HEAD);
        String id = s.branchId();
        return s.catalog().roles.values().stream()
                .map(r -> new Role(id, r.name(), r.isProtected(), r.createdAt(), r.createdAt())).toList();
    }

    /** Operations newest first; {@code beforeSeq} (exclusive, 0 = from the newest) pages backwards. */
    public List<Operation> operations(long beforeSeq, int limit) {
        return store.read(c -> {
            List<Operation> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT * FROM operation WHERE (? = 0 OR seq < ?) ORDER BY seq DESC LIMIT ?",
                    beforeSeq, beforeSeq, limit); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readOperation(rs));
                }
            }
            return out;
        });
    }

    /** The sequence number of an operation, for paging with {@link #operations}. */
    public long operationSeq(String operationId) {
        return store.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT seq FROM operation WHERE id = ?", operationId);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ArborException.notFound("operation", operationId);
                }
                return rs.getLong(1);
            }
        });
    }

    public Operation operation(String id) {
        return store.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT * FROM operation WHERE id = ?", id); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ArborException.notFound("operation", id);
                }
                return readOperation(rs);
            }
        });
    }

    private Operation readOperation(ResultSet rs) throws SQLException {
        return new Operation(rs.getString("id"), project.id(), rs.getString("branch_id"), rs.getString("endpoint_id"),
                Operation.Action.fromWire(rs.getString("action")), Operation.Status.fromWire(rs.getString("status")),
                rs.getInt("failures_count"), rs.getString("error"), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"), rs.getLong("total_duration_ms"));
    }

    private Branch asDomain(BranchRecord r) {
        return r.asDomain(project.id(), timelines.get(r.timelineId));
    }

    private BranchRecord requireBranch(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            throw ArborException.invalid("BRANCH_REQUIRED", "Name a branch by its id or name.");
        }
        BranchRecord r = branches.get(idOrName);
        if (r != null) {
            return r;
        }
        for (BranchRecord b : branches.values()) {
            if (b.name.equals(idOrName)) {
                return b;
            }
        }
        throw ArborException.notFound("branch", idOrName);
    }

    private EndpointRecord requireEndpoint(String id) {
        EndpointRecord e = endpoints.get(id);
        if (e == null) {
            throw ArborException.notFound("endpoint", id);
        }
        return e;
    }

    private BranchRecord defaultBranch() {
        return branches.values().stream().filter(b -> b.isDefault).findFirst()
                .orElseThrow(() -> new IllegalStateException("the project has no default branch"));
    }

    private BranchPolicy currentPolicy() {
        return BranchPolicy.of(project, branches.values().stream().map(this::asDomain).toList());
    }

    // =====================================================================================================
    // Mutations of the control plane
    // =====================================================================================================

    public BranchResult createBranch(CreateBranchSpec spec) {
        return mutate(ch -> {
            Instant now = now();
            BranchRecord parent = spec.parentId() == null || spec.parentId().isBlank() ? defaultBranch() : requireBranch(spec.parentId());
            BranchPolicy policy = currentPolicy();
            boolean schemaOnly = spec.initSource() == InitSource.SCHEMA_ONLY;
            if (schemaOnly) {
                policy.branchCapacity(true).orThrow();
            } else {
                policy.canCreateChild(asDomain(parent)).orThrow();
            }
            if (spec.name() != null) {
                policy.nameAvailable(spec.name(), null).orThrow();
            }
            if (spec.isProtected()) {
                policy.protectedCapacity().orThrow();
            }
            if (spec.expiresAt() != null) {
                if (spec.isProtected()) {
                    throw ArborException.rule("PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED",
                            "A protected branch cannot expire; choose protection or an expiration date, not both.");
                }
                BranchPolicy.expirationTime(spec.expiresAt(), now).orThrow();
            }
            if (spec.endpoints().stream().filter(e -> e.type() == Endpoint.Type.READ_WRITE).count() > 1) {
                throw ArborException.conflict("READ_WRITE_ENDPOINT_EXISTS", "A branch can have only one read-write compute.");
            }
            ResolvedPoint point = resolveLocked(ch.c, parent, spec.point(), now);
            Timeline parentTl = timelines.get(parent.timelineId);

            BranchRecord b = new BranchRecord();
            b.id = names.branchId();
            b.name = spec.name() == null ? b.id : spec.name();
            b.initSource = spec.initSource();
            b.isProtected = spec.isProtected();
            b.createdBy = creator(spec.createdBy());
            b.createdAt = now;
            b.updatedAt = now;
            b.setState(BranchState.INIT, BranchState.READY, now);
            if (spec.expiresAt() != null) {
                b.expiresAt = spec.expiresAt().truncatedTo(ChronoUnit.SECONDS);
                b.ttlIntervalSeconds = Duration.between(now, b.expiresAt).toSeconds();
            }
            if (schemaOnly) {
                Timeline root = newTimeline(ch, null, null, 0, now);
                Catalog source = catalogAt(parentTl.id(), point.lsn().value());
                commitData(ch, root, tx -> {
                    copySchema(source, tx);
                    return null;
                });
                b.timelineId = root.id();
            } else {
                long size = sizeAt(parentTl.id(), point.lsn().value());
                Timeline tl = newTimeline(ch, parentTl.id(), point.lsn().value(), size, now);
                b.timelineId = tl.id();
                b.parentId = parent.id;
                b.parentLsn = point.lsn().value();
                b.parentTimestamp = spec.point().isHead() ? now : pointTime(spec.point(), point);
            }
            putBranch(ch, b);
            ch.events.add(() -> new BackendEvent.BranchCreated(asDomain(b)));
            ch.plan(Operation.Action.CREATE_BRANCH, b.id, null);
            for (EndpointSpec es : spec.endpoints()) {
                EndpointRecord ep = newEndpoint(b.id, es, now);
                putEndpoint(ch, ep);
                ch.plan(Operation.Action.START_COMPUTE, b.id, ep.id);
            }
            return b.id;
        });
    }

    private static Instant pointTime(PointInTime requested, ResolvedPoint resolved) {
        return requested instanceof PointInTime.AtTimestamp at ? at.timestamp() : resolved.committedAt();
    }

    private static void copySchema(Catalog source, DataTransaction tx) {
        for (Catalog.RoleEntry r : source.roles.values()) {
            tx.createRole(r.name());
        }
        for (Catalog.DatabaseEntry d : source.databases.values()) {
            tx.createDatabase(d.name(), d.owner());
        }
        for (Catalog.TableEntry t : source.tables.values()) {
            tx.createTable(t.schema());
        }
    }

    public BranchResult updateBranch(String idOrName, BranchPatch patch) {
        return mutate(ch -> {
            Instant now = now();
            BranchRecord current = requireBranch(idOrName);
            BranchPolicy policy = currentPolicy();
            BranchRecord b = current.copy();
            if (patch.name().isPresent()) {
                policy.nameAvailable(patch.name().get(), b.id).orThrow();
                b.name = patch.name().get();
            }
            if (patch.isProtected().isPresent() && patch.isProtected().get() != b.isProtected) {
                boolean on = patch.isProtected().get();
                if (on) {
                    boolean clearing = patch.expiresAt().isPresent() && patch.expiresAt().get().isEmpty();
                    if (clearing) {
                        policy.protectedCapacity().orThrow();
                    } else {
                        policy.canProtect(asDomain(current)).orThrow();
                    }
                }
                b.isProtected = on;
                ch.plan(Operation.Action.APPLY_CONFIG, b.id, null);
            }
            if (patch.expiresAt().isPresent()) {
                Instant at = patch.expiresAt().get().orElse(null);
                if (at != null) {
                    BranchRecord probe = b.copy();
                    probe.expiresAt = null;
                    BranchPolicy.Verdict v = policy.canSetExpiration(asDomain(probe), at, now);
                    v.orThrow();
                    b.expiresAt = at.truncatedTo(ChronoUnit.SECONDS);
                    b.ttlIntervalSeconds = Duration.between(now, b.expiresAt).toSeconds();
                } else {
                    b.expiresAt = null;
                    b.ttlIntervalSeconds = null;
                }
            }
            if (b.isProtected && b.expiresAt != null) {
                throw ArborException.rule("PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED",
                        "A protected branch cannot expire; remove the expiration or the protection.");
            }
            b.updatedAt = now;
            putBranch(ch, b);
            ch.events.add(() -> new BackendEvent.BranchChanged(asDomain(b)));
            return b.id;
        });
    }

    public BranchResult setDefault(String idOrName) {
        return mutate(ch -> {
            Instant now = now();
            BranchRecord target = requireBranch(idOrName);
            currentPolicy().canSetDefault(asDomain(target)).orThrow();
            BranchRecord old = defaultBranch().copy();
            old.isDefault = false;
            old.updatedAt = now;
            BranchRecord b = target.copy();
            b.isDefault = true;
            b.updatedAt = now;
            putBranch(ch, old);
            putBranch(ch, b);
            ch.events.add(() -> new BackendEvent.BranchChanged(asDomain(old)));
            ch.events.add(() -> new BackendEvent.BranchChanged(asDomain(b)));
            return b.id;
        });
    }

    /** Reset from parent: the branch takes its parent's latest data; with children, a backup name is needed. */
    public BranchResult resetFromParent(String idOrName, String preserveUnderName) {
        return mutate(ch -> resetLocked(ch, requireBranch(idOrName), blankToNull(preserveUnderName), currentPolicy()));
    }

    private String resetLocked(Changes ch, BranchRecord target, String backupName, BranchPolicy policy) throws SQLException {
        policy.canReset(asDomain(target), backupName).orThrow();
        if (backupName != null) {
            policy.branchCapacity(false).orThrow();
        }
        return restoreLocked(ch, target, requireBranch(target.parentId), PointInTime.HEAD, backupName, true);
    }

    /**
     * Restores a branch from a source at a point. A restore from the parent's head is a reset from parent
     * (reference §2.4: the API has no other way to say it), with the reset's rules and parent links.
     */
    public BranchResult restore(String idOrName, RestoreSpec spec) {
        return mutate(ch -> {
            BranchRecord target = requireBranch(idOrName);
            BranchRecord source = requireBranch(spec.sourceBranchId());
            BranchPolicy policy = currentPolicy();
            if (spec.point().isHead() && source.id.equals(target.parentId)) {
                return resetLocked(ch, target, spec.preserveUnderName(), policy);
            }
            policy.canRestore(asDomain(target), asDomain(source), spec.point(), spec.preserveUnderName()).orThrow();
            if (spec.preserveUnderName() != null) {
                policy.branchCapacity(target.parentId == null).orThrow();
            }
            return restoreLocked(ch, target, source, spec.point(), spec.preserveUnderName(), false);
        });
    }

    /**
     * The target keeps its id, name and endpoints and moves to a new timeline at (source, point). Its old
     * timeline becomes the backup branch when a name is given (else it is reclaimed); the children move to
     * the backup; parent links follow seed 001.
     */
    private String restoreLocked(Changes ch, BranchRecord target, BranchRecord source, PointInTime point,
                                 String backupName, boolean reset) throws SQLException {
        Instant now = now();
        boolean self = target.id.equals(source.id);
        ResolvedPoint at = resolveLocked(ch.c, source, point, now);
        Timeline sourceTl = timelines.get(source.timelineId);
        Timeline oldTl = timelines.get(target.timelineId);
        long size = sizeAt(sourceTl.id(), at.lsn().value());
        Timeline fresh = newTimeline(ch, sourceTl.id(), at.lsn().value(), size, now);

        BranchRecord t = target.copy();
        BranchRecord backup = null;
        if (backupName != null) {
            backup = new BranchRecord();
            backup.id = names.branchId();
            backup.name = backupName;
            backup.timelineId = oldTl.id();
            backup.parentId = target.parentId;
            backup.parentLsn = target.parentLsn;
            backup.parentTimestamp = target.parentTimestamp;
            backup.initSource = target.initSource;
            backup.backup = true;
            backup.deletionBlocked = target.parentId == null && !self && !reset;
            backup.creationSource = "restore";
            backup.createdBy = target.createdBy;
            backup.createdAt = now;
            backup.updatedAt = now;
            backup.stateChangedAt = now;
            putBranch(ch, backup);
            BranchRecord made = backup;
            ch.events.add(() -> new BackendEvent.BranchCreated(asDomain(made)));
            for (BranchRecord child : branches.values()) {
                if (target.id.equals(child.parentId)) {
                    BranchRecord moved = child.copy();
                    moved.parentId = backup.id;
                    moved.updatedAt = now;
                    putBranch(ch, moved);
                    ch.events.add(() -> new BackendEvent.BranchChanged(asDomain(moved)));
                }
            }
        }
        t.timelineId = fresh.id();
        if (reset) {
            t.parentLsn = at.lsn().value();
            t.parentTimestamp = now;
        } else if (target.parentId != null && backup != null) {
            // seed 001: restoring a non-root branch makes the backup its parent
            t.parentId = backup.id;
            t.parentLsn = self ? at.lsn().value() : oldTl.headLsn();
            t.parentTimestamp = self ? pointTime(point, at) : oldTl.headAt();
        } else if (target.parentId != null) {
            t.parentId = source.id;
            t.parentLsn = at.lsn().value();
            t.parentTimestamp = point.isHead() ? now : pointTime(point, at);
        }
        t.lastResetAt = now;
        t.updatedAt = now;
        if (t.expiresAt != null && t.ttlIntervalSeconds != null) {
            t.expiresAt = now.plusSeconds(t.ttlIntervalSeconds);
        }
        t.setState(BranchState.RESETTING, BranchState.READY, now);
        if (self || source.initSource == InitSource.SCHEMA_ONLY || target.initSource == InitSource.SCHEMA_ONLY) {
            t.initSource = t.parentId == null ? target.initSource : InitSource.PARENT_DATA;
        }
        putBranch(ch, t);
        ch.events.add(() -> new BackendEvent.BranchChanged(asDomain(t)));

        List<EndpointRecord> running = endpoints.values().stream()
                .filter(e -> e.branchId.equals(t.id) && e.currentState == Endpoint.State.ACTIVE).toList();
        for (EndpointRecord e : running) {
            ch.plan(Operation.Action.SUSPEND_COMPUTE, t.id, e.id);
        }
        ch.plan(Operation.Action.CREATE_TIMELINE, t.id, null);
        for (EndpointRecord e : running) {
            ch.plan(Operation.Action.START_COMPUTE, t.id, e.id);
        }
        if (backup == null) {
            ch.plan(Operation.Action.DELETE_TIMELINE, t.id, null);
        }
        return t.id;
    }

    public BranchResult deleteBranch(String idOrName) {
        return mutate(ch -> {
            BranchRecord b = requireBranch(idOrName);
            currentPolicy().canDelete(asDomain(b)).orThrow();
            deleteLocked(ch, b);
            return b.id;
        });
    }

    private void deleteLocked(Changes ch, BranchRecord b) throws SQLException {
        Branch gone = asDomain(b);
        ch.deletedBranch = gone;
        Sql.update(ch.c, "DELETE FROM branch WHERE id = ?", b.id);
        Sql.update(ch.c, "DELETE FROM endpoint WHERE branch_id = ?", b.id);
        ch.onCommit.add(() -> {
            branches.remove(b.id);
            endpoints.values().removeIf(e -> e.branchId.equals(b.id));
        });
        ch.events.add(() -> new BackendEvent.BranchDeleted(gone.id(), gone.name()));
        ch.plan(Operation.Action.DELETE_TIMELINE, b.id, null);
    }

    public BranchResult createEndpoint(String branchIdOrName, EndpointSpec spec) {
        return mutate(ch -> {
            BranchRecord b = requireBranch(branchIdOrName);
            if (spec.type() == Endpoint.Type.READ_WRITE && endpoints.values().stream()
                    .anyMatch(e -> e.branchId.equals(b.id) && e.type == Endpoint.Type.READ_WRITE)) {
                throw ArborException.conflict("READ_WRITE_ENDPOINT_EXISTS", "Branch \"" + b.name
                        + "\" already has a read-write compute; a branch can have only one.");
            }
            long has = endpoints.values().stream().filter(e -> e.branchId.equals(b.id)).count();
            if (has >= EndpointSpec.MAX_PER_BRANCH) {
                throw ArborException.rule("ENDPOINTS_LIMIT_EXCEEDED", "Branch \"" + b.name + "\" already has " + has
                        + " computes, the most a branch can have; use one of those.");
            }
            EndpointRecord ep = newEndpoint(b.id, spec, now());
            putEndpoint(ch, ep);
            ch.createdEndpoint = ep.id;
            ch.plan(Operation.Action.START_COMPUTE, b.id, ep.id);
            return b.id;
        });
    }

    public BranchResult startEndpoint(String endpointId) {
        return mutate(ch -> {
            EndpointRecord e = requireEndpoint(endpointId);
            ch.plan(Operation.Action.START_COMPUTE, e.branchId, e.id);
            return e.branchId;
        });
    }

    public BranchResult suspendEndpoint(String endpointId) {
        return mutate(ch -> {
            EndpointRecord e = requireEndpoint(endpointId);
            ch.plan(Operation.Action.SUSPEND_COMPUTE, e.branchId, e.id);
            return e.branchId;
        });
    }

    /** Changes the history window and the plan limits. */
    public Project updateProject(long historyRetentionSeconds, Project.Limits limits) {
        if (historyRetentionSeconds < 0 || historyRetentionSeconds > Project.MAX_HISTORY_RETENTION_SECONDS) {
            throw ArborException.invalid("INVALID_HISTORY_RETENTION", "History retention must be between 0 and "
                    + Project.MAX_HISTORY_RETENTION_SECONDS + " seconds (30 days); got " + historyRetentionSeconds + ".");
        }
        lock.writeLock().lock();
        try {
            checkOpen();
            Instant now = now();
            Sql.update(store.writer(), "UPDATE project SET history_retention_seconds = ?, max_branches = ?, max_root_branches = ?,"
                    + " max_protected_branches = ?, updated_at = ?", historyRetentionSeconds, limits.maxBranches(),
                    limits.maxRootBranches(), limits.maxProtectedBranches(), now);
            project = new Project(project.id(), project.name(), historyRetentionSeconds, limits, project.createdAt(), now);
            return project;
        } catch (SQLException e) {
            throw Sql.failure(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    // =====================================================================================================
    // The mutation frame: lock, rules, one SQLite transaction, operations, events
    // =====================================================================================================

    private interface MutationBody {
        String apply(Changes ch) throws SQLException;
    }

    /** What one mutation changes, staged until its SQLite transaction commits. */
    private final class Changes {
        final Connection c;
        final List<Runnable> onCommit = new ArrayList<>();
        final List<java.util.function.Supplier<BackendEvent>> events = new ArrayList<>();
        final List<Operation> operations = new ArrayList<>();
        Branch deletedBranch;
        String createdEndpoint;

        Changes(Connection c) {
            this.c = c;
        }

        void plan(Operation.Action action, String branchId, String endpointId) throws SQLException {
            Instant now = now();
            Operation op = new Operation(UUID.randomUUID().toString(), project.id(), branchId, endpointId, action,
                    Operation.Status.SCHEDULING, 0, null, now, now, 0);
            Sql.update(c, "INSERT INTO operation (id, branch_id, endpoint_id, action, status, failures_count, error,"
                    + " created_at, updated_at, total_duration_ms) VALUES (?, ?, ?, ?, ?, 0, NULL, ?, ?, 0)",
                    op.id(), branchId, endpointId, action.wireName(), op.status().wireName(), now, now);
            operations.add(op);
            onCommit.add(() -> {
                unfinished.put(op.id(), op);
                completions.put(op.id(), new CompletableFuture<>());
            });
        }

        void applyCommitted() {
            onCommit.forEach(Runnable::run);
        }
    }

    private BranchResult mutate(MutationBody body) {
        checkOpen();
        Changes ch;
        BranchResult result;
        List<BackendEvent> events = new ArrayList<>();
        lock.writeLock().lock();
        try {
            checkOpen();
            if (!unfinished.isEmpty()) {
                Operation busy = unfinished.values().iterator().next();
                throw ArborException.locked("The project has a running operation (" + busy.action().wireName()
                        + "), so it cannot start another change yet; try again in a moment.");
            }
            ch = new Changes(store.writer());
            String branchId = committed(ch, body);
            Branch branch = ch.deletedBranch != null ? ch.deletedBranch : asDomain(branches.get(branchId));
            List<Endpoint> eps = ch.createdEndpoint != null
                    ? List.of(endpoints.get(ch.createdEndpoint).asDomain(project.id()))
                    : endpoints.values().stream().filter(e -> e.branchId.equals(branchId)).map(e -> e.asDomain(project.id())).toList();
            result = new BranchResult(branch, eps, ch.operations);
            ch.events.forEach(s -> events.add(s.get()));
            ch.operations.forEach(op -> events.add(new BackendEvent.OperationChanged(op)));
        } finally {
            lock.writeLock().unlock();
        }
        publish(events);
        if (!ch.operations.isEmpty()) {
            List<Operation> ops = ch.operations;
            operationExecutor.execute(() -> runOperations(ops));
        }
        return result;
    }

    /**
     * Runs {@code body} in one SQLite transaction with the counters, then applies its staged in-memory
     * changes; on failure nothing is applied and the database is rolled back.
     */
    private String committed(Changes ch, MutationBody body) {
        Connection c = ch.c;
        String id;
        try {
            c.setAutoCommit(false);
            id = body.apply(ch);
            saveCounters(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(c);
            if (e instanceof SQLException se) {
                throw Sql.failure(se);
            }
            throw (RuntimeException) e;
        } finally {
            autoCommit(c);
        }
        ch.applyCommitted();
        return id;
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.warn("Rollback failed: {}", e.getMessage());
        }
    }

    private static void autoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            log.warn("Could not restore auto-commit: {}", e.getMessage());
        }
    }

    private void putBranch(Changes ch, BranchRecord r) throws SQLException {
        r.save(ch.c);
        ch.onCommit.add(() -> branches.put(r.id, r));
    }

    private void putEndpoint(Changes ch, EndpointRecord r) throws SQLException {
        r.save(ch.c);
        ch.onCommit.add(() -> endpoints.put(r.id, r));
    }

    private Timeline newTimeline(Changes ch, Long ancestorId, Long ancestorLsn, long size, Instant now) throws SQLException {
        Instant headAt = now;
        if (ancestorId != null) {
            History.Commit at = History.lastUpTo(ch.c, timelines, ancestorId, ancestorLsn);
            headAt = at == null ? now : at.at();
        }
        long id;
        try (PreparedStatement ps = Sql.prepare(ch.c, "INSERT INTO timeline (ancestor_id, ancestor_lsn, created_at, size_at_start,"
                + " branch_point_at) VALUES (?, ?, ?, ?, ?)", ancestorId, ancestorLsn, now, size, ancestorId == null ? null : headAt)) {
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        Timeline t = new Timeline(id, ancestorId, ancestorLsn, now, ancestorLsn == null ? 0 : ancestorLsn, headAt, size);
        // lineage is immutable, so the timeline can be known before commit; a rollback leaves it unreferenced
        timelines.put(id, t);
        ch.onCommit.add(() -> timelines.putIfAbsent(id, t));
        return t;
    }

    private EndpointRecord newEndpoint(String branchId, EndpointSpec spec, Instant now) {
        EndpointRecord e = new EndpointRecord();
        e.id = names.endpointId();
        e.branchId = branchId;
        e.type = spec.type();
        e.currentState = Endpoint.State.INIT;
        e.pendingState = Endpoint.State.ACTIVE;
        e.minCu = spec.minCu();
        e.maxCu = spec.maxCu();
        e.suspendTimeoutSeconds = spec.suspendTimeoutSeconds();
        e.createdAt = now;
        e.updatedAt = now;
        return e;
    }

    private static String creator(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        return System.getProperty("user.name", "arbor");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    // =====================================================================================================
    // Operations
    // =====================================================================================================

    /**
     * Runs a mutation's operations in order, in one SQLite transaction: each moves to running, does its
     * work and ends finished (or failed, its work rolled back to a savepoint). One commit for the batch
     * keeps a mutation to two syncs however many operations it has; subscribers still see every step.
     */
    private void runOperations(List<Operation> ops) {
        List<BackendEvent> events = new ArrayList<>();
        List<Operation> ended = new ArrayList<>();
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            Connection c = store.writer();
            try {
                c.setAutoCommit(false);
                for (Operation op : ops) {
                    Instant started = now();
                    Operation running = withStatus(op, Operation.Status.RUNNING, null, started);
                    unfinished.put(op.id(), running);
                    events.add(new BackendEvent.OperationChanged(running));
                    String error = null;
                    Exception failure = Sql.attempt(c, () -> perform(c, op, events));
                    if (failure != null) {
                        error = failure.getMessage();
                        log.warn("Operation {} {} failed: {}", op.action().wireName(), op.id(), failure.getMessage());
                    }
                    Operation done = withStatus(running, error == null ? Operation.Status.FINISHED : Operation.Status.FAILED,
                            error, started);
                    Sql.update(c, "UPDATE operation SET status = ?, error = ?, failures_count = ?, updated_at = ?,"
                            + " total_duration_ms = ? WHERE id = ?", done.status().wireName(), error, done.failuresCount(),
                            done.updatedAt(), done.totalDurationMs(), op.id());
                    events.add(new BackendEvent.OperationChanged(done));
                    ended.add(done);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                // still "scheduling" on disk, so the next open finishes them; callers waiting now are told
                log.warn("Operations could not be recorded: {}", e.getMessage());
                ended.clear();
                for (Operation op : ops) {
                    ended.add(withStatus(op, Operation.Status.FAILED, "the operation could not be recorded: " + e.getMessage(), now()));
                }
            } finally {
                autoCommit(c);
            }
            ended.forEach(op -> unfinished.remove(op.id()));
        } finally {
            lock.writeLock().unlock();
        }
        publish(events);
        for (Operation op : ended) {
            CompletableFuture<Operation> f = completions.remove(op.id());
            if (f != null) {
                f.complete(op);
            }
        }
    }

    private Operation withStatus(Operation op, Operation.Status status, String error, Instant started) {
        Instant now = now();
        long took = status.isTerminal() ? Duration.between(started, now).toMillis() : 0;
        return new Operation(op.id(), op.projectId(), op.branchId(), op.endpointId(), op.action(), status,
                error == null ? op.failuresCount() : op.failuresCount() + 1, error, op.createdAt(), now, took);
    }

    /** The work of an operation, on the caller's transaction. Each is idempotent, so an interrupted one can run again. */
    private void perform(Connection c, Operation op, List<BackendEvent> events) throws SQLException {
        Instant now = now();
        switch (op.action()) {
            case CREATE_BRANCH, CREATE_TIMELINE -> {
                BranchRecord b = branches.get(op.branchId());
                if (b != null && b.currentState != BranchState.READY) {
                    BranchRecord r = b.copy();
                    r.setState(BranchState.READY, null, now);
                    r.save(c);
                    branches.put(r.id, r);
                    events.add(new BackendEvent.BranchChanged(asDomain(r)));
                }
            }
            case START_COMPUTE, SUSPEND_COMPUTE -> {
                EndpointRecord e = endpoints.get(op.endpointId());
                if (e != null) {
                    EndpointRecord r = e.copy();
                    if (op.action() == Operation.Action.START_COMPUTE) {
                        r.currentState = Endpoint.State.ACTIVE;
                        r.startedAt = now;
                        r.lastActive = now;
                    } else {
                        r.currentState = Endpoint.State.IDLE;
                        r.suspendedAt = now;
                    }
                    r.pendingState = null;
                    r.updatedAt = now;
                    r.save(c);
                    endpoints.put(r.id, r);
                    events.add(new BackendEvent.EndpointChanged(r.asDomain(project.id())));
                }
            }
            case DELETE_TIMELINE -> collectTimelines(c);
            default -> {
                // configuration operations have applied their change with the mutation itself
            }
        }
    }

    private void collectTimelines(Connection c) throws SQLException {
        List<Long> used = branches.values().stream().map(b -> b.timelineId).toList();
        List<Long> dead = Retention.unreferenced(timelines, used);
        for (Long id : dead) {
            Retention.dropTimeline(c, id);
        }
        dead.forEach(timelines::remove);
        if (!dead.isEmpty()) {
            log.debug("Reclaimed {} timeline(s)", dead.size());
        }
    }

    /**
     * Waits until the operations finish. A failed operation becomes an {@link ArborException}; running out of
     * time leaves them running and says so.
     */
    public void awaitOperations(Collection<Operation> ops, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Operation op : ops) {
            CompletableFuture<Operation> f = completions.get(op.id());
            Operation done;
            if (f == null) {
                done = operation(op.id());
                if (!done.status().isTerminal()) {
                    throw new IllegalStateException("operation " + op.id() + " is not being run");
                }
            } else {
                try {
                    done = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw ArborException.unavailable("OPERATION_TIMEOUT", "The " + op.action().wireName()
                            + " operation is still running after " + timeout.toSeconds() + " s.", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw ArborException.unavailable("INTERRUPTED", "Waiting for the operation was interrupted.", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            if (!done.status().isSuccess()) {
                throw new ArborException(ErrorCode.INTERNAL, "OPERATION_FAILED", "The " + done.action().wireName()
                        + " operation failed: " + done.error(), done.error(), null);
            }
        }
    }

    // =====================================================================================================
    // History: windows and points
    // =====================================================================================================

    public HistoryWindow historyWindow(String branchIdOrName) {
        BranchRecord b;
        Timeline t;
        lock.readLock().lock();
        try {
            b = requireBranch(branchIdOrName);
            t = timelines.get(b.timelineId);
        } finally {
            lock.readLock().unlock();
        }
        Instant now = now();
        return store.read(c -> window(c, t, now));
    }

    private HistoryWindow window(Connection c, Timeline t, Instant now) throws SQLException {
        Instant horizon = now.minusSeconds(project.historyRetentionSeconds());
        History.Commit first = History.first(c, timelines, t.id());
        Instant start = first == null || first.at().isBefore(horizon) ? horizon : first.at();
        if (start.isAfter(t.headAt()) && start.isAfter(horizon)) {
            start = t.headAt();
        }
        // when history begins inside the window it begins at the first commit, even if others share its millisecond
        History.Commit startCommit = first != null && start.equals(first.at())
                ? first : History.lastAtOrBefore(c, timelines, t.id(), t.headLsn(), start);
        Lsn startLsn = startCommit == null ? new Lsn(t.headLsn()) : new Lsn(startCommit.lsn());
        return new HistoryWindow(start, startLsn, now, new Lsn(t.headLsn()));
    }

    /** Resolves a point on a branch, refusing points outside its history window with a sentence that states it. */
    public ResolvedPoint resolve(String branchIdOrName, PointInTime point) {
        return read(() -> {
            BranchRecord b = requireBranch(branchIdOrName);
            return store.read(c -> resolveLocked(c, b, point, now()));
        });
    }

    /** Resolves on connection {@code c}: the writer under the write lock, a pooled reader otherwise. */
    private ResolvedPoint resolveLocked(Connection c, BranchRecord b, PointInTime point, Instant now) {
        Timeline t = timelines.get(b.timelineId);
        if (point.isHead()) {
            return new ResolvedPoint(new Lsn(t.headLsn()), t.headAt());
        }
        try {
            HistoryWindow w = window(c, t, now);
            String windowText = "The history window of \"" + b.name + "\" runs from " + w.start().truncatedTo(ChronoUnit.MILLIS)
                    + " (LSN " + w.startLsn() + ") to now (head LSN " + w.headLsn() + ")";
            if (point instanceof PointInTime.AtTimestamp at) {
                Instant ts = at.timestamp();
                if (ts.isAfter(now)) {
                    throw ArborException.invalid("POINT_IN_FUTURE", "The time " + ts + " is in the future. " + windowText + ".");
                }
                if (ts.isBefore(w.start())) {
                    throw ArborException.invalid("POINT_OUTSIDE_HISTORY", "The time " + ts + " is before the history window. "
                            + windowText + "; history is kept for " + retentionText() + ".");
                }
                History.Commit hit = History.lastAtOrBefore(c, timelines, t.id(), t.headLsn(), ts);
                if (hit == null) {
                    throw ArborException.invalid("POINT_OUTSIDE_HISTORY", "Nothing was committed on \"" + b.name
                            + "\" at or before " + ts + ". " + windowText + ".");
                }
                return new ResolvedPoint(new Lsn(hit.lsn()), hit.at());
            }
            Lsn lsn = ((PointInTime.AtLsn) point).lsn();
            if (Long.compareUnsigned(lsn.value(), t.headLsn()) > 0) {
                throw ArborException.invalid("POINT_AFTER_HEAD", "LSN " + lsn + " is after the head of \"" + b.name
                        + "\" (LSN " + w.headLsn() + "). " + windowText + ".");
            }
            if (lsn.isBefore(w.startLsn())) {
                throw ArborException.invalid("POINT_OUTSIDE_HISTORY", "LSN " + lsn + " is before the history window. "
                        + windowText + "; history is kept for " + retentionText() + ".");
            }
            History.Commit hit = History.lastUpTo(c, timelines, t.id(), lsn.value());
            return new ResolvedPoint(lsn, hit == null ? t.createdAt() : hit.at());
        } catch (SQLException e) {
            throw Sql.failure(e);
        }
    }

    private String retentionText() {
        long s = project.historyRetentionSeconds();
        if (s % 86400 == 0) {
            return s / 86400 + (s == 86400 ? " day" : " days");
        }
        if (s % 3600 == 0) {
            return s / 3600 + (s == 3600 ? " hour" : " hours");
        }
        return s + " seconds";
    }

    // =====================================================================================================
    // Data
    // =====================================================================================================

    /**
     * Runs one transaction on a branch: everything {@code work} writes commits at one new LSN, or nothing
     * does if it throws. Writing activates the branch's read-write compute.
     */
    public <T> T transact(String branchIdOrName, Function<DataTransaction, T> work) {
        checkOpen();
        List<BackendEvent> events = new ArrayList<>();
        T result;
        lock.writeLock().lock();
        try {
            checkOpen();
            BranchRecord b = requireBranch(branchIdOrName);
            Changes ch = new Changes(store.writer());
            List<T> out = new ArrayList<>(1);
            committed(ch, changes -> {
                out.add(commitData(changes, timelines.get(b.timelineId), work));
                activateCompute(changes, b);
                return b.id;
            });
            result = out.get(0);
            ch.events.forEach(s -> events.add(s.get()));
            events.add(new BackendEvent.BranchChanged(asDomain(branches.get(b.id))));
        } finally {
            lock.writeLock().unlock();
        }
        publish(events);
        return result;
    }

    public void write(String branchIdOrName, Consumer<DataTransaction> work) {
        transact(branchIdOrName, tx -> {
            work.accept(tx);
            return null;
        });
    }

    private <T> T commitData(Changes ch, Timeline t, Function<DataTransaction, T> work) throws SQLException {
        long lsn = nextLsn;
        Instant at = commitTime();
        Lineage lineage = Lineage.of(timelines, t.id(), lsn);
        DataTransaction tx = new DataTransaction(ch.c, lineage, t.id(), lsn, at, new DataTransaction.Ids() {
            @Override
            public long nextTableId() {
                return nextTableId++;
            }

            @Override
            public long nextDatabaseId() {
                return nextDatabaseId++;
            }
        });
        try {
            T result = work.apply(tx);
            tx.flush();
            if (tx.isEmpty()) {
                return result;
            }
            long size = Math.max(0, t.size() + tx.sizeDelta());
            Sql.update(ch.c, "INSERT INTO commit_log (lsn, timeline_id, committed_at, logical_size) VALUES (?, ?, ?, ?)",
                    lsn, t.id(), at, size);
            long advance = (Math.max(tx.bytesWritten(), 24) + 7) & ~7L;
            nextLsn = lsn + advance;
            Instant committed = at;
            ch.onCommit.add(() -> {
                timelines.compute(t.id(), (k, old) -> (old == null ? t : old).withHead(lsn, committed, size));
                lastCommitAt = committed;
            });
            return result;
        } finally {
            tx.close();
        }
    }

    /** Commit times never go backwards, so time and LSN order agree. */
    private Instant commitTime() {
        Instant now = now();
        return now.isBefore(lastCommitAt) ? lastCommitAt : now;
    }

    private void activateCompute(Changes ch, BranchRecord b) throws SQLException {
        for (EndpointRecord e : endpoints.values()) {
            if (!e.branchId.equals(b.id) || e.type != Endpoint.Type.READ_WRITE) {
                continue;
            }
            Instant now = now();
            EndpointRecord r = e.copy();
            boolean starting = r.currentState != Endpoint.State.ACTIVE;
            r.currentState = Endpoint.State.ACTIVE;
            r.pendingState = null;
            r.lastActive = now;
            r.updatedAt = now;
            if (starting) {
                r.startedAt = now;
                // the embedded compute starts at once, so the operation is recorded as finished
                Sql.update(ch.c, "INSERT INTO operation (id, branch_id, endpoint_id, action, status, failures_count, error,"
                        + " created_at, updated_at, total_duration_ms) VALUES (?, ?, ?, ?, 'finished', 0, NULL, ?, ?, 0)",
                        UUID.randomUUID().toString(), b.id, r.id, Operation.Action.START_COMPUTE.wireName(), now, now);
                ch.events.add(() -> new BackendEvent.EndpointChanged(r.asDomain(project.id())));
            }
            putEndpoint(ch, r);
        }
    }

    /** A read-only view of a branch at a point (resolved and checked against the history window). */
    public Snapshot read(String branchIdOrName, PointInTime point) {
        lock.readLock().lock();
        try {
            BranchRecord b = requireBranch(branchIdOrName);
            ResolvedPoint at = store.read(c -> resolveLocked(c, b, point, now()));
            Lineage lineage = Lineage.of(timelines, b.timelineId, at.lsn().value());
            return new Snapshot(store, b.id, at, lineage);
        } finally {
            lock.readLock().unlock();
        }
    }

    private Catalog catalogAt(long timelineId, long lsn) {
        try {
            return VersionedData.catalog(store.writer(), Lineage.of(timelines, timelineId, lsn));
        } catch (SQLException e) {
            throw Sql.failure(e);
        }
    }

    private long sizeAt(long timelineId, long lsn) throws SQLException {
        History.Commit at = History.lastUpTo(store.writer(), timelines, timelineId, lsn);
        return at == null ? 0 : at.size();
    }

    // =====================================================================================================
    // Maintenance: expiration, auto-suspend, retention
    // =====================================================================================================

    /** What one maintenance pass did. */
    public record MaintenanceReport(List<String> expiredBranches, List<String> suspendedEndpoints, long versionsReclaimed) {
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
        if (closed) {
            return new MaintenanceReport(List.of(), List.of(), 0);
        }
        Instant now = now();
        List<String> expired = new ArrayList<>();
        List<BranchRecord> due = read(() -> branches.values().stream()
                .filter(b -> b.expiresAt != null && !b.expiresAt.isAfter(now))
                .sorted(Comparator.comparing((BranchRecord b) -> b.expiresAt)).toList());
        for (BranchRecord b : due) {
            try {
                BranchResult r = mutate(ch -> {
                    BranchRecord cur = requireBranch(b.id);
                    currentPolicy().canDelete(asDomain(cur)).orThrow();
                    deleteLocked(ch, cur);
                    return cur.id;
                });
                awaitOperations(r.operations(), Duration.ofMinutes(1));
                expired.add(b.name);
                log.info("Deleted expired branch {} ({})", b.name, b.id);
            } catch (ArborException e) {
                log.info("Expired branch {} was not deleted: {}", b.name, e.getMessage());
            }
        }
        List<String> suspended = new ArrayList<>();
        List<EndpointRecord> idle = read(() -> endpoints.values().stream().filter(e -> {
            Long timeout = e.asDomain(project.id()).effectiveSuspendSeconds();
            Instant last = e.lastActive != null ? e.lastActive : e.startedAt;
            return e.currentState == Endpoint.State.ACTIVE && timeout != null && last != null
                    && !last.plusSeconds(timeout).isAfter(now);
        }).toList());
        for (EndpointRecord e : idle) {
            try {
                BranchResult r = suspendEndpoint(e.id);
                awaitOperations(r.operations(), Duration.ofMinutes(1));
                suspended.add(e.id);
            } catch (ArborException ex) {
                log.debug("Endpoint {} not suspended now: {}", e.id, ex.getMessage());
            }
        }
        return new MaintenanceReport(expired, suspended, collectHistory());
    }

    /** Reclaims versions older than the history window that no readable point needs. */
    public long collectHistory() {
        lock.writeLock().lock();
        try {
            checkOpen();
            Connection c = store.writer();
            Instant horizon = now().minusSeconds(project.historyRetentionSeconds());
            c.setAutoCommit(false);
            try {
                long n = Retention.collectHistory(c, timelines, horizon);
                c.commit();
                return n;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw Sql.failure(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Versions (rows and catalog entries) stored, for measuring reclamation. */
    public long storedVersions() {
        return store.read(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM row_version) + (SELECT COUNT(*) FROM catalog)")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Timelines stored, for measuring reclamation. */
    public int storedTimelines() {
        return timelines.size();
    }

    // =====================================================================================================
    // Events, time, locking, closing
    // =====================================================================================================

    public AutoCloseable subscribe(Consumer<BackendEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void publish(List<BackendEvent> events) {
        for (BackendEvent e : events) {
            for (Consumer<BackendEvent> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    log.warn("An event listener failed: {}", ex.toString());
                }
            }
        }
    }

    Instant now() {
        return options.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private <T> T read(java.util.function.Supplier<T> body) {
        checkOpen();
        lock.readLock().lock();
        try {
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw ArborException.unavailable("ENGINE_CLOSED", "The project is closed.", null);
        }
    }

    /** Lets running operations finish, then closes the database and releases the directory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
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
        lock.writeLock().lock();
        try {
            closed = true;
            store.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
