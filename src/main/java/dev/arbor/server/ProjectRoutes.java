package dev.arbor.server;

import dev.arbor.api.NeonMapper;
import dev.arbor.api.Responses;
import dev.arbor.backend.BranchBackend;
import java.util.List;

/**
 * {@code GET /projects} (the one project served), {@code GET /projects/shared} (none), {@code GET
 * /projects/{project_id}}, and {@code GET /users/me/organizations} (none).
 *
 * <p>The last two exist for the Neon CLI: {@code neonctl projects list} lists the shared projects after the owned
 * ones, and every project-scoped neonctl command run without {@code --project-id} first asks for the caller's
 * organizations and then for at most two projects, and goes on with the project when there is exactly one. A
 * local server has no accounts: the key's owner belongs to no organization and shares no project.
 */
final class ProjectRoutes extends RouteSupport {

    ProjectRoutes(BranchBackend backend, NeonMapper mapper) {
        super(backend, mapper);
    }

    @Override
    void register(Router router) {
        // "/projects/shared" is registered before "/projects/{project_id}": the first route that matches wins
        router.add("GET", "/projects", call -> Reply.ok(Responses.ProjectListResponse.of(List.of(mapper.toDto(backend.project())))))
                .add("GET", "/projects/shared", call -> Reply.ok(new Responses.ProjectsResponse(List.of())))
                .add("GET", "/projects/{project_id}", call -> Reply.ok(new Responses.ProjectResponse(mapper.toDto(project(call)))))
                .add("GET", "/users/me/organizations", call -> Reply.ok(new Responses.OrganizationsResponse(List.of())));
    }
}
