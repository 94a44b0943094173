/**
 * The Neon API v2 JSON shapes Arbor speaks, defined once for the server ({@code dev.arbor.server}) and the
 * remote client ({@code dev.arbor.remote}).
 *
 * <ul>
 *   <li>{@link dev.arbor.api.NeonJson#mapper()}: the configured Jackson mapper (snake_case, nulls omitted,
 *       unknown fields ignored, RFC 3339 instants, no scalar coercion). Use it for every body.</li>
 *   <li>Objects: {@link dev.arbor.api.BranchDto}, {@link dev.arbor.api.EndpointDto},
 *       {@link dev.arbor.api.OperationDto}, {@link dev.arbor.api.ProjectDto}, {@link dev.arbor.api.DatabaseDto},
 *       {@link dev.arbor.api.RoleDto}, {@link dev.arbor.api.ErrorBody}.</li>
 *   <li>Envelopes: {@link dev.arbor.api.Responses} (one record per route's response).</li>
 *   <li>Request bodies: {@link dev.arbor.api.BranchCreateRequest}, {@link dev.arbor.api.BranchUpdateRequest},
 *       {@link dev.arbor.api.BranchRestoreRequest}, {@link dev.arbor.api.EndpointCreateRequest}.</li>
 *   <li>{@link dev.arbor.api.NeonMapper}: domain ↔ JSON both ways ({@code toDto}/{@code asDomain} for objects,
 *       {@code toRequest}/{@code toSpec}/{@code toPatch} for request bodies, {@code toErrorBody}/{@code toException}
 *       for failures).</li>
 * </ul>
 *
 * <p>Arbor-only facts ride in additive {@code arbor} objects, which Neon clients ignore: on a branch
 * {@code arbor.first_root}, {@code arbor.backup}, {@code arbor.deletion_blocked}, {@code arbor.head_lsn},
 * {@code arbor.head_timestamp} (the undeletable backup is also {@code restricted_actions: [{name: "delete"}]});
 * on a project {@code arbor.max_branches}, {@code arbor.max_root_branches}, {@code arbor.max_protected_branches};
 * on an error body {@code arbor.kind}, the {@link dev.arbor.domain.ErrorCode} name, because a 400 alone does not
 * say whether the input was invalid or a rule was broken.
 *
 * <p>Paging: the branch list pages with an opaque {@code cursor} and answers {@code pagination.next}, absent on the
 * last page; the operation list answers {@code pagination.cursor} only when another page follows.
 */
package dev.arbor.api;
