package dev.arbor.server;

import dev.arbor.api.NeonMapper;
import dev.arbor.api.OperationDto;
import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Operation;
import dev.arbor.domain.Project;
import java.util.List;

/** What every group of routes shares: the backend, the mapper, and the check that the path names this project. */
abstract class RouteSupport {
    protected final BranchBackend backend;
    protected final NeonMapper mapper;

    RouteSupport(BranchBackend backend, NeonMapper mapper) {
        this.backend = backend;
        this.mapper = mapper;
    }

    abstract void register(Router router);

    /** The project, when {@code {project_id}} names it; a server serves one project, so any other id is a 404. */
    protected Project project(Call call) {
        Project p = backend.project();
        String id = call.path("project_id");
        if (!p.id().equals(id)) {
            throw new ArborException(dev.arbor.domain.ErrorCode.NOT_FOUND, "PROJECT_NOT_FOUND",
                    "No project with id \"" + id + "\" exists on this server.");
        }
        return p;
    }

    protected List<OperationDto> operations(List<Operation> ops) {
        return ops.stream().map(this::operation).toList();
    }

    /**
     * An operation as JSON. {@code project_id} is required by the spec, and the embedded engine leaves it out of
     * operations it reads back from storage, so the server fills in the project it serves.
     */
    protected OperationDto operation(Operation o) {
        if (o.projectId() == null) {
            o = new Operation(o.id(), backend.project().id(), o.branchId(), o.endpointId(), o.action(), o.status(),
                    o.failuresCount(), o.error(), o.createdAt(), o.updatedAt(), o.totalDurationMs());
        }
        return mapper.toDto(o);
    }
}
