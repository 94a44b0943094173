package dev.arbor.server;

import dev.arbor.api.BranchCreateRequest;
import dev.arbor.api.BranchRestoreRequest;
import dev.arbor.api.BranchUpdateRequest;
import dev.arbor.api.NeonMapper;
import dev.arbor.api.Responses;
import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.BranchResult;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.RestoreSpec;

/** The branch routes under {@code /projects/{project_id}/branches} (reference §2), schema routes aside. */
final class BranchRoutes extends RouteSupport {
    private static final String BRANCHES = "/projects/{project_id}/branches";
    private static final String BRANCH = BRANCHES + "/{branch_id}";
    /** Who the engine records as the creator of branches made through the API. */
    private static final String CREATED_BY = "api";

    BranchRoutes(BranchBackend backend, NeonMapper mapper) {
        super(backend, mapper);
    }

    @Override
    void register(Router router) {
        router.add("GET", BRANCHES, this::list)
                .add("POST", BRANCHES, this::create)
                .add("GET", BRANCHES + "/count", this::count)
                .add("GET", BRANCH, this::get)
                .add("PATCH", BRANCH, this::update)
                .add("DELETE", BRANCH, this::delete)
                .add("POST", BRANCH + "/set_as_default", this::setDefault)
                .add("POST", BRANCH + "/restore", this::restore)
                .add("GET", BRANCH + "/endpoints", this::endpoints)
                .add("GET", BRANCH + "/databases", this::databases)
                .add("GET", BRANCH + "/roles", this::roles);
    }

    private Reply list(Call call) {
        project(call);
        String cursorText = call.query("cursor");
        BranchListing.Cursor after = cursorText == null ? null : BranchListing.decode(cursorText);
        String sortBy = call.choice("sort_by", BranchListing.SORT_BY, after == null ? "updated_at" : after.sortBy());
        String sortOrder = call.choice("sort_order", BranchListing.SORT_ORDER, after == null ? "desc" : after.sortOrder());
        if (after != null && (!after.sortBy().equals(sortBy) || !after.sortOrder().equals(sortOrder))) {
            throw HttpFailure.badRequest("CURSOR_MISMATCH", "cursor was made for sort_by=" + after.sortBy() + " and sort_order="
                    + after.sortOrder() + "; leave sort_by and sort_order out, or start again without the cursor.");
        }
        Integer limit = call.query("limit") == null ? null : call.intQuery("limit", 1, 10_000, 0);
        BranchListing.Query q = new BranchListing.Query(call.query("search"), sortBy, sortOrder, after, limit);
        return Reply.ok(BranchListing.page(backend.listBranches(), q, mapper::toDto));
    }

    private Reply count(Call call) {
        project(call);
        return Reply.ok(new Responses.BranchesCountResponse(
                BranchListing.search(backend.listBranches(), call.query("search")).size()));
    }

    private Reply create(Call call) {
        project(call);
        BranchCreateRequest body = call.body(BranchCreateRequest.class);
        if (body != null && body.endpoints() != null) {
            // before each entry is read: a request for thousands of computes is refused at once
            EndpointSpec.checkCount(body.endpoints().size());
        }
        BranchResult r = backend.createBranch(mapper.toSpec(body, CREATED_BY));
        String id = r.branch().id();
        return Reply.created(new Responses.BranchCreatedResponse(mapper.toDto(r.branch()),
                r.endpoints().stream().map(mapper::toDto).toList(), operations(r.operations()),
                backend.listRoles(id).stream().map(mapper::toDto).toList(),
                backend.listDatabases(id).stream().map(mapper::toDto).toList()));
    }

    private Reply get(Call call) {
        project(call);
        Branch b = backend.getBranch(call.path("branch_id"));
        return Reply.ok(new Responses.BranchResponse(mapper.toDto(b), Responses.Annotation.emptyFor(b.id())));
    }

    private Reply update(Call call) {
        project(call);
        String id = backend.getBranch(call.path("branch_id")).id();
        return branchOperations(backend.updateBranch(id, mapper.toPatch(call.body(BranchUpdateRequest.class))));
    }

    /** Neon answers 204 for a branch that is missing or already deleted, so a repeated DELETE is harmless. */
    private Reply delete(Call call) {
        project(call);
        Branch b;
        try {
            b = backend.getBranch(call.path("branch_id"));
        } catch (ArborException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Reply.noContent();
            }
            throw e;
        }
        return branchOperations(backend.deleteBranch(b.id()));
    }

    private Reply setDefault(Call call) {
        project(call);
        return branchOperations(backend.setDefault(backend.getBranch(call.path("branch_id")).id()));
    }

    /** A restore from the parent's head is a reset from the parent (reference §2.4), with the reset's rules. */
    private Reply restore(Call call) {
        project(call);
        RestoreSpec spec = mapper.toSpec(call.body(BranchRestoreRequest.class));
        Branch target = backend.getBranch(call.path("branch_id"));
        Branch source = backend.getBranch(spec.sourceBranchId());
        if (spec.point().isHead() && source.id().equals(target.parentId())) {
            return branchOperations(backend.resetFromParent(target.id(), spec.preserveUnderName()));
        }
        return branchOperations(backend.restore(target.id(),
                new RestoreSpec(source.id(), spec.point(), spec.preserveUnderName())));
    }

    private Reply endpoints(Call call) {
        project(call);
        String id = backend.getBranch(call.path("branch_id")).id();
        return Reply.ok(new Responses.EndpointsResponse(backend.listEndpoints(id).stream().map(mapper::toDto).toList()));
    }

    private Reply databases(Call call) {
        project(call);
        String id = backend.getBranch(call.path("branch_id")).id();
        return Reply.ok(new Responses.DatabasesResponse(backend.listDatabases(id).stream().map(mapper::toDto).toList()));
    }

    private Reply roles(Call call) {
        project(call);
        String id = backend.getBranch(call.path("branch_id")).id();
        return Reply.ok(new Responses.RolesResponse(backend.listRoles(id).stream().map(mapper::toDto).toList()));
    }

    private Reply branchOperations(BranchResult r) {
        return Reply.ok(new Responses.BranchOperationsResponse(mapper.toDto(r.branch()), operations(r.operations())));
    }

}
