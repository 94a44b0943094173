package dev.arbor.server;

import dev.arbor.api.NeonMapper;
import dev.arbor.api.Responses;
import dev.arbor.backend.BranchBackend;
import dev.arbor.api.ProjectDto;
import java.util.List;
import java.util.Locale;

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
    /** Neon's largest page of projects. */
    private static final int PROJECTS_PAGE_MAX = 400;

    ProjectRoutes(BranchBackend backend, NeonMapper mapper) {
        super(backend, mapper);
    }

    @Override
    void register(Router router) {
        // "/projects/shared" is registered before "/projects/{project_id}": the first route that matches wins
        router.add("GET", "/projects", this::listProjects)
                .add("GET", "/projects/shared", call -> Reply.ok(new Responses.ProjectsResponse(List.of())))
                .add("GET", "/projects/{project_id}", call -> Reply.ok(new Responses.ProjectResponse(mapper.toDto(project(call)))))
                .add("GET", "/users/me/organizations", call -> Reply.ok(new Responses.OrganizationsResponse(List.of())));
    }

    /**
     * Neon's project list with its paging: {@code limit} (1–400), {@code search} (part of a name or id) and
     * {@code cursor}, the last id of the page before. The one project is the whole list, so a page after it is
     * empty; a cursor this server did not give out is refused rather than read as the start.
     */
    private Reply listProjects(Call call) {
        call.intQuery("limit", 1, PROJECTS_PAGE_MAX, PROJECTS_PAGE_MAX);
        ProjectDto project = mapper.toDto(backend.project());
        String cursor = call.query("cursor");
        if (cursor != null && !cursor.equals(project.id())) {
            throw HttpFailure.badRequest("INVALID_CURSOR", "cursor is not a value this server gave out; pass"
                    + " pagination.cursor from the previous page, or leave it out for the first page.");
        }
        String search = call.query("search");
        boolean found = search == null || contains(project.name(), search) || contains(project.id(), search);
        return Reply.ok(Responses.ProjectListResponse.of(cursor == null && found ? List.of(project) : List.of()));
    }

    private static boolean contains(String text, String part) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }
}
