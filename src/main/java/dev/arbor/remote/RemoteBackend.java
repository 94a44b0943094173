package dev.arbor.remote;

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
import dev.arbor.pg.PgBranchReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One project served by the Neon API v2 (or by {@code arbor serve}), behind the console's SPI.
 *
 * <p>Mutations wait for the operations the server started, polling them, then read the branch and its
 * endpoints again, so the caller sees the end state as with the embedded engine. A 423 (another operation
 * holds the project) is retried by the client with backoff; a mutation whose outcome is unknown after a
 * network failure is never sent again. Waiting ends with an exception when the calling thread is
 * interrupted; the server carries on with what it accepted.
 *
 * <p>A point in a branch's history is read as Neon's Time Travel Assist reads it: through a temporary branch at the
 * point with a read-only compute, made with an expiration and deleted when done ({@link #openPoint}). Tables, rows and
 * row counts, at a point or at the head, are read over JDBC with the same {@link PgBranchReader} the embedded engine
 * uses, as the database's owner; the points being read stay open between calls ({@link PointReaders}). The schema
 * comes from the API ({@code GET …/schema}), which needs no temporary branch. What the API cannot do,
 * {@link #capabilities()} says: resolving a timestamp to an LSN (Neon resolves it inside create and restore). There are
 * no live events:
 * {@link #subscribe} delivers events only for changes made <em>through this backend</em> (and the status
 * changes of their operations, as polled), on the thread that made them; changes made elsewhere (the Neon
 * Console, neonctl, expiry) show up when the UI reloads, which it does because {@code liveEvents} is false.
 */
public final class RemoteBackend implements BranchBackend {
    /** Neon keeps deleted branches recoverable for a while where the account has branch recovery (a preview). */
    public static final Capabilities CAPABILITIES = new Capabilities(true, true, false, false, false, true);
    /** What a backend over a server without computes a client can reach has: the schema, not the rows. */
    public static final Capabilities WITHOUT_ROWS = new Capabilities(true, false, false, false, false);

    private final NeonApiClient client;
    private final String projectId;
    private final Clock clock;
    private final List<Consumer<BackendEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Capabilities capabilities;
    private final PointReaders points;

    /** A backend over {@code client} for one project; closing the backend closes the client. */
    public RemoteBackend(NeonApiClient client, String projectId) {
        this(client, projectId, Clock.systemUTC());
    }

    RemoteBackend(NeonApiClient client, String projectId, Clock clock) {
        this(client, projectId, clock, CAPABILITIES);
    }

    private RemoteBackend(NeonApiClient client, String projectId, Clock clock, Capabilities capabilities) {
        this.client = client;
        this.projectId = projectId;
        this.clock = clock;
        this.capabilities = capabilities;
        this.points = new PointReaders(this::openPoint, PointReaders.IDLE);
    }

    /**
     * A backend that reads through the API alone, for a server whose branches have no computes a client can reach
     * (Arbor's server over its versioned store, without Postgres): the schema at a point, no rows. Neon's projects
     * and {@code arbor serve}'s have computes; use the constructor for them.
     */
    public static RemoteBackend withoutRows(NeonApiClient client, String projectId) {
        return new RemoteBackend(client, projectId, Clock.systemUTC(), WITHOUT_ROWS);
    }

    public static RemoteBackend open(RemoteProfile profile) {
        return new RemoteBackend(NeonApiClient.forProfile(profile, ClientOptions.DEFAULT), profile.projectId());
    }

    /** The projects {@code apiKey} can see at {@code baseUrl}, for a "choose a project" step before connecting. */
    public static List<Project> listProjects(String baseUrl, ApiKey apiKey) {
        return listProjects(baseUrl, apiKey, null);
    }

    /** The projects of organization {@code orgId} (null: none named) that {@code apiKey} can see at {@code baseUrl}. */
    public static List<Project> listProjects(String baseUrl, ApiKey apiKey, String orgId) {
        try (NeonApiClient c = new NeonApiClient(baseUrl, apiKey, ClientOptions.DEFAULT)) {
            return c.listProjects(orgId);
        }
    }

    public NeonApiClient client() {
        return client;
    }

    public String projectId() {
        return projectId;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public String describe() {
        return "Neon API · " + client.host() + " · project " + projectId;
    }

    @Override
    public Project project() {
        return client.getProject(projectId);
    }

    @Override
    public List<Branch> listBranches() {
        return client.listBranches(projectId, BranchQuery.ALL);
    }

    /** By id when it looks like one ({@code br-…}), else (or when no such id exists) by exact name. */
    @Override
    public Branch getBranch(String idOrName) {
        if (idOrName.startsWith("br-")) {
            try {
                return client.getBranch(projectId, idOrName);
            } catch (ArborException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
            }
        }
        // The API's search is a partial match on name or id; keep the exact name.
        return client.listBranches(projectId, BranchQuery.search(idOrName)).stream()
                .filter(b -> b.name().equals(idOrName)).findFirst()
                .orElseThrow(() -> ArborException.notFound("branch", idOrName));
    }

    @Override
    public List<Endpoint> listEndpoints(String branchId) {
        return client.listBranchEndpoints(projectId, branchId);
    }

    @Override
    public List<Database> listDatabases(String branchId) {
        return client.listDatabases(projectId, branchId);
    }

    @Override
    public List<Role> listRoles(String branchId) {
        return client.listRoles(projectId, branchId);
    }

    @Override
    public Page<Operation> listOperations(String cursor, int limit) {
        if (limit < 1 || limit > 1000) {
            throw ArborException.invalid("INVALID_LIMIT", "A page of operations holds 1 to 1000; " + limit + " was asked for.");
        }
        return client.listOperations(projectId, cursor, limit);
    }

    @Override
    public Operation getOperation(String operationId) {
        return client.getOperation(projectId, operationId);
    }

    @Override
    public List<Endpoint> listProjectEndpoints() {
        return client.listProjectEndpoints(projectId);
    }

    @Override
    public Endpoint getEndpoint(String endpointId) {
        return client.getEndpoint(projectId, endpointId);
    }

    @Override
    public BranchResult startEndpoint(String endpointId) {
        return finishEndpoint(client.startEndpoint(projectId, endpointId, Cancellation.none()));
    }

    @Override
    public BranchResult suspendEndpoint(String endpointId) {
        return finishEndpoint(client.suspendEndpoint(projectId, endpointId, Cancellation.none()));
    }

    @Override
    public BranchResult createBranch(CreateBranchSpec spec) {
        BranchResult done = finish(client.createBranch(projectId, spec, Cancellation.none()));
        emit(new BackendEvent.BranchCreated(done.branch()));
        done.endpoints().forEach(e -> emit(new BackendEvent.EndpointChanged(e)));
        return done;
    }

    @Override
    public BranchResult updateBranch(String branchId, BranchPatch patch) {
        points.closeBranch(branchId); // a branch with children (the points read) cannot get an expiration
        return changed(finish(client.updateBranch(projectId, branchId, patch, Cancellation.none())));
    }

    /** The event names the new default only: the reply does not say which branch lost the flag. */
    @Override
    public BranchResult setDefault(String branchId) {
        return changed(finish(client.setDefault(projectId, branchId, Cancellation.none())));
    }

    @Override
    public BranchResult restore(String branchId, RestoreSpec spec) {
        points.closeBranch(branchId); // a restore would move the temporary branches under the backup
        return restored(finish(client.restore(projectId, branchId, spec, Cancellation.none())), spec.preserveUnderName());
    }

    /** A restore from the parent's head (reference §2.4); a root has no parent to reset from. */
    @Override
    public BranchResult resetFromParent(String branchId, String preserveUnderName) {
        Branch b = client.getBranch(projectId, branchId);
        if (b.parentId() == null) {
            throw ArborException.rule("ROOT_BRANCH_RESET_NOT_ALLOWED", "\"" + b.name()
                    + "\" is a root branch: it has no parent to reset from. Restore it from another branch instead.");
        }
        return restore(branchId, new RestoreSpec(b.parentId(), PointInTime.HEAD, preserveUnderName));
    }

    @Override
    public BranchResult deleteBranch(String branchId) {
        points.closeBranch(branchId); // a branch with children cannot be deleted
        // Read first: a 204 ("already gone") carries no branch, and the event wants the name.
        Branch before = client.getBranch(projectId, branchId);
        BranchResult accepted = client.deleteBranch(projectId, branchId, Cancellation.none());
        if (accepted == null) {
            emit(new BackendEvent.BranchDeleted(before.id(), before.name()));
            return new BranchResult(before, List.of(), List.of());
        }
        List<Operation> ops = awaitOperations(accepted.operations());
        emit(new BackendEvent.BranchDeleted(before.id(), before.name()));
        return new BranchResult(refreshed(accepted.branch()), List.of(), ops);
    }

    @Override
    public BranchResult addEndpoint(String branchId, EndpointSpec spec) {
        return finishEndpoint(client.createEndpoint(projectId, branchId, spec, Cancellation.none()));
    }

    /**
     * From the project's {@code history_retention_seconds} back from now, to now. The API reports no LSNs for
     * these bounds, so {@code startLsn} and (unless the server is Arbor, which sends the head) {@code headLsn}
     * are null. The start is never before the branch was created, except through its parent, which the API
     * does not describe; the server refuses points it cannot serve.
     */
    @Override
    public HistoryWindow historyWindow(String branchId) {
        Branch b = client.getBranch(projectId, branchId);
        Project p = client.getProject(projectId);
        Instant now = clock.instant();
        // like the engine's, the window runs to now: a time after the last commit reads the head
        Instant start = now.minusSeconds(p.historyRetentionSeconds());
        if (p.createdAt() != null && start.isBefore(p.createdAt())) {
            start = p.createdAt();
        }
        return new HistoryWindow(start, null, now, b.headLsn());
    }

    /**
     * An LSN stands for itself (the server checks it when it is used). A timestamp cannot be resolved: the Neon
     * API has no public lookup (reference §2), so a timestamp inside the window is refused as unavailable and one
     * outside it as invalid. The head resolves only when the server reports it (Arbor does).
     */
    @Override
    public ResolvedPoint resolve(String branchId, PointInTime point) {
        return switch (point) {
            case PointInTime.AtLsn at -> new ResolvedPoint(at.lsn(), null);
            case PointInTime.Head head -> {
                Branch b = client.getBranch(projectId, branchId);
                if (b.headLsn() == null) {
                    throw lookupUnavailable("the head of \"" + b.name() + "\"");
                }
                yield new ResolvedPoint(b.headLsn(), b.headTimestamp());
            }
            case PointInTime.AtTimestamp at -> {
                HistoryWindow w = historyWindow(branchId);
                if (at.timestamp().isAfter(clock.instant())) {
                    throw ArborException.invalid("POINT_IN_FUTURE", at.timestamp() + " is in the future.");
                }
                if (!w.contains(at.timestamp())) {
                    throw ArborException.invalid("POINT_OUTSIDE_HISTORY", at.timestamp()
                            + " is outside the project's history window, which runs from " + w.start() + " to " + w.head() + ".");
                }
                throw lookupUnavailable(at.timestamp().toString());
            }
        };
    }

    @Override
    public List<TableInfo> listTables(String branchId, String database, PointInTime point) {
        return read(branchId, database, point, PgBranchReader::listTables);
    }

    @Override
    public RowPage readRows(String branchId, String database, String table, PointInTime point, long offset, int limit) {
        return read(branchId, database, point, r -> r.readRows(table, offset, limit));
    }

    @Override
    public String schemaSql(String branchId, String database, PointInTime point) {
        return client.schemaSql(projectId, branchId, database, point);
    }

    /** Neon's {@code connection_uri} for the branch's read-write compute, unpooled. */
    @Override
    public ConnectionDetails connectionDetails(String branchId, String database, String role) {
        return client.connectionUri(projectId, branchId, null, database, role, false);
    }

    /**
     * A temporary branch at {@code point} with a read-only compute, made with an expiration and deleted by
     * {@link PointAccess#close()} ({@link TemporaryBranch}); the head is the branch's own compute. A point outside the
     * history window is the server's refusal, and nothing is left behind.
     */
    @Override
    public PointAccess openPoint(String branchId, PointInTime point) {
        if (point instanceof PointInTime.Head) {
            return new PointAccess() {
                @Override
                public ConnectionDetails connect(String database, String role) {
                    return connectionDetails(branchId, database, role);
                }

                @Override
                public String options() {
                    return null;
                }

                @Override
                public void close() {
                    // the branch's own compute: nothing to release
                }
            };
        }
        if (!capabilities.rowsAtPoint()) {
            throw rowsNotAvailable();
        }
        return TemporaryBranch.open(client, projectId, client.getBranch(projectId, branchId), point, clock.instant());
    }

    /**
     * Neon's {@code reveal_password}. Neon answers 412 where the project does not store passwords: that becomes
     * the SPI's {@code PASSWORDS_UNAVAILABLE}, with what to do instead.
     */
    @Override
    public String revealPassword(String branchId, String role) {
        try {
            return client.revealPassword(projectId, branchId, role);
        } catch (ArborException e) {
            if (e.code() != ErrorCode.UNAVAILABLE && ApiErrors.hasStatus(e, 412)) {
                throw new ArborException(ErrorCode.UNAVAILABLE, "PASSWORDS_UNAVAILABLE", "The server does not keep the"
                        + " password of \"" + role + "\", so it cannot show it. Reset the role's password (in the Neon"
                        + " Console: Roles, Reset password) to get a new one.", e.details(), e);
            }
            throw e;
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<BackendEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        listeners.clear();
        try {
            points.close();
        } finally {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "RemoteBackend[" + client.baseUrl() + ", project " + projectId + "]";
    }

    // ---- plumbing ------------------------------------------------------------------------------------

    /** Waits for a branch mutation's operations, then reads the branch and its endpoints as they now are. */
    private BranchResult finish(BranchResult accepted) {
        List<Operation> ops = awaitOperations(accepted.operations());
        Branch now = refreshed(accepted.branch());
        List<Endpoint> endpoints = accepted.endpoints().isEmpty() ? List.of()
                : client.listBranchEndpoints(projectId, now.id());
        return new BranchResult(now, endpoints, ops);
    }

    /** For endpoint mutations, whose replies carry the endpoint but not its branch. */
    private BranchResult finishEndpoint(BranchResult accepted) {
        List<Operation> ops = awaitOperations(accepted.operations());
        List<Endpoint> endpoints = new ArrayList<>();
        for (Endpoint e : accepted.endpoints()) {
            Endpoint now = client.getEndpoint(projectId, e.id());
            endpoints.add(now);
            emit(new BackendEvent.EndpointChanged(now));
        }
        Branch branch = endpoints.isEmpty() ? null : client.getBranch(projectId, endpoints.get(0).branchId());
        return new BranchResult(branch, endpoints, ops);
    }

    private BranchResult changed(BranchResult done) {
        emit(new BackendEvent.BranchChanged(done.branch()));
        return done;
    }

    /** After a restore the backup is a new branch (found, as neonctl does, by its name) and children may have moved. */
    private BranchResult restored(BranchResult done, String backupName) {
        emit(new BackendEvent.BranchChanged(done.branch()));
        if (backupName != null) {
            client.listBranches(projectId, BranchQuery.search(backupName)).stream()
                    .filter(b -> b.name().equals(backupName)).findFirst()
                    .ifPresent(backup -> emit(new BackendEvent.BranchCreated(backup)));
        }
        return done;
    }

    private List<Operation> awaitOperations(List<Operation> ops) {
        return client.awaitOperations(projectId, ops, op -> emit(new BackendEvent.OperationChanged(op)), Cancellation.none());
    }

    /** The branch as it is now, or as the reply had it when it is gone (a delete). */
    private Branch refreshed(Branch fromReply) {
        try {
            return client.getBranch(projectId, fromReply.id());
        } catch (ArborException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return fromReply;
            }
            throw e;
        }
    }

    private void emit(BackendEvent event) {
        for (Consumer<BackendEvent> l : listeners) {
            l.accept(event);
        }
    }

    /**
     * Reads {@code database} of the branch at {@code point} with the engine's reader, over JDBC as the database's
     * owner: at the head through the branch's compute, at a point through the temporary branch kept open for it.
     */
    private <T> T read(String branchId, String database, PointInTime point, Function<PgBranchReader, T> work) {
        if (!capabilities.rowsAtPoint()) {
            throw rowsNotAvailable();
        }
        String owner = client.listDatabases(projectId, branchId).stream().filter(d -> d.name().equals(database))
                .map(Database::ownerName).findFirst()
                .orElseThrow(() -> ArborException.notFound("database", database));
        PointAccess access = point instanceof PointInTime.Head ? openPoint(branchId, point) : points.at(branchId, point);
        ConnectionDetails details;
        try {
            details = access.connect(database, owner);
        } catch (ArborException e) {
            throw e.code() == ErrorCode.NOT_FOUND && !(point instanceof PointInTime.Head) ? notAtThePoint(database) : e;
        }
        java.util.Properties properties = details.clientProperties(access.options());
        properties.setProperty("ApplicationName", "Arbor");
        properties.setProperty("loginTimeout", "120");
        properties.setProperty("connectTimeout", "30");
        try (Connection c = DriverManager.getConnection(details.jdbcUrl(), properties)) {
            return work.apply(new PgBranchReader(c, database));
        } catch (SQLException e) {
            if ("3D000".equals(e.getSQLState())) { // invalid_catalog_name: the database was made after the point
                throw notAtThePoint(database);
            }
            throw ArborException.unavailable("COMPUTE_UNREACHABLE", "Arbor could not read \"" + database
                    + "\" of the branch (" + e.getMessage() + ").", e);
        }
    }

    /** A database made after the point: the temporary branch there does not have it. */
    private static ArborException notAtThePoint(String database) {
        return new ArborException(ErrorCode.NOT_FOUND, "DATABASE_NOT_FOUND",
                "The branch had no database \"" + database + "\" at that point.");
    }

    private static ArborException rowsNotAvailable() {
        return ArborException.unavailable("ROWS_NOT_AVAILABLE",
                "This server does not serve table rows: its branches have no computes to read them from, so"
                        + " they cannot be previewed. The schema can be.", null);
    }

    private static ArborException lookupUnavailable(String what) {
        return ArborException.unavailable("LSN_LOOKUP_NOT_AVAILABLE",
                "The Neon API cannot tell which LSN " + what + " corresponds to; Neon resolves a time itself when a"
                        + " branch is created or restored at it.", null);
    }
}
