package dev.arbor.backend;

import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Database;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.domain.Role;
import dev.arbor.domain.RowPage;
import dev.arbor.domain.TableInfo;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one interface the console uses for a project, whatever serves it. Calls block and must be made
 * off the FX thread; mutations return when their operations have finished. Failures are
 * {@link dev.arbor.domain.ArborException}s with a code and a sentence.
 */
public interface BranchBackend extends AutoCloseable {

    Capabilities capabilities();

    /** A short description of where the project lives, for the title bar and status area. */
    String describe();

    Project project();

    List<Branch> listBranches();

    /** A branch by id, or by name when no id matches. */
    Branch getBranch(String idOrName);

    List<Endpoint> listEndpoints(String branchId);

    List<Database> listDatabases(String branchId);

    List<Role> listRoles(String branchId);

    /** Operations newest first; {@code cursor} null for the first page, else a page's {@code next}. */
    Page<Operation> listOperations(String cursor, int limit);

    Operation getOperation(String operationId);

    /** Every endpoint of the project. */
    List<Endpoint> listProjectEndpoints();

    Endpoint getEndpoint(String endpointId);

    BranchResult startEndpoint(String endpointId);

    BranchResult suspendEndpoint(String endpointId);

    BranchResult createBranch(CreateBranchSpec spec);

    BranchResult updateBranch(String branchId, BranchPatch patch);

    BranchResult setDefault(String branchId);

    /** Restores (or, from the parent's head, resets) a branch; the backup, if kept, is a new branch. */
    BranchResult restore(String branchId, RestoreSpec spec);

    BranchResult resetFromParent(String branchId, String preserveUnderName);

    BranchResult deleteBranch(String branchId);

    BranchResult addEndpoint(String branchId, EndpointSpec spec);

    /** The history window of a branch: the earliest and latest points it can be read at. */
    HistoryWindow historyWindow(String branchId);

    /** Resolves a point on a branch to an LSN and its commit time, refusing points outside the window. */
    ResolvedPoint resolve(String branchId, PointInTime point);

    /** Tables of a database at a point; needs {@link Capabilities#rowsAtPoint()} for row counts. */
    List<TableInfo> listTables(String branchId, String database, PointInTime point);

    /**
     * A page of rows at a point, {@code table} named as {@link #listTables} names it (a {@link dev.arbor.domain.TableName}:
     * {@code orders}, {@code sales.orders}); needs {@link Capabilities#rowsAtPoint()}.
     */
    RowPage readRows(String branchId, String database, String table, PointInTime point, long offset, int limit);

    /** The schema of a database as SQL at a point; needs {@link Capabilities#schemaAtPoint()}. */
    String schemaSql(String branchId, String database, PointInTime point);

    /**
     * How a client connects to a branch as {@code role} to {@code database}, through the branch's read-write
     * compute (waking is the client's connection's business, not this call's). A backend without computes a client
     * can reach says so with an {@link dev.arbor.domain.ArborException} and a sentence.
     */
    default ConnectionDetails connectionDetails(String branchId, String database, String role) {
        throw dev.arbor.domain.ArborException.unavailable("CONNECTIONS_UNAVAILABLE",
                "This project's branches have no computes a client can connect to.", null);
    }

    /**
     * A read-only way into a branch as it was at {@code point} (see {@link PointAccess}); close it when done looking.
     * A point outside the branch's history window is refused with a sentence, as Create and Restore refuse it.
     */
    default PointAccess openPoint(String branchId, PointInTime point) {
        throw dev.arbor.domain.ArborException.unavailable("CONNECTIONS_UNAVAILABLE",
                "This project's branches have no computes a client can connect to.", null);
    }

    /**
     * The password of a role on a branch (Neon's {@code reveal_password}); a backend that does not keep passwords
     * says so with an {@link dev.arbor.domain.ArborException} and a sentence.
     */
    default String revealPassword(String branchId, String role) {
        throw dev.arbor.domain.ArborException.unavailable("PASSWORDS_UNAVAILABLE",
                "This project does not keep its roles' passwords.", null);
    }

    /** Creates a database on a branch, owned by an existing role. */
    default Database createDatabase(String branchId, String name, String owner) {
        throw catalogUnavailable();
    }

    /** Drops a database of a branch (its sessions are ended). */
    default void deleteDatabase(String branchId, String name) {
        throw catalogUnavailable();
    }

    /** Creates a role on a branch; the answer carries its generated password (null for a role that cannot log in). */
    default CreatedRole createRole(String branchId, String name, boolean noLogin) {
        throw catalogUnavailable();
    }

    /** A role just made or given a new password, with that password (never log it). */
    record CreatedRole(Role role, String password) {
        @Override
        public String toString() {
            return "CreatedRole[" + role.name() + ", password hidden]";
        }
    }

    /** Drops a role of a branch. */
    default void deleteRole(String branchId, String name) {
        throw catalogUnavailable();
    }

    /** Gives a role a new generated password and answers it. */
    default String resetRolePassword(String branchId, String name) {
        throw catalogUnavailable();
    }

    /** Restarts a compute: its clients are disconnected and it starts again. */
    default BranchResult restartEndpoint(String endpointId) {
        throw catalogUnavailable();
    }

    private static dev.arbor.domain.ArborException catalogUnavailable() {
        return dev.arbor.domain.ArborException.unavailable("CATALOG_UNAVAILABLE",
                "This project's branches have no Postgres to change databases, roles or computes on.", null);
    }

    /** Subscribes to changes; close the returned handle to stop. */
    AutoCloseable subscribe(Consumer<BackendEvent> listener);

    @Override
    void close();
}
