package dev.arbor.server;

import dev.arbor.api.DatabaseCreateRequest;
import dev.arbor.api.NeonMapper;
import dev.arbor.api.Responses;
import dev.arbor.api.RoleCreateRequest;
import dev.arbor.api.RoleDto;
import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Database;
import dev.arbor.domain.Role;
import java.util.List;

/**
 * A branch's databases and roles one by one — get, create, delete, a role's password reset — and a compute's restart,
 * as Neon's API has them. The changes run in SQL on the branch's compute; a role's password appears only in the
 * answer to its create or reset.
 */
final class CatalogRoutes extends RouteSupport {
    private static final String BRANCH = "/projects/{project_id}/branches/{branch_id}";
    private static final String DATABASE = BRANCH + "/databases/{database_name}";
    private static final String ROLE = BRANCH + "/roles/{role_name}";

    CatalogRoutes(BranchBackend backend, NeonMapper mapper) {
        super(backend, mapper);
    }

    @Override
    void register(Router router) {
        router.add("POST", BRANCH + "/databases", this::createDatabase)
                .add("GET", DATABASE, this::getDatabase)
                .add("DELETE", DATABASE, this::deleteDatabase)
                .add("POST", BRANCH + "/roles", this::createRole)
                .add("GET", ROLE, this::getRole)
                .add("DELETE", ROLE, this::deleteRole)
                .add("POST", ROLE + "/reset_password", this::resetPassword)
                .add("POST", "/projects/{project_id}/endpoints/{endpoint_id}/restart", this::restart);
    }

    private Branch branch(Call call) {
        project(call);
        return backend.getBranch(call.path("branch_id"));
    }

    private Reply createDatabase(Call call) {
        Branch b = branch(call);
        DatabaseCreateRequest body = call.body(DatabaseCreateRequest.class);
        if (body == null || body.database() == null || blank(body.database().name()) || blank(body.database().ownerName())) {
            throw HttpFailure.badRequest("DATABASE_REQUIRED", "The body must name the database and its owner: "
                    + "{\"database\": {\"name\": \"shop\", \"owner_name\": \"neondb_owner\"}}.");
        }
        Database d = backend.createDatabase(b.id(), body.database().name(), body.database().ownerName());
        return Reply.created(new Responses.DatabaseOperationsResponse(mapper.toDto(d), List.of()));
    }

    private Reply getDatabase(Call call) {
        return Reply.ok(new Responses.DatabaseResponse(mapper.toDto(database(branch(call), call.path("database_name")))));
    }

    private Reply deleteDatabase(Call call) {
        Branch b = branch(call);
        Database d = database(b, call.path("database_name"));
        backend.deleteDatabase(b.id(), d.name());
        return Reply.ok(new Responses.DatabaseOperationsResponse(mapper.toDto(d), List.of()));
    }

    private Reply createRole(Call call) {
        Branch b = branch(call);
        RoleCreateRequest body = call.body(RoleCreateRequest.class);
        if (body == null || body.role() == null || blank(body.role().name())) {
            throw HttpFailure.badRequest("ROLE_REQUIRED", "The body must name the role: {\"role\": {\"name\": \"app\"}}.");
        }
        boolean noLogin = Boolean.TRUE.equals(body.role().noLogin());
        BranchBackend.CreatedRole made = backend.createRole(b.id(), body.role().name(), noLogin);
        return Reply.created(new Responses.RoleOperationsResponse(withPassword(made.role(), made.password(),
                noLogin ? "no_login" : "password"), List.of()));
    }

    private Reply getRole(Call call) {
        return Reply.ok(new Responses.RoleResponse(mapper.toDto(role(branch(call), call.path("role_name")))));
    }

    private Reply deleteRole(Call call) {
        Branch b = branch(call);
        Role r = role(b, call.path("role_name"));
        backend.deleteRole(b.id(), r.name());
        return Reply.ok(new Responses.RoleOperationsResponse(mapper.toDto(r), List.of()));
    }

    private Reply resetPassword(Call call) {
        Branch b = branch(call);
        Role r = role(b, call.path("role_name"));
        String password = backend.resetRolePassword(b.id(), r.name());
        return Reply.ok(new Responses.RoleOperationsResponse(withPassword(r, password, "password"), List.of()));
    }

    private Reply restart(Call call) {
        project(call);
        String id = backend.getEndpoint(call.path("endpoint_id")).id();
        var r = backend.restartEndpoint(id);
        return Reply.ok(new Responses.EndpointOperationsResponse(mapper.toDto(backend.getEndpoint(id)),
                operations(r.operations())));
    }

    private Database database(Branch b, String name) {
        return backend.listDatabases(b.id()).stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new ArborException(dev.arbor.domain.ErrorCode.NOT_FOUND, "DATABASE_NOT_FOUND",
                        "Branch \"" + b.name() + "\" has no database named \"" + name + "\"."));
    }

    private Role role(Branch b, String name) {
        return backend.listRoles(b.id()).stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new ArborException(dev.arbor.domain.ErrorCode.NOT_FOUND, "ROLE_NOT_FOUND",
                        "Branch \"" + b.name() + "\" has no role named \"" + name + "\"."));
    }

    private RoleDto withPassword(Role r, String password, String method) {
        RoleDto d = mapper.toDto(r);
        return new RoleDto(d.branchId(), d.name(), password, d.isProtected(), method, d.createdAt(), d.updatedAt());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
