package dev.arbor.api;

import java.time.Instant;
import java.util.Map;

/**
 * Neon's {@code Endpoint} (a compute, reference §5), with every required field: a local server reports
 * region {@code local}, provisioner {@code k8s-neonvm}, transaction pooling off, and empty settings.
 */
public record EndpointDto(
        String host,
        String id,
        String name,
        String projectId,
        String branchId,
        Double autoscalingLimitMinCu,
        Double autoscalingLimitMaxCu,
        String regionId,
        String type,
        String currentState,
        String pendingState,
        Settings settings,
        Boolean poolerEnabled,
        String poolerMode,
        Boolean disabled,
        Boolean passwordlessAccess,
        Instant lastActive,
        String creationSource,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant suspendedAt,
        String proxyHost,
        Long suspendTimeoutSeconds,
        String provisioner) {

    /** Postgres settings of a compute ({@code pg_settings}: name → value). */
    public record Settings(Map<String, String> pgSettings) {
    }
}
