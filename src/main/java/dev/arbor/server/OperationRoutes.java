package dev.arbor.server;

import dev.arbor.api.NeonMapper;
import dev.arbor.api.Responses;
import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.Page;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Operation;

/** The operation routes: the project's operations newest first, paged, and one by id. */
final class OperationRoutes extends RouteSupport {
    private static final String OPERATIONS = "/projects/{project_id}/operations";
    private static final int DEFAULT_LIMIT = 100;

    OperationRoutes(BranchBackend backend, NeonMapper mapper) {
        super(backend, mapper);
    }

    @Override
    void register(Router router) {
        router.add("GET", OPERATIONS, this::list)
                .add("GET", OPERATIONS + "/{operation_id}", this::get);
    }

    private Reply list(Call call) {
        project(call);
        int limit = call.intQuery("limit", 1, 1000, DEFAULT_LIMIT);
        String cursor = call.query("cursor");
        Page<Operation> page;
        try {
            page = backend.listOperations(cursor, limit);
        } catch (ArborException e) {
            // the cursor is an operation id; one that names nothing is a bad cursor, not a missing resource
            if (cursor != null && e.code() == ErrorCode.NOT_FOUND) {
                throw HttpFailure.badRequest("INVALID_CURSOR",
                        "cursor is not a value this server gave out; pass pagination.cursor from the previous page.");
            }
            throw e;
        }
        return Reply.ok(new Responses.OperationsResponse(operations(page.items()),
                page.next() == null ? null : new Responses.Pagination(page.next())));
    }

    private Reply get(Call call) {
        project(call);
        return Reply.ok(new Responses.OperationResponse(operation(backend.getOperation(call.path("operation_id")))));
    }
}
