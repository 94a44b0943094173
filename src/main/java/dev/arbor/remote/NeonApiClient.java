package dev.arbor.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.api.NeonJson;
import dev.arbor.api.NeonMapper;
import dev.arbor.api.OrganizationDto;
import dev.arbor.api.ProjectDto;
import dev.arbor.api.Responses;
import dev.arbor.backend.BranchResult;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.backend.Page;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Database;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Organization;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.domain.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * The Neon API v2 over HTTPS, for the routes Arbor uses (reference §2), returning domain objects. Calls
 * block. Mutations return as soon as the server accepts them, with their operations as the server
 * reported them; {@link #awaitOperations} waits for those. Every failure is an {@link ArborException}
 * (see {@link ApiErrors}); retries follow {@link HttpTransport}. The API key never leaves the
 * Authorization header: not in logs, messages, details or {@code toString()}.
 */
public final class NeonApiClient implements AutoCloseable {
    public static final String DEFAULT_BASE_URL = "https://console.neon.tech/api/v2";
    /** neonctl's variable for another API host, honoured by {@link #fromEnvironment()} too. */
    public static final String HOST_VARIABLE = "NEON_API_HOST";
    /** Neon's largest page of projects. */
    private static final int PROJECTS_PAGE = 400;
    /** Neon's project id form. */
    private static final java.util.regex.Pattern PROJECT_ID = java.util.regex.Pattern.compile("^[a-z0-9-]{1,60}$");

    private final HttpTransport transport;
    private final ClientOptions options;
    /**
     * The shared Neon mapper, made lenient about absent numbers and flags: the server side is strict, but a
     * client must read what Neon sends, and Neon leaves out fields its own schema marks required (a project in
     * {@code GET /projects} has no usage counters, for one).
     */
    private final ObjectMapper json = NeonJson.mapper().copy().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private final NeonMapper mapper = new NeonMapper();

    public NeonApiClient(ApiKey apiKey) {
        this(DEFAULT_BASE_URL, apiKey, ClientOptions.DEFAULT);
    }

    /**
     * @param baseUrl the API root, such as {@value #DEFAULT_BASE_URL} or {@code http://127.0.0.1:4000/api/v2}
     *                for {@code arbor serve}; plain http is accepted only for this machine, where the key
     *                cannot be overheard
     */
    public NeonApiClient(String baseUrl, ApiKey apiKey, ClientOptions options) {
        this.options = options;
        this.transport = new HttpTransport(parseBaseUrl(baseUrl), apiKey, options, json);
    }

    /** A client for {@code NEON_API_KEY}, at {@code NEON_API_HOST} when that is set. */
    public static NeonApiClient fromEnvironment() {
        String host = System.getenv(HOST_VARIABLE);
        return new NeonApiClient(host == null || host.isBlank() ? DEFAULT_BASE_URL : host, ApiKey.fromEnvironment(),
                ClientOptions.DEFAULT);
    }

    public static NeonApiClient forProfile(RemoteProfile profile, ClientOptions options) {
        return new NeonApiClient(profile.baseUrl(), profile.apiKey(), options);
    }

    public String baseUrl() {
        return transport.baseUrl().toString();
    }

    /** The host of the base URL, for describing the connection. */
    public String host() {
        return transport.baseUrl().host();
    }

    // ---- projects ------------------------------------------------------------------------------------

    /** The projects this key can see (GET /projects) without naming an organization: see {@link #listProjects(String)}. */
    public List<Project> listProjects() {
        return listProjects(null);
    }

    /**
     * Every project of organization {@code orgId} (GET /projects?org_id=…), following {@code pagination.cursor}
     * page by page. A null {@code orgId} leaves the parameter out, which an organization or project API key
     * (and {@code arbor serve}) accepts; with a personal key on an account in an organization Neon refuses it,
     * which is reported as {@code ORGANIZATION_REQUIRED}: choose one of {@link #listOrganizations()}.
     */
    public List<Project> listProjects(String orgId) {
        Map<String, Project> byId = new LinkedHashMap<>();
        Set<String> seenCursors = new HashSet<>();
        String cursor = null;
        while (true) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("limit", Integer.toString(PROJECTS_PAGE));
            q.put("org_id", orgId);
            q.put("cursor", cursor);
            Decoded<ProjectsPage> r;
            try {
                r = get(ProjectsPage.class, q, "projects");
            } catch (ArborException e) {
                throw orgId == null && isOrganizationRequired(e) ? organizationRequired(e) : e;
            }
            List<Project> page = map(() -> list(r.body().projects()).stream().map(mapper::asDomain).toList(), r.reply());
            page.forEach(p -> byId.putIfAbsent(p.id(), p));
            String next = r.body().pagination() == null ? null : r.body().pagination().cursor();
            // Neon sends a cursor on the last page too: an empty or short page, or a cursor seen before, ends the list.
            if (next == null || next.isBlank() || page.size() < PROJECTS_PAGE || !seenCursors.add(next)) {
                return List.copyOf(byId.values());
            }
            cursor = next;
        }
    }

    /**
     * The organizations the key's owner belongs to (GET /users/me/organizations); for an organization API key,
     * the one that owns it. A server without organizations ({@code arbor serve}) answers with none.
     */
    public List<Organization> listOrganizations() {
        var r = get(OrganizationsPage.class, Map.of(), "users", "me", "organizations");
        return map(() -> list(r.body().organizations()).stream()
                .filter(o -> o != null && o.id() != null && !o.id().isBlank())
                .map(o -> new Organization(o.id(), o.name() == null || o.name().isBlank() ? o.id() : o.name(), o.handle()))
                .toList(), r.reply());
    }

    /**
     * The project whose id a person typed, for adding it without listing: a malformed id, or one this key
     * cannot open, is a sentence saying so rather than the bare HTTP status.
     */
    public Project findProject(String projectId) {
        String id = projectId == null ? "" : projectId.strip();
        if (!PROJECT_ID.matcher(id).matches()) {
            throw ArborException.invalid("INVALID_PROJECT_ID", "\"" + id + "\" is not a Neon project id. Project ids are"
                    + " lower-case words and digits joined by dashes, such as shiny-wind-028834: copy it from the Neon"
                    + " Console (Project settings) or from the project's URL.");
        }
        try {
            return getProject(id);
        } catch (ArborException e) {
            if (e.code() != ErrorCode.NOT_FOUND && e.code() != ErrorCode.UNAUTHORIZED) {
                throw e;
            }
            throw new ArborException(e.code(), "PROJECT_NOT_FOUND", "This API key cannot open a project with the id \""
                    + id + "\": the project does not exist, or it belongs to an account or organization the key has no"
                    + " access to. Check the id in the Neon Console, or use a key of the project's organization.",
                    e.details(), e);
        }
    }

    public Project getProject(String projectId) {
        var r = get(Responses.ProjectResponse.class, Map.of(), "projects", projectId);
        return map(() -> mapper.asDomain(required(r.body().project(), r.reply(), "project")), r.reply());
    }

    // ---- branches ------------------------------------------------------------------------------------

    /** One page of branches; {@code cursor} null for the first. The page's {@code next} is null on the last one. */
    public Page<Branch> listBranchesPage(String projectId, BranchQuery query, String cursor) {
        var r = get(Responses.BranchesResponse.class, query.toQuery(cursor), "projects", projectId, "branches");
        List<Branch> items = map(() -> required(r.body().branches(), r.reply(), "branches").stream()
                .map(mapper::asDomain).toList(), r.reply());
        String next = r.body().pagination() == null ? null : r.body().pagination().next();
        // Stop on a missing next, on an empty or short page (reference §2.1: the last page's next is unconfirmed).
        boolean last = next == null || next.isBlank() || items.isEmpty()
                || (query.limit() != null && items.size() < query.limit()) || next.equals(cursor);
        return new Page<>(items, last ? null : next);
    }

    /** Every branch matching {@code query}, following {@code pagination.next} page by page. */
    public List<Branch> listBranches(String projectId, BranchQuery query) {
        Map<String, Branch> byId = new LinkedHashMap<>();
        Set<String> seenCursors = new HashSet<>();
        String cursor = null;
        do {
            Page<Branch> page = listBranchesPage(projectId, query, cursor);
            page.items().forEach(b -> byId.putIfAbsent(b.id(), b));
            cursor = page.next();
        } while (cursor != null && seenCursors.add(cursor));
        return List.copyOf(byId.values());
    }

    public Branch getBranch(String projectId, String branchId) {
        var r = get(Responses.BranchResponse.class, Map.of(), "projects", projectId, "branches", branchId);
        return map(() -> mapper.asDomain(required(r.body().branch(), r.reply(), "branch")), r.reply());
    }

    public BranchResult createBranch(String projectId, CreateBranchSpec spec, Cancellation cancel) {
        var r = send("POST", Responses.BranchCreatedResponse.class, mapper.toRequest(spec), cancel,
                "projects", projectId, "branches");
        return map(() -> new BranchResult(mapper.asDomain(required(r.body().branch(), r.reply(), "branch")),
                list(r.body().endpoints()).stream().map(mapper::asDomain).toList(),
                operations(r.body().operations())), r.reply());
    }

    public BranchResult updateBranch(String projectId, String branchId, BranchPatch patch, Cancellation cancel) {
        return branchOperations(send("PATCH", Responses.BranchOperationsResponse.class, mapper.toRequest(patch), cancel,
                "projects", projectId, "branches", branchId));
    }

    public BranchResult setDefault(String projectId, String branchId, Cancellation cancel) {
        return branchOperations(send("POST", Responses.BranchOperationsResponse.class, null, cancel,
                "projects", projectId, "branches", branchId, "set_as_default"));
    }

    public BranchResult restore(String projectId, String branchId, RestoreSpec spec, Cancellation cancel) {
        return branchOperations(send("POST", Responses.BranchOperationsResponse.class, mapper.toRequest(spec), cancel,
                "projects", projectId, "branches", branchId, "restore"));
    }

    /**
     * Deletes a branch. A 204 means the branch was already gone (reference §2): that is returned as null,
     * since there is no branch and no operation to report.
     */
    public BranchResult deleteBranch(String projectId, String branchId, Cancellation cancel) {
        var r = sendAllowingEmpty("DELETE", Responses.BranchOperationsResponse.class, cancel,
                "projects", projectId, "branches", branchId);
        return r == null ? null : branchOperations(r);
    }

    /** The schema of {@code database} as SQL at {@code point} (GET …/schema). */
    public String schemaSql(String projectId, String branchId, String database, PointInTime point) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("db_name", database);
        if (point instanceof PointInTime.AtLsn at) {
            q.put("lsn", at.lsn().toString());
        } else if (point instanceof PointInTime.AtTimestamp at) {
            q.put("timestamp", NeonJson.formatInstant(at.timestamp()));
        }
        var r = get(Responses.BranchSchemaResponse.class, q, "projects", projectId, "branches", branchId, "schema");
        return required(r.body().sql(), r.reply(), "sql");
    }

    public List<Database> listDatabases(String projectId, String branchId) {
        var r = get(Responses.DatabasesResponse.class, Map.of(), "projects", projectId, "branches", branchId, "databases");
        return map(() -> list(r.body().databases()).stream().map(mapper::asDomain).toList(), r.reply());
    }

    public List<Role> listRoles(String projectId, String branchId) {
        var r = get(Responses.RolesResponse.class, Map.of(), "projects", projectId, "branches", branchId, "roles");
        return map(() -> list(r.body().roles()).stream().map(mapper::asDomain).toList(), r.reply());
    }

    // ---- connecting ----------------------------------------------------------------------------------

    /**
     * How to connect to a branch (GET /projects/{id}/connection_uri): Neon's URI, with the role's password in it,
     * read into its parts. A null {@code branchId} is the project's default branch and a null {@code endpointId} the
     * branch's read-write compute, as Neon chooses; {@code pooled} asks for the connection pooler's host. The reply
     * is never logged and a malformed one is reported without its body, since it holds the password.
     */
    public ConnectionDetails connectionUri(String projectId, String branchId, String endpointId, String database,
                                           String role, boolean pooled) {
        requireName(database, "DATABASE_NAME_REQUIRED", "Choose the database to connect to.");
        requireName(role, "ROLE_NAME_REQUIRED", "Choose the role to connect as.");
        Map<String, String> q = new LinkedHashMap<>();
        q.put("branch_id", branchId);
        q.put("endpoint_id", endpointId);
        q.put("database_name", database);
        q.put("role_name", role);
        q.put("pooled", pooled ? "true" : null);
        HttpTransport.Reply reply = transport.send("GET", path("projects", projectId, "connection_uri"), q, null,
                Cancellation.none());
        Responses.ConnectionUriResponse body = decodeSecret(reply, Responses.ConnectionUriResponse.class);
        if (body.uri() == null || body.uri().isBlank()) {
            throw ApiErrors.malformedSecret(reply.exchange(), reply.status(), reply.contentType(), reply.body());
        }
        try {
            return ConnectionDetails.parse(endpointId, body.uri().strip());
        } catch (RuntimeException notAUri) {
            throw ApiErrors.malformedSecret(reply.exchange(), reply.status(), reply.contentType(), reply.body());
        }
    }

    /**
     * The password of a role on a branch (GET …/roles/{role}/reveal_password). Neon answers 404 for an unknown role
     * and 412 where the project does not store passwords. The reply is never logged and a malformed one is reported
     * without its body.
     */
    public String revealPassword(String projectId, String branchId, String role) {
        requireName(role, "ROLE_NAME_REQUIRED", "Choose the role whose password to show.");
        HttpTransport.Reply reply = transport.send("GET",
                path("projects", projectId, "branches", branchId, "roles", role, "reveal_password"), Map.of(), null,
                Cancellation.none());
        Responses.RolePasswordResponse body = decodeSecret(reply, Responses.RolePasswordResponse.class);
        if (body.password() == null) {
            throw ApiErrors.malformedSecret(reply.exchange(), reply.status(), reply.contentType(), reply.body());
        }
        return body.password();
    }

    private static void requireName(String name, String reason, String sentence) {
        if (name == null || name.isBlank()) {
            throw ArborException.invalid(reason, sentence);
        }
    }

    // ---- endpoints -----------------------------------------------------------------------------------

    public List<Endpoint> listBranchEndpoints(String projectId, String branchId) {
        var r = get(Responses.EndpointsResponse.class, Map.of(), "projects", projectId, "branches", branchId, "endpoints");
        return map(() -> list(r.body().endpoints()).stream().map(mapper::asDomain).toList(), r.reply());
    }

    public List<Endpoint> listProjectEndpoints(String projectId) {
        var r = get(Responses.EndpointsResponse.class, Map.of(), "projects", projectId, "endpoints");
        return map(() -> list(r.body().endpoints()).stream().map(mapper::asDomain).toList(), r.reply());
    }

    public Endpoint getEndpoint(String projectId, String endpointId) {
        var r = get(Responses.EndpointResponse.class, Map.of(), "projects", projectId, "endpoints", endpointId);
        return map(() -> mapper.asDomain(required(r.body().endpoint(), r.reply(), "endpoint")), r.reply());
    }

    /** Creates a compute on a branch; the result's branch is null (the reply does not carry it). */
    public BranchResult createEndpoint(String projectId, String branchId, EndpointSpec spec, Cancellation cancel) {
        return endpointOperations(send("POST", Responses.EndpointOperationsResponse.class, mapper.toRequest(branchId, spec),
                cancel, "projects", projectId, "endpoints"));
    }

    /** Starts a compute; the result's branch is null (the reply does not carry it). */
    public BranchResult startEndpoint(String projectId, String endpointId, Cancellation cancel) {
        return endpointOperations(send("POST", Responses.EndpointOperationsResponse.class, null, cancel,
                "projects", projectId, "endpoints", endpointId, "start"));
    }

    /** Suspends a compute; the result's branch is null (the reply does not carry it). */
    public BranchResult suspendEndpoint(String projectId, String endpointId, Cancellation cancel) {
        return endpointOperations(send("POST", Responses.EndpointOperationsResponse.class, null, cancel,
                "projects", projectId, "endpoints", endpointId, "suspend"));
    }

    // ---- operations ----------------------------------------------------------------------------------

    public Operation getOperation(String projectId, String operationId) {
        return getOperation(projectId, operationId, Cancellation.none());
    }

    /**
     * A page of operations, newest first. Neon always sends a cursor while Arbor's server sends one only when
     * more follow, so a short page is taken as the last either way.
     */
    public Page<Operation> listOperations(String projectId, String cursor, int limit) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("cursor", cursor);
        q.put("limit", Integer.toString(limit));
        var r = get(Responses.OperationsResponse.class, q, "projects", projectId, "operations");
        List<Operation> items = operations(required(r.body().operations(), r.reply(), "operations"));
        String next = r.body().pagination() == null ? null : r.body().pagination().cursor();
        boolean last = next == null || next.isBlank() || items.size() < limit || next.equals(cursor);
        return new Page<>(items, last ? null : next);
    }

    /**
     * Waits until every operation has finished, polling each with a growing pause (reference §4). Throws when
     * one fails or is cancelled, when {@link ClientOptions#operationTimeout()} passes, or when the wait is
     * cancelled or interrupted; the operations themselves carry on at the server.
     *
     * @param listener told of each operation as first seen and at each change of status
     */
    public List<Operation> awaitOperations(String projectId, List<Operation> operations, OperationListener listener,
                                           Cancellation cancel) {
        return new OperationWaiter(id -> getOperation(projectId, id, cancel), options.pollInitial(), options.pollMax(),
                options.operationTimeout()).await(operations, listener, cancel);
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "NeonApiClient[" + baseUrl() + "]";
    }

    // ---- plumbing ------------------------------------------------------------------------------------

    private Operation getOperation(String projectId, String operationId, Cancellation cancel) {
        var r = decode(transport.send("GET", path("projects", projectId, "operations", operationId), Map.of(), null, cancel),
                Responses.OperationResponse.class);
        return map(() -> mapper.asDomain(required(r.body().operation(), r.reply(), "operation")), r.reply());
    }

    /** {@code GET /projects} as Neon answers it: the projects and, for paging, {@code pagination.cursor}. */
    private record ProjectsPage(List<ProjectDto> projects, Responses.Pagination pagination) {
    }

    /** {@code GET /users/me/organizations} as Neon answers it. */
    private record OrganizationsPage(List<OrganizationDto> organizations) {
    }

    /** Neon's 400 for a personal key that lists projects without {@code org_id}: "org_id is required, …". */
    private static boolean isOrganizationRequired(ArborException e) {
        return (e.code() == ErrorCode.INVALID_INPUT || e.code() == ErrorCode.RULE_VIOLATED) && e.getMessage() != null
                && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("org_id");
    }

    private static ArborException organizationRequired(ArborException neon) {
        return new ArborException(ErrorCode.INVALID_INPUT, "ORGANIZATION_REQUIRED",
                "Your Neon account belongs to an organization, and Neon lists a personal API key's projects one"
                        + " organization at a time. Choose the organization, then load the projects again.",
                neon.details() == null ? neon.getMessage() : neon.getMessage() + " · " + neon.details(), neon);
    }

    /** A decoded reply with the exchange it came from, for error messages. */
    private record Decoded<T>(T body, HttpTransport.Reply reply) {
    }

    private <T> Decoded<T> get(Class<T> type, Map<String, String> query, String... segments) {
        return decode(transport.send("GET", path(segments), query, null, Cancellation.none()), type);
    }

    private <T> Decoded<T> send(String method, Class<T> type, Object body, Cancellation cancel, String... segments) {
        return decode(transport.send(method, path(segments), Map.of(), bytes(body), cancel), type);
    }

    private <T> Decoded<T> sendAllowingEmpty(String method, Class<T> type, Cancellation cancel, String... segments) {
        HttpTransport.Reply reply = transport.send(method, path(segments), Map.of(), null, cancel);
        return reply.status() == 204 ? null : decode(reply, type);
    }

    private <T> Decoded<T> decode(HttpTransport.Reply reply, Class<T> type) {
        Exchange x = reply.exchange();
        if (ApiErrors.looksLikeHtml(reply.contentType(), reply.body()) || reply.body().length == 0) {
            throw ApiErrors.malformed(x, reply.status(), reply.contentType(), reply.body(), null);
        }
        try {
            T value = json.readValue(reply.body(), type);
            if (value == null) {
                throw ApiErrors.malformed(x, reply.status(), reply.contentType(), reply.body(), null);
            }
            return new Decoded<>(value, reply);
        } catch (JsonProcessingException e) {
            throw ApiErrors.malformed(x, reply.status(), reply.contentType(), reply.body(), e);
        } catch (java.io.IOException e) {
            throw ApiErrors.malformed(x, reply.status(), reply.contentType(), reply.body(), e);
        }
    }

    /** Decodes a reply that carries a secret: a failure to read it names no part of the body. */
    private <T> T decodeSecret(HttpTransport.Reply reply, Class<T> type) {
        if (ApiErrors.looksLikeHtml(reply.contentType(), reply.body()) || reply.body().length == 0) {
            throw ApiErrors.malformedSecret(reply.exchange(), reply.status(), reply.contentType(), reply.body());
        }
        try {
            T value = json.readValue(reply.body(), type);
            if (value == null) {
                throw ApiErrors.malformedSecret(reply.exchange(), reply.status(), reply.contentType(), reply.body());
            }
            return value;
        } catch (java.io.IOException e) {
            throw ApiErrors.malformedSecret(reply.exchange(), reply.status(), reply.contentType(), reply.body());
        }
    }

    /** Runs a mapping to the domain; a value the domain refuses (a bad LSN, say) means a malformed reply. */
    private static <T> T map(Supplier<T> mapping, HttpTransport.Reply reply) {
        try {
            return mapping.get();
        } catch (ArborException e) {
            if ("MALFORMED_RESPONSE".equals(e.reason())) {
                throw e;
            }
            throw ApiErrors.malformed(reply.exchange(), reply.status(), reply.contentType(), reply.body(), e);
        }
    }

    private static <T> T required(T value, HttpTransport.Reply reply, String field) {
        if (value == null) {
            throw ApiErrors.malformed(reply.exchange(), reply.status(), reply.contentType(), reply.body(),
                    new IllegalStateException("the reply has no \"" + field + "\""));
        }
        return value;
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }

    private List<Operation> operations(List<dev.arbor.api.OperationDto> dtos) {
        return list(dtos).stream().map(mapper::asDomain).toList();
    }

    private BranchResult branchOperations(Decoded<Responses.BranchOperationsResponse> r) {
        return map(() -> new BranchResult(mapper.asDomain(required(r.body().branch(), r.reply(), "branch")), List.of(),
                operations(r.body().operations())), r.reply());
    }

    private BranchResult endpointOperations(Decoded<Responses.EndpointOperationsResponse> r) {
        return map(() -> new BranchResult(null,
                List.of(mapper.asDomain(required(r.body().endpoint(), r.reply(), "endpoint"))),
                operations(r.body().operations())), r.reply());
    }

    private byte[] bytes(Object body) {
        if (body == null) {
            return null;
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A request body could not be written as JSON", e);
        }
    }

    /** Path segments, each percent-encoded, so an id can never change the route. */
    static String path(String... segments) {
        HttpUrl.Builder b = new HttpUrl.Builder().scheme("http").host("localhost");
        for (String s : segments) {
            if (s == null || s.isEmpty()) {
                throw ArborException.invalid("ID_REQUIRED", "An id is missing from the request.");
            }
            b.addPathSegment(s);
        }
        return b.build().encodedPath().substring(1);
    }

    private static HttpUrl parseBaseUrl(String baseUrl) {
        HttpUrl url = baseUrl == null ? null : HttpUrl.parse(baseUrl.strip());
        if (url == null) {
            throw ArborException.invalid("INVALID_BASE_URL", "\"" + baseUrl
                    + "\" is not an http or https URL; the Neon API's is " + DEFAULT_BASE_URL + ".");
        }
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw ArborException.invalid("INVALID_BASE_URL",
                    "The base URL must not contain a user name or password; the API key is given separately.");
        }
        if (!url.isHttps() && !HttpTransport.isLoopback(url)) {
            throw ArborException.invalid("INSECURE_BASE_URL", "Use https for " + url.host()
                    + ": over plain http the API key would travel unencrypted. Plain http is only allowed for this machine.");
        }
        // Drop a trailing slash so that paths append cleanly.
        List<String> segments = new ArrayList<>(url.pathSegments());
        segments.removeIf(String::isEmpty);
        HttpUrl.Builder b = url.newBuilder().encodedPath("/").query(null).fragment(null);
        segments.forEach(b::addPathSegment);
        return b.build();
    }
}
