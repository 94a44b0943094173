package dev.arbor.server;

import dev.arbor.api.NeonMapper;
import dev.arbor.api.Responses;
import dev.arbor.backend.BranchBackend;
import java.util.List;

/** {@code GET /projects} (the one project served) and {@code GET /projects/{project_id}}. */
final class ProjectRoutes extends RouteSupport {

    ProjectRoutes(BranchBackend backend, NeonMapper mapper) {
        super(backend, mapper);
    }

    @Override
    void register(Router router) {
        router.add("GET", "/projects", call -> Reply.ok(new Responses.ProjectsResponse(List.of(mapper.toDto(backend.project())))))
                .add("GET", "/projects/{project_id}", call -> Reply.ok(new Responses.ProjectResponse(mapper.toDto(project(call)))));
    }
}
