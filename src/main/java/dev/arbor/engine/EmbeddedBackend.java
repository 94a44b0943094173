package dev.arbor.engine;

import dev.arbor.backend.BackendEvent;
import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.BranchResult;
import dev.arbor.backend.Capabilities;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.backend.HistoryWindow;
import dev.arbor.backend.Page;
import dev.arbor.backend.PointAccess;
import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Database;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.domain.Role;
import dev.arbor.domain.RowPage;
import dev.arbor.domain.TableInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The console's view of the embedded engine: every mutation waits for its operations, so the caller sees
 * the end state; a mutation refused as locked by someone else's running operation is retried briefly.
 */
public final class EmbeddedBackend implements BranchBackend {
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(2);
    private static final int LOCK_RETRIES = 40;

    private final EmbeddedEngine engine;
    private final boolean waits;

    /** A backend for the console: mutations wait for their operations and retry while the project is locked. */
    public EmbeddedBackend(EmbeddedEngine engine) {
        this(engine, true);
    }

    /**
     * With {@code waits} false, mutations return as soon as they are accepted, with their operations still
     * scheduled, and a locked project is reported at once: what an API server over the engine wants.
     */
    public EmbeddedBackend(EmbeddedEngine engine, boolean waits) {
        this.engine = engine;
        this.waits = waits;
    }

    public static EmbeddedBackend open(Path dataDir) {
        return new EmbeddedBackend(EmbeddedEngine.open(dataDir));
    }

    public static EmbeddedBackend open(Path dataDir, EngineOptions options) {
        return new EmbeddedBackend(EmbeddedEngine.open(dataDir, options));
    }

    public EmbeddedEngine engine() {
        return engine;
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.EMBEDDED;
    }

    @Override
    public String describe() {
        return "Embedded engine · " + DataDirs.display(engine.dataDir());
    }

    @Override
    public Project project() {
        return engine.project();
    }

    @Override
    public List<Branch> listBranches() {
        return engine.branches();
    }

    @Override
    public Branch getBranch(String idOrName) {
        return engine.branch(idOrName);
    }

    @Override
    public List<Endpoint> listEndpoints(String branchId) {
        return engine.endpoints(branchId);
    }

    @Override
    public List<Database> listDatabases(String branchId) {
        return engine.databases(branchId);
    }

    @Override
    public List<Role> listRoles(String branchId) {
        return engine.roles(branchId);
    }

    @Override
    public Page<Operation> listOperations(String cursor, int limit) {
        if (limit < 1 || limit > 1000) {
            throw ArborException.invalid("INVALID_LIMIT", "A page of operations holds 1 to 1000; " + limit + " was asked for.");
        }
        long before = cursor == null || cursor.isBlank() ? 0 : engine.operationSeq(cursor);
        List<Operation> ops = engine.operations(before, limit + 1);
        boolean more = ops.size() > limit;
        List<Operation> page = more ? ops.subList(0, limit) : ops;
        return new Page<>(page, more ? page.get(page.size() - 1).id() : null);
    }

    @Override
    public Operation getOperation(String operationId) {
        return engine.operation(operationId);
    }

    @Override
    public List<Endpoint> listProjectEndpoints() {
        return engine.allEndpoints();
    }

    @Override
    public Endpoint getEndpoint(String endpointId) {
        return engine.endpoint(endpointId);
    }

    @Override
    public BranchResult startEndpoint(String endpointId) {
        return finish(() -> engine.startEndpoint(endpointId));
    }

    @Override
    public BranchResult suspendEndpoint(String endpointId) {
        return finish(() -> engine.suspendEndpoint(endpointId));
    }

    @Override
    public BranchResult createBranch(CreateBranchSpec spec) {
        return finish(() -> engine.createBranch(spec));
    }

    @Override
    public BranchResult updateBranch(String branchId, BranchPatch patch) {
        return finish(() -> engine.updateBranch(branchId, patch));
    }

    @Override
    public BranchResult setDefault(String branchId) {
        return finish(() -> engine.setDefault(branchId));
    }

    @Override
    public BranchResult restore(String branchId, RestoreSpec spec) {
        return finish(() -> engine.restore(branchId, spec));
    }

    @Override
    public BranchResult resetFromParent(String branchId, String preserveUnderName) {
        return finish(() -> engine.resetFromParent(branchId, preserveUnderName));
    }

    @Override
    public BranchResult deleteBranch(String branchId) {
        return finish(() -> engine.deleteBranch(branchId));
    }

    @Override
    public BranchResult addEndpoint(String branchId, EndpointSpec spec) {
        return finish(() -> engine.createEndpoint(branchId, spec));
    }

    @Override
    public HistoryWindow historyWindow(String branchId) {
        return engine.historyWindow(branchId);
    }

    @Override
    public ResolvedPoint resolve(String branchId, PointInTime point) {
        return engine.resolve(branchId, point);
    }

    @Override
    public List<TableInfo> listTables(String branchId, String database, PointInTime point) {
        return engine.readPostgres(branchId, database, point, r -> r.listTables());
    }

    @Override
    public RowPage readRows(String branchId, String database, String table, PointInTime point, long offset, int limit) {
        return engine.readPostgres(branchId, database, point, r -> r.readRows(table, offset, limit));
    }

    @Override
    public String schemaSql(String branchId, String database, PointInTime point) {
        return engine.readPostgres(branchId, database, point, r -> r.schemaSql());
    }

    @Override
    public ConnectionDetails connectionDetails(String branchId, String database, String role) {
        return engine.connectionDetails(branchId, database, role);
    }

    /**
     * The branch's own endpoint with the point in Postgres's {@code options}: the endpoint's proxy routes such a
     * connection to a read-only view replayed to the point. The point is checked against the window first.
     */
    @Override
    public PointAccess openPoint(String branchId, PointInTime point) {
        if (!(point instanceof PointInTime.Head)) {
            engine.resolve(branchId, point);
        }
        String options = switch (point) {
            case PointInTime.AtLsn l -> "neon_lsn:" + l.lsn();
            case PointInTime.AtTimestamp t -> "neon_timestamp:" + t.timestamp();
            case PointInTime.Head h -> null;
        };
        return new PointAccess() {
            @Override
            public ConnectionDetails connect(String database, String role) {
                return engine.connectionDetails(branchId, database, role);
            }

            @Override
            public String options() {
                return options;
            }

            @Override
            public void close() {
                // nothing held: the view is the data plane's, shared and released when idle
            }
        };
    }

    @Override
    public String revealPassword(String branchId, String role) {
        return engine.revealPassword(branchId, role);
    }

    @Override
    public Database createDatabase(String branchId, String name, String owner) {
        return engine.createDatabase(branchId, name, owner);
    }

    @Override
    public void deleteDatabase(String branchId, String name) {
        engine.deleteDatabase(branchId, name);
    }

    @Override
    public CreatedRole createRole(String branchId, String name, boolean noLogin) {
        var made = engine.createRole(branchId, name, noLogin);
        return new CreatedRole(made.getKey(), made.getValue());
    }

    @Override
    public void deleteRole(String branchId, String name) {
        engine.deleteRole(branchId, name);
    }

    @Override
    public String resetRolePassword(String branchId, String name) {
        return engine.resetRolePassword(branchId, name);
    }

    @Override
    public BranchResult restartEndpoint(String endpointId) {
        return finish(() -> engine.restartEndpoint(endpointId));
    }

    @Override
    public AutoCloseable subscribe(Consumer<BackendEvent> listener) {
        return engine.subscribe(listener);
    }

    @Override
    public void close() {
        engine.close();
    }

    /** Runs a mutation, retrying while another operation holds the project, then waits for its operations. */
    private BranchResult finish(Supplier<BranchResult> mutation) {
        if (!waits) {
            return mutation.get();
        }
        BranchResult r = null;
        for (int attempt = 0; r == null; attempt++) {
            try {
                r = mutation.get();
            } catch (ArborException e) {
                if (e.code() != ErrorCode.LOCKED || attempt >= LOCK_RETRIES) {
                    throw e;
                }
                pause(Math.min(250, 10L << Math.min(attempt, 5)));
            }
        }
        engine.awaitOperations(r.operations(), OPERATION_TIMEOUT);
        Branch now = r.branch();
        try {
            now = engine.branch(r.branch().id());
        } catch (ArborException gone) {
            // a deleted branch is reported as it was
        }
        List<Endpoint> eps = r.endpoints().stream().map(e -> {
            try {
                return engine.endpoint(e.id());
            } catch (ArborException gone) {
                return e;
            }
        }).toList();
        return new BranchResult(now, eps, r.operations().stream().map(o -> engine.operation(o.id())).toList());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ArborException.unavailable("INTERRUPTED", "Waiting for the project was interrupted.", e);
        }
    }
}
