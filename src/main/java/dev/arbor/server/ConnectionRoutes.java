package dev.arbor.server;

import dev.arbor.api.NeonMapper;
import dev.arbor.api.Responses;
import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.ErrorCode;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code connection_uri} and {@code reveal_password}: how a Postgres client reaches a branch, and a role's password.
 * The branch, database and role are checked here first (404 naming what is missing), so the backend is asked only
 * about things that exist. Both answers carry a password, and neither is logged.
 */
final class ConnectionRoutes extends RouteSupport {

    ConnectionRoutes(BranchBackend backend, NeonMapper mapper) {
        super(backend, mapper);
    }

    @Override
    void register(Router router) {
        router.add("GET", "/projects/{project_id}/connection_uri", this::connectionUri)
                .add("GET", "/projects/{project_id}/branches/{branch_id}/roles/{role_name}/reveal_password",
                        this::revealPassword);
    }

    private Reply connectionUri(Call call) {
        project(call);
        String database = call.query("database_name");
        if (database == null) {
            throw HttpFailure.badRequest("DATABASE_NAME_REQUIRED",
                    "database_name is required: the database the connection string opens, such as neondb.");
        }
        String role = call.query("role_name");
        if (role == null) {
            throw HttpFailure.badRequest("ROLE_NAME_REQUIRED",
                    "role_name is required: the role the connection string logs in as, such as neondb_owner.");
        }
        if (call.choice("pooled", List.of("true", "false"), "false").equals("true")) {
            throw HttpFailure.badRequest("POOLER_UNAVAILABLE", "This server has no connection pooler; leave pooled out"
                    + " (or set it to false) for a direct connection string.");
        }
        Endpoint endpoint = call.query("endpoint_id") == null ? null : backend.getEndpoint(call.query("endpoint_id"));
        Branch branch = branch(call.query("branch_id"), endpoint);
        if (endpoint != null && !endpoint.branchId().equals(branch.id())) {
            throw HttpFailure.badRequest("ENDPOINT_NOT_ON_BRANCH", "Compute \"" + endpoint.id()
                    + "\" belongs to another branch than \"" + branch.name() + "\"; leave endpoint_id out for the branch's"
                    + " read-write compute.");
        }
        requireDatabase(branch, database);
        requireRole(branch, role);
        ConnectionDetails details = unavailableAsPreconditionFailed(
                () -> backend.connectionDetails(branch.id(), database, role));
        // The backend connects to a branch's read-write compute, or to its read-only one when it has no other (a
        // temporary branch at a point, as the console's Time Travel makes): a read-only compute beside a read-write
        // one has no connection of its own here.
        if (endpoint != null && !endpoint.id().equals(details.endpointId())) {
            throw HttpFailure.badRequest("READ_WRITE_ENDPOINT_ONLY", "This server gives connection strings for a"
                    + " branch's read-write compute, or for a read-only compute on a branch that has no other; \""
                    + endpoint.id() + "\" is read-only beside a read-write one. Leave endpoint_id out.");
        }
        return Reply.ok(new Responses.ConnectionUriResponse(details.uri()));
    }

    private Reply revealPassword(Call call) {
        project(call);
        Branch branch = backend.getBranch(call.path("branch_id"));
        String role = call.path("role_name");
        requireRole(branch, role);
        return Reply.ok(new Responses.RolePasswordResponse(
                unavailableAsPreconditionFailed(() -> backend.revealPassword(branch.id(), role))));
    }

    /** The branch named, else the one the endpoint is on, else the project's default branch (as Neon chooses). */
    private Branch branch(String idOrName, Endpoint endpoint) {
        if (idOrName != null) {
            return backend.getBranch(idOrName);
        }
        if (endpoint != null) {
            return backend.getBranch(endpoint.branchId());
        }
        return backend.listBranches().stream().filter(Branch::isDefault).findFirst()
                .orElseThrow(() -> new ArborException(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND",
                        "The project has no default branch; give branch_id."));
    }

    private void requireDatabase(Branch branch, String database) {
        if (backend.listDatabases(branch.id()).stream().noneMatch(d -> d.name().equals(database))) {
            throw new ArborException(ErrorCode.NOT_FOUND, "DATABASE_NOT_FOUND", "Branch \"" + branch.name()
                    + "\" has no database \"" + database + "\".");
        }
    }

    private void requireRole(Branch branch, String role) {
        if (backend.listRoles(branch.id()).stream().noneMatch(r -> r.name().equals(role))) {
            throw new ArborException(ErrorCode.NOT_FOUND, "ROLE_NOT_FOUND", "Branch \"" + branch.name()
                    + "\" has no role \"" + role + "\".");
        }
    }

    /**
     * A backend that cannot give connections or passwords says UNAVAILABLE, which is otherwise a 503; here it is a
     * 412, the status Neon gives {@code reveal_password} where storing passwords is disabled (the document lists it),
     * and one the document's {@code default} answer allows for {@code connection_uri}. A 503 would tell clients
     * (Arbor's own retries 503, as it should for a busy server) to send again something that cannot succeed until
     * the project itself changes. The body keeps the kind, so Arbor's client still reads it as UNAVAILABLE.
     */
    private static <T> T unavailableAsPreconditionFailed(Supplier<T> call) {
        try {
            return call.get();
        } catch (ArborException e) {
            if (e.code() != ErrorCode.UNAVAILABLE) {
                throw e;
            }
            throw new HttpFailure(412, e.reason(), e.getMessage(), ErrorCode.UNAVAILABLE);
        }
    }
}
