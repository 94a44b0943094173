package dev.arbor.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code POST …/branches} body (reference §2.2). Every part is optional: an empty body branches from the
 * default branch at its head. Points in time are kept as text so that a malformed one is reported by name.
 */
public record BranchCreateRequest(Branch branch, List<EndpointOptions> endpoints, Map<String, String> annotationValue) {

    /**
     * The branch to create. {@code parent_lsn}/{@code parent_timestamp} without {@code parent_id} mean the
     * default branch; {@code init_source} is {@code parent-data} (default) or {@code schema-only}.
     */
    public record Branch(String parentId, String name, String parentLsn, String parentTimestamp,
                         @JsonProperty("protected") Boolean isProtected, Boolean archived, String initSource,
                         String expiresAt) {
    }

    /** A compute to create with the branch; {@code type} is required ({@code read_write} or {@code read_only}). */
    public record EndpointOptions(String type, Double autoscalingLimitMinCu, Double autoscalingLimitMaxCu,
                                  String provisioner, Long suspendTimeoutSeconds, EndpointDto.Settings settings) {
    }
}
