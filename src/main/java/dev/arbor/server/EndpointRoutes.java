package dev.arbor.server;

import dev.arbor.api.EndpointCreateRequest;
import dev.arbor.api.NeonMapper;
import dev.arbor.api.Responses;
import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.BranchResult;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import java.util.Comparator;

/** The compute routes under {@code /projects/{project_id}/endpoints}. */
final class EndpointRoutes extends RouteSupport {
    private static final String ENDPOINTS = "/projects/{project_id}/endpoints";
    private static final String ENDPOINT = ENDPOINTS + "/{endpoint_id}";

    EndpointRoutes(BranchBackend backend, NeonMapper mapper) {
        super(backend, mapper);
    }

    @Override
    void register(Router router) {
        router.add("GET", ENDPOINTS, this::list)
                .add("POST", ENDPOINTS, this::create)
                .add("GET", ENDPOINT, this::get)
                .add("POST", ENDPOINT + "/start", this::start)
                .add("POST", ENDPOINT + "/suspend", this::suspend);
    }

    private Reply list(Call call) {
        project(call);
        return Reply.ok(new Responses.EndpointsResponse(backend.listProjectEndpoints().stream().map(mapper::toDto).toList()));
    }

    private Reply create(Call call) {
        project(call);
        EndpointCreateRequest body = call.body(EndpointCreateRequest.class);
        EndpointSpec spec = mapper.toSpec(body);
        String branchId = backend.getBranch(body.endpoint().branchId()).id();
        BranchResult r = backend.addEndpoint(branchId, spec);
        // the new compute is the newest of those the result lists
        Endpoint made = r.endpoints().stream().max(Comparator.comparing(Endpoint::createdAt)).orElseThrow(
                () -> new IllegalStateException("The backend created an endpoint but did not report it."));
        return Reply.created(new Responses.EndpointOperationsResponse(mapper.toDto(made), operations(r.operations())));
    }

    private Reply get(Call call) {
        project(call);
        return Reply.ok(new Responses.EndpointResponse(mapper.toDto(backend.getEndpoint(call.path("endpoint_id")))));
    }

    private Reply start(Call call) {
        project(call);
        String id = backend.getEndpoint(call.path("endpoint_id")).id();
        return endpointOperations(id, backend.startEndpoint(id));
    }

    private Reply suspend(Call call) {
        project(call);
        String id = backend.getEndpoint(call.path("endpoint_id")).id();
        return endpointOperations(id, backend.suspendEndpoint(id));
    }

    private Reply endpointOperations(String id, BranchResult r) {
        Endpoint e = r.endpoints().stream().filter(x -> x.id().equals(id)).findFirst()
                .orElseGet(() -> backend.getEndpoint(id));
        return Reply.ok(new Responses.EndpointOperationsResponse(mapper.toDto(e), operations(r.operations())));
    }
}
