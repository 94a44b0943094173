package dev.arbor.api;

/** {@code POST /projects/{id}/endpoints} body: {@code {"endpoint": {branch_id, type, …}}}, both required. */
public record EndpointCreateRequest(Endpoint endpoint) {

    public record Endpoint(String branchId, String type, Double autoscalingLimitMinCu, Double autoscalingLimitMaxCu,
                           Long suspendTimeoutSeconds, String regionId, String provisioner, String name,
                           EndpointDto.Settings settings) {
    }
}
