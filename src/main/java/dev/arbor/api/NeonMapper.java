package dev.arbor.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Database;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.InitSource;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.domain.Role;
import dev.arbor.domain.TableName;
import dev.arbor.domain.TableSchema;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one translation between Arbor's domain and the Neon JSON shapes, both ways: the server writes
 * responses and reads requests with it, the remote client reads responses and writes requests with it, so a
 * value survives the trip unchanged. Request readers check the shape of the input (types, formats, what
 * excludes what) and leave the branch rules to the backend.
 */
public final class NeonMapper {
    /** The region a local server reports for its project and computes. */
    public static final String LOCAL_REGION = "local";
    /** Neon's action name for deletion in {@code restricted_actions}. */
    public static final String DELETE_ACTION = "delete";
    private static final String PROVISIONER = "k8s-neonvm";
    private static final double DEFAULT_MIN_CU = 0.25;
    private static final double DEFAULT_MAX_CU = 1;

    private final Clock clock;

    public NeonMapper() {
        this(Clock.systemUTC());
    }

    /** {@code clock} dates the project's consumption period (the current calendar month, UTC). */
    public NeonMapper(Clock clock) {
        this.clock = clock;
    }

    // ---- domain → JSON -------------------------------------------------------------------------------

    public BranchDto toDto(Branch b) {
        List<BranchDto.RestrictedAction> restricted = new ArrayList<>();
        if (b.deletionBlocked()) {
            restricted.add(new BranchDto.RestrictedAction(DELETE_ACTION, "The backup left by restoring a root branch"
                    + " from another branch cannot be deleted."));
        }
        b.restrictedActions().stream().filter(a -> !(b.deletionBlocked() && DELETE_ACTION.equals(a.name())))
                .forEach(a -> restricted.add(new BranchDto.RestrictedAction(a.name(), a.reason())));
        return new BranchDto(b.id(), b.projectId(), b.parentId(), text(b.parentLsn()), b.parentTimestamp(), b.name(),
                wire(b.currentState()), wire(b.pendingState()), b.stateChangedAt(),
                b.hasKnownSize() ? Long.valueOf(b.logicalSize()) : null,
                b.creationSource() == null ? "console" : b.creationSource(), b.isDefault(), b.isDefault(),
                b.isProtected(), 0, 0, b.hasKnownActiveTime() ? Long.valueOf(b.activeTimeSeconds()) : null, 0, 0,
                b.createdAt(), b.updatedAt(), b.ttlIntervalSeconds(), b.expiresAt(),
                b.lastResetAt(), b.createdBy() == null ? null : new BranchDto.CreatedBy(b.createdBy(), null),
                b.initSource() == null ? null : b.initSource().wireName(), b.restoreStatus(), b.restoredFrom(), null,
                restricted.isEmpty() ? null : restricted,
                new BranchDto.ArborBranch(b.firstRoot(), b.backup(), b.deletionBlocked(), text(b.headLsn()),
                        b.headTimestamp()));
    }

    public EndpointDto toDto(Endpoint e) {
        return new EndpointDto(e.host(), e.id(), null, e.projectId(), e.branchId(), e.minCu(), e.maxCu(), LOCAL_REGION,
                e.type().wireName(), e.currentState().wireName(),
                e.pendingState() == null ? null : e.pendingState().wireName(), new EndpointDto.Settings(Map.of()),
                false, "transaction", false, false, e.lastActive(), "console", e.createdAt(), e.updatedAt(),
                e.startedAt(), e.suspendedAt(), proxyHost(e.host()), e.suspendTimeoutSeconds(), PROVISIONER);
    }

    public OperationDto toDto(Operation o) {
        return new OperationDto(o.id(), o.projectId(), o.branchId(), o.endpointId(), o.action().wireName(),
                o.status().wireName(), o.error(), o.failuresCount(), null, o.createdAt(), o.updatedAt(),
                Math.min(o.totalDurationMs(), Integer.MAX_VALUE));
    }

    public ProjectDto toDto(Project p) {
        LocalDate month = LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
        Project.Limits l = p.limits();
        return new ProjectDto(p.id(), "local", LOCAL_REGION, p.name(), PROVISIONER, 17, "localhost", 0, 0, false,
                "console", p.historyRetentionSeconds(), p.createdAt(), p.updatedAt(),
                month.atStartOfDay().toInstant(ZoneOffset.UTC), month.plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                0, 0, 0, 0, 0, 0, "local", null, null,
                l == null ? null : new ProjectDto.ArborProject(l.maxBranches(), l.maxRootBranches(), l.maxProtectedBranches()));
    }

    public DatabaseDto toDto(Database d) {
        return new DatabaseDto(d.id(), d.branchId(), d.name(), d.ownerName(), d.createdAt(), d.updatedAt());
    }

    public RoleDto toDto(Role r) {
        return new RoleDto(r.branchId(), r.name(), null, r.isProtected(), null, r.createdAt(), r.updatedAt());
    }

    /**
     * The {@code format=json} schema of a database's tables: each in its schema ({@code sales.orders} is table
     * {@code orders} of {@code sales}), columns with their types as the database names them, and the primary key
     * where the table has one.
     */
    public Responses.SchemaJson toSchemaJson(List<TableSchema> tables) {
        return new Responses.SchemaJson(tables.stream().map(t -> {
            TableName name = TableName.parse(t.name());
            return new Responses.SchemaTable(name.schema(), name.table(),
                    t.columns().stream().map(c -> new Responses.SchemaColumn(c.name(), c.sqlType(),
                            c.nullable() && !t.primaryKey().contains(c.name()))).toList(),
                    t.hasPrimaryKey() ? List.of(new Responses.SchemaConstraint("PRIMARY KEY", t.primaryKey(),
                            name.table() + "_pkey")) : List.of());
        }).toList());
    }

    /** The error body for a failure: the reason as {@code code}, the sentence as {@code message}. */
    public ErrorBody toErrorBody(ArborException e, String requestId) {
        return new ErrorBody(e.reason(), e.getMessage(), requestId, new ErrorBody.ArborError(e.code().name()));
    }

    // ---- JSON → domain (responses, read by a client) ------------------------------------------------

    public Branch asDomain(BranchDto d) {
        BranchDto.ArborBranch x = d.arbor();
        boolean deleteRestricted = d.restrictedActions() != null
                && d.restrictedActions().stream().anyMatch(a -> DELETE_ACTION.equals(a.name()));
        return new Branch(d.id(), d.projectId(), d.name(), d.parentId(), lsnOrNull(d.parentLsn()), d.parentTimestamp(),
                d.isDefault(), d.isProtected(), BranchState.fromWire(d.currentState()),
                BranchState.fromWire(d.pendingState()), d.stateChangedAt(),
                d.logicalSize() == null ? Branch.UNKNOWN_SIZE : d.logicalSize(), d.creationSource(),
                d.createdBy() == null ? null : d.createdBy().name(), d.createdAt(), d.updatedAt(), d.expiresAt(),
                d.ttlIntervalSeconds(), d.lastResetAt(),
                InitSource.SCHEMA_ONLY.wireName().equals(d.initSource()) ? InitSource.SCHEMA_ONLY : InitSource.PARENT_DATA,
                x != null && Boolean.TRUE.equals(x.firstRoot()), x != null && Boolean.TRUE.equals(x.backup()),
                x != null && x.deletionBlocked() != null ? x.deletionBlocked() : deleteRestricted,
                x == null ? null : lsnOrNull(x.headLsn()), x == null ? null : x.headTimestamp(),
                d.restrictedActions() == null ? List.of() : d.restrictedActions().stream()
                        .filter(a -> a != null && a.name() != null)
                        // Arbor's undeletable backup travels as both; the domain keeps it as deletionBlocked alone
                        .filter(a -> !(x != null && Boolean.TRUE.equals(x.deletionBlocked()) && DELETE_ACTION.equals(a.name())))
                        .map(a -> new Branch.RestrictedAction(a.name(), a.reason())).toList(),
                blankToNull(d.restoreStatus()), blankToNull(d.restoredFrom()),
                d.activeTimeSeconds() == null || d.activeTimeSeconds() < 0 ? Branch.UNKNOWN_ACTIVE_TIME : d.activeTimeSeconds());
    }

    public Endpoint asDomain(EndpointDto d) {
        return new Endpoint(d.id(), d.projectId(), d.branchId(), Endpoint.Type.reported(d.type()),
                Endpoint.State.fromWire(d.currentState()),
                d.pendingState() == null ? null : Endpoint.State.fromWire(d.pendingState()), d.host(),
                d.autoscalingLimitMinCu() == null ? DEFAULT_MIN_CU : d.autoscalingLimitMinCu(),
                d.autoscalingLimitMaxCu() == null ? DEFAULT_MAX_CU : d.autoscalingLimitMaxCu(),
                d.suspendTimeoutSeconds() == null ? 0 : d.suspendTimeoutSeconds(), d.createdAt(), d.updatedAt(),
                d.lastActive(), d.startedAt(), d.suspendedAt());
    }

    public Operation asDomain(OperationDto d) {
        return new Operation(d.id(), d.projectId(), d.branchId(), d.endpointId(), Operation.Action.fromWire(d.action()),
                Operation.Status.fromWire(d.status()), d.failuresCount(), d.error(), d.createdAt(), d.updatedAt(),
                d.totalDurationMs());
    }

    /**
     * The project's limits come from the server: Arbor's own under {@code arbor}; from Neon, the branch limit of
     * the owner's plan ({@code owner.branches_limit}). Neon reports no limit on root or protected branches, so
     * none is assumed: the console offers the action and Neon's refusal, a sentence, says what the plan allows.
     */
    public Project asDomain(ProjectDto d) {
        ProjectDto.ArborProject x = d.arbor();
        Project.Limits limits;
        if (x != null && x.maxBranches() != null && x.maxRootBranches() != null && x.maxProtectedBranches() != null) {
            limits = new Project.Limits(x.maxBranches(), x.maxRootBranches(), x.maxProtectedBranches());
        } else {
            Integer branches = d.owner() == null ? null : d.owner().branchesLimit();
            limits = new Project.Limits(branches == null || branches < 1 ? Integer.MAX_VALUE : branches,
                    Integer.MAX_VALUE, Integer.MAX_VALUE);
        }
        return new Project(d.id(), d.name(), d.historyRetentionSeconds(), limits, d.createdAt(), d.updatedAt());
    }

    public Database asDomain(DatabaseDto d) {
        return new Database(d.id(), d.branchId(), d.name(), d.ownerName(), d.createdAt(), d.updatedAt());
    }

    public Role asDomain(RoleDto d) {
        return new Role(d.branchId(), d.name(), Boolean.TRUE.equals(d.isProtected()), d.createdAt(), d.updatedAt());
    }

    /**
     * The failure an error response stands for: the kind from {@code arbor.kind} when the server is Arbor,
     * otherwise from the status; the reason is {@code code} (or the kind when Neon sends "").
     */
    public ArborException toException(int status, ErrorBody body) {
        ErrorCode kind = null;
        if (body != null && body.arbor() != null && body.arbor().kind() != null) {
            try {
                kind = ErrorCode.valueOf(body.arbor().kind());
            } catch (IllegalArgumentException unknown) {
                kind = null;
            }
        }
        if (kind == null) {
            kind = kindOfStatus(status);
        }
        String message = body == null || body.message() == null || body.message().isBlank()
                ? "The server answered " + status + " without an explanation."
                : body.message();
        String reason = body == null || body.code() == null || body.code().isBlank() ? null : body.code();
        return new ArborException(kind, reason, message, body == null ? null : body.requestId(), null);
    }

    /** The kind of failure an HTTP status means when the body does not say. */
    public static ErrorCode kindOfStatus(int status) {
        return switch (status) {
            case 400, 405, 413, 422 -> ErrorCode.INVALID_INPUT;
            case 401, 403 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 412 -> ErrorCode.RULE_VIOLATED;
            case 423 -> ErrorCode.LOCKED;
            case 429, 502, 503, 504 -> ErrorCode.UNAVAILABLE;
            default -> ErrorCode.INTERNAL;
        };
    }

    // ---- requests: JSON → domain (server) ------------------------------------------------------------

    /** A create-branch body (null for an empty body) as a spec; {@code createdBy} names the caller. */
    public CreateBranchSpec toSpec(BranchCreateRequest r, String createdBy) {
        BranchCreateRequest.Branch b = r == null || r.branch() == null
                ? new BranchCreateRequest.Branch(null, null, null, null, null, null, null, null)
                : r.branch();
        if (Boolean.TRUE.equals(b.archived())) {
            throw ArborException.invalid("ARCHIVE_NOT_SUPPORTED", "Arbor does not archive branches; leave out branch.archived.");
        }
        PointInTime point = point(b.parentLsn(), b.parentTimestamp(), "branch.parent_lsn", "branch.parent_timestamp");
        List<EndpointSpec> endpoints = new ArrayList<>();
        if (r != null && r.endpoints() != null) {
            for (int i = 0; i < r.endpoints().size(); i++) {
                BranchCreateRequest.EndpointOptions o = r.endpoints().get(i);
                if (o == null) {
                    throw ArborException.invalid("INVALID_ENDPOINT", "endpoints[" + i + "] must be an object with a type.");
                }
                endpoints.add(endpointSpec(o.type(), o.autoscalingLimitMinCu(), o.autoscalingLimitMaxCu(),
                        o.suspendTimeoutSeconds(), "endpoints[" + i + "]"));
            }
        }
        return new CreateBranchSpec(blankToNull(b.parentId()), b.name(), point, InitSource.fromWire(b.initSource()),
                Boolean.TRUE.equals(b.isProtected()),
                b.expiresAt() == null ? null : NeonJson.parseInstant(b.expiresAt(), "branch.expires_at"), endpoints,
                createdBy);
    }

    /** A PATCH body as a patch; the body must hold a {@code branch} object. */
    public BranchPatch toPatch(BranchUpdateRequest r) {
        if (r == null || r.branch() == null) {
            throw ArborException.invalid("BRANCH_OBJECT_REQUIRED", "The body needs a branch object, as in {\"branch\": {\"name\": \"dev\"}}.");
        }
        BranchUpdateRequest.Branch b = r.branch();
        Optional<Optional<Instant>> expiry = Optional.empty();
        if (b.expiresAtGiven()) {
            JsonNode node = b.expiresAt();
            if (node.isNull()) {
                expiry = Optional.of(Optional.empty());
            } else if (node.isTextual()) {
                expiry = Optional.of(Optional.of(NeonJson.parseInstant(node.asText(), "branch.expires_at")));
            } else {
                throw ArborException.invalid("INVALID_TIMESTAMP",
                        "branch.expires_at must be an RFC 3339 timestamp or null (to remove the expiration).");
            }
        }
        return new BranchPatch(Optional.ofNullable(b.name()), Optional.ofNullable(b.isProtected()), expiry);
    }

    /** A restore body as a spec: the source is required; an LSN and a timestamp exclude each other. */
    public RestoreSpec toSpec(BranchRestoreRequest r) {
        if (r == null || r.sourceBranchId() == null || r.sourceBranchId().isBlank()) {
            throw ArborException.invalid("SOURCE_BRANCH_REQUIRED",
                    "A restore needs source_branch_id: the branch to take the data from (the branch itself for its own history).");
        }
        return new RestoreSpec(r.sourceBranchId(), point(r.sourceLsn(), r.sourceTimestamp(), "source_lsn", "source_timestamp"),
                r.preserveUnderName());
    }

    /** An endpoint-create body's endpoint as a spec; its branch is {@code endpoint.branch_id}. */
    public EndpointSpec toSpec(EndpointCreateRequest r) {
        if (r == null || r.endpoint() == null) {
            throw ArborException.invalid("ENDPOINT_REQUIRED",
                    "The body needs an endpoint object, as in {\"endpoint\": {\"branch_id\": \"br-…\", \"type\": \"read_only\"}}.");
        }
        EndpointCreateRequest.Endpoint e = r.endpoint();
        if (e.branchId() == null || e.branchId().isBlank()) {
            throw ArborException.invalid("BRANCH_ID_REQUIRED", "endpoint.branch_id is required: the branch the compute serves.");
        }
        return endpointSpec(e.type(), e.autoscalingLimitMinCu(), e.autoscalingLimitMaxCu(), e.suspendTimeoutSeconds(),
                "endpoint");
    }

    // ---- requests: domain → JSON (client) ------------------------------------------------------------

    public BranchCreateRequest toRequest(CreateBranchSpec s) {
        String lsn = s.point() instanceof PointInTime.AtLsn at ? at.lsn().toString() : null;
        String ts = s.point() instanceof PointInTime.AtTimestamp at ? NeonJson.formatInstant(at.timestamp()) : null;
        List<BranchCreateRequest.EndpointOptions> eps = s.endpoints().stream()
                .map(e -> new BranchCreateRequest.EndpointOptions(e.type().wireName(), e.minCu(), e.maxCu(), null,
                        e.suspendTimeoutSeconds(), null))
                .toList();
        return new BranchCreateRequest(new BranchCreateRequest.Branch(s.parentId(), s.name(), lsn, ts,
                s.isProtected() ? Boolean.TRUE : null, null, s.initSource().wireName(),
                s.expiresAt() == null ? null : NeonJson.formatToSecond(s.expiresAt())),
                eps.isEmpty() ? null : eps, null);
    }

    public BranchUpdateRequest toRequest(BranchPatch p) {
        JsonNode expiry = p.expiresAt().map(o -> BranchUpdateRequest.Branch.expiry(o.orElse(null)).expiresAt()).orElse(null);
        return new BranchUpdateRequest(new BranchUpdateRequest.Branch(p.name().orElse(null), p.isProtected().orElse(null), expiry));
    }

    public BranchRestoreRequest toRequest(RestoreSpec s) {
        String lsn = s.point() instanceof PointInTime.AtLsn at ? at.lsn().toString() : null;
        String ts = s.point() instanceof PointInTime.AtTimestamp at ? NeonJson.formatInstant(at.timestamp()) : null;
        return new BranchRestoreRequest(s.sourceBranchId(), lsn, ts, s.preserveUnderName());
    }

    public EndpointCreateRequest toRequest(String branchId, EndpointSpec s) {
        return new EndpointCreateRequest(new EndpointCreateRequest.Endpoint(branchId, s.type().wireName(), s.minCu(),
                s.maxCu(), s.suspendTimeoutSeconds(), null, null, null, null));
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** An LSN or a timestamp (not both), or the head when neither is given. */
    public static PointInTime point(String lsn, String timestamp, String lsnField, String timestampField) {
        if (lsn != null && timestamp != null) {
            throw ArborException.invalid("LSN_AND_TIMESTAMP",
                    "Give " + lsnField + " or " + timestampField + ", not both.");
        }
        if (lsn != null) {
            return PointInTime.at(Lsn.parse(lsn));
        }
        if (timestamp != null) {
            return PointInTime.at(NeonJson.parseInstant(timestamp, timestampField));
        }
        return PointInTime.HEAD;
    }

    private static EndpointSpec endpointSpec(String type, Double min, Double max, Long suspend, String field) {
        if (type == null) {
            throw ArborException.invalid("INVALID_ENDPOINT", field + ".type is required: read_write or read_only.");
        }
        double minCu = min == null ? DEFAULT_MIN_CU : min;
        double maxCu = max == null ? Math.max(minCu, DEFAULT_MAX_CU) : max;
        return new EndpointSpec(Endpoint.Type.fromWire(type), minCu, maxCu, suspend == null ? 0 : suspend);
    }

    private static String proxyHost(String host) {
        int dot = host == null ? -1 : host.indexOf('.');
        return dot < 0 ? "localhost" : host.substring(dot + 1);
    }

    private static String wire(BranchState s) {
        return s == null ? null : s.wireName();
    }

    private static String text(Lsn lsn) {
        return lsn == null ? null : lsn.toString();
    }

    private static Lsn lsnOrNull(String s) {
        return s == null || s.isBlank() ? null : Lsn.parse(s);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
