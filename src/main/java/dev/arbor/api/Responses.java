package dev.arbor.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The response envelopes of the Neon v2 routes Arbor serves, named after the spec's schemas. */
public final class Responses {
    private Responses() {
    }

    /**
     * {@code GET /projects/{id}/connection_uri}: a {@code postgresql://} URI with the role's password in it, which
     * {@link #toString()} leaves out.
     */
    public record ConnectionUriResponse(String uri) {
        @Override
        public String toString() {
            return "ConnectionUriResponse[uri withheld]";
        }
    }

    /** {@code GET …/roles/{role_name}/reveal_password}: the role's password, which {@link #toString()} leaves out. */
    public record RolePasswordResponse(String password) {
        @Override
        public String toString() {
            return "RolePasswordResponse[password withheld]";
        }
    }

    /** {@code GET /projects/{id}}. */
    public record ProjectResponse(ProjectDto project) {
    }

    /** {@code GET /projects}: the projects this key can see (a local server has one). */
    public record ProjectsResponse(List<ProjectDto> projects) {
    }

    /**
     * {@code GET /projects} as the server sends it: Neon's list carries each project as a {@code ProjectListItem}
     * (a project plus {@code active_time}) and, keyed by project id, the applications and integrations installed
     * there, which a local server has none of. Clients read it as a {@link ProjectsResponse}.
     */
    public record ProjectListResponse(List<ProjectListItem> projects, Map<String, List<String>> applications,
                                      Map<String, List<String>> integrations, Pagination pagination) {
        /** A page of projects; its cursor is the last project's id, and an empty page has none. */
        public static ProjectListResponse of(List<ProjectDto> projects) {
            Pagination next = projects.isEmpty() ? null : new Pagination(projects.get(projects.size() - 1).id());
            return new ProjectListResponse(projects.stream().map(ProjectListItem::new).toList(), Map.of(), Map.of(), next);
        }
    }

    /**
     * A project in the project list: every field of the project, so the list and {@code GET /projects/{id}} agree,
     * and {@code active_time}, the list's name for its active seconds.
     */
    public record ProjectListItem(@JsonUnwrapped ProjectDto project, long activeTime) {
        public ProjectListItem(ProjectDto project) {
            this(project, project.activeTimeSeconds());
        }
    }

    /**
     * {@code GET /users/me/organizations}: the organizations the key's owner belongs to. A local server has no
     * accounts, so the list is empty; the Neon CLI then looks the project up without an organization.
     */
    public record OrganizationsResponse(List<Map<String, Object>> organizations) {
    }

    /** {@code GET …/branches}: {@code annotations} is always present ({} when none); {@code pagination} when paged. */
    public record BranchesResponse(List<BranchDto> branches, Map<String, Annotation> annotations,
                                   CursorPagination pagination) {
    }

    /** {@code GET …/branches/count}. */
    public record BranchesCountResponse(long count) {
    }

    /** {@code POST …/branches} (201): the new branch, its endpoints, the operations, and the parent's roles and databases. */
    public record BranchCreatedResponse(BranchDto branch, List<EndpointDto> endpoints, List<OperationDto> operations,
                                        List<RoleDto> roles, List<DatabaseDto> databases) {
    }

    /** {@code GET …/branches/{id}}: the branch and its (possibly empty) annotation. */
    public record BranchResponse(BranchDto branch, Annotation annotation) {
    }

    /** PATCH, DELETE, {@code set_as_default}, {@code restore}: the branch and the operations doing the work. */
    public record BranchOperationsResponse(BranchDto branch, List<OperationDto> operations) {
    }

    /** {@code GET …/schema}: {@code sql} or {@code json}, by the {@code format} asked for. */
    public record BranchSchemaResponse(String sql, SchemaJson json) {
    }

    /** {@code GET …/compare_schema}: a unified diff from the base to the branch. */
    public record BranchSchemaCompareResponse(String diff) {
    }

    public record EndpointsResponse(List<EndpointDto> endpoints) {
    }

    public record EndpointResponse(EndpointDto endpoint) {
    }

    /** Endpoint create (201), start and suspend. */
    public record EndpointOperationsResponse(EndpointDto endpoint, List<OperationDto> operations) {
    }

    public record DatabaseResponse(DatabaseDto database) {
    }

    /** Neon's {@code DatabaseOperations}. */
    public record DatabaseOperationsResponse(DatabaseDto database, List<OperationDto> operations) {
    }

    public record RoleResponse(RoleDto role) {
    }

    /** Neon's {@code RoleOperations}; after a create or a password reset the role carries its password. */
    public record RoleOperationsResponse(RoleDto role, List<OperationDto> operations) {
        @Override
        public String toString() {
            return "RoleOperationsResponse[" + role.name() + ", password hidden]";
        }
    }

    public record DatabasesResponse(List<DatabaseDto> databases) {
    }

    public record RolesResponse(List<RoleDto> roles) {
    }

    /** {@code GET …/operations}: newest first; {@code pagination} is present only when another page follows. */
    public record OperationsResponse(List<OperationDto> operations, Pagination pagination) {
    }

    public record OperationResponse(OperationDto operation) {
    }

    /** The branch list's paging: pass {@code next} as {@code cursor}; absent on the last page. */
    public record CursorPagination(String next, String sortBy, String sortOrder) {
    }

    /**
     * Neon's {@code Pagination}, for the project and operation lists: pass {@code cursor} back as the {@code cursor}
     * query parameter to read the next page. Neon sends it on the last page too, so an empty or short page ends a
     * listing.
     */
    public record Pagination(String cursor) {
    }

    /** A branch annotation: the object it belongs to and its string values. */
    public record Annotation(AnnotationObject object, Map<String, String> value, Instant createdAt, Instant updatedAt) {
        public static Annotation emptyFor(String branchId) {
            return new Annotation(new AnnotationObject("console/branch", branchId), Map.of(), null, null);
        }
    }

    public record AnnotationObject(String type, String id) {
    }

    /** {@code format=json} schema: tables with their columns and primary-key constraint. */
    public record SchemaJson(List<SchemaTable> tables) {
    }

    public record SchemaTable(String schema, String name, List<SchemaColumn> columns, List<SchemaConstraint> constraints) {
    }

    public record SchemaColumn(String name, String type, Boolean nullable) {
    }

    public record SchemaConstraint(String type, List<String> columns, String name) {
    }
}
