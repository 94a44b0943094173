package dev.arbor.domain;

import java.time.Instant;
import java.util.List;

/**
 * What to create. {@code parentId} null means the default branch; {@code name} null means the name
 * defaults to the new id. For a schema-only branch the parent and point only choose where the schema
 * comes from: the new branch is a root.
 */
public record CreateBranchSpec(
        String parentId,
        String name,
        PointInTime point,
        InitSource initSource,
        boolean isProtected,
        Instant expiresAt,
        List<EndpointSpec> endpoints,
        String createdBy) {

    public CreateBranchSpec {
        point = point == null ? PointInTime.HEAD : point;
        initSource = initSource == null ? InitSource.PARENT_DATA : initSource;
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        EndpointSpec.checkCount(endpoints.size());
    }

    public static CreateBranchSpec named(String name) {
        return new CreateBranchSpec(null, name, PointInTime.HEAD, InitSource.PARENT_DATA, false, null, List.of(), null);
    }

    public CreateBranchSpec withParent(String parent) {
        return new CreateBranchSpec(parent, name, point, initSource, isProtected, expiresAt, endpoints, createdBy);
    }

    public CreateBranchSpec at(PointInTime at) {
        return new CreateBranchSpec(parentId, name, at, initSource, isProtected, expiresAt, endpoints, createdBy);
    }

    public CreateBranchSpec schemaOnly() {
        return new CreateBranchSpec(parentId, name, point, InitSource.SCHEMA_ONLY, isProtected, expiresAt, endpoints, createdBy);
    }

    public CreateBranchSpec protect() {
        return new CreateBranchSpec(parentId, name, point, initSource, true, expiresAt, endpoints, createdBy);
    }

    public CreateBranchSpec expiringAt(Instant at) {
        return new CreateBranchSpec(parentId, name, point, initSource, isProtected, at, endpoints, createdBy);
    }

    public CreateBranchSpec withEndpoint(EndpointSpec endpoint) {
        var all = new java.util.ArrayList<>(endpoints);
        all.add(endpoint);
        return new CreateBranchSpec(parentId, name, point, initSource, isProtected, expiresAt, all, createdBy);
    }

    public CreateBranchSpec by(String who) {
        return new CreateBranchSpec(parentId, name, point, initSource, isProtected, expiresAt, endpoints, who);
    }
}
