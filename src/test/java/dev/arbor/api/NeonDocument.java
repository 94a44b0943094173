package dev.arbor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real Neon OpenAPI 3.0 document (the one in {@code @neondatabase/api-client} 2.7.3) as a validator of
 * what goes over the wire: a response body for a method, path template and status, and a whole request
 * (method, path, query parameters, body) as a client sends it.
 *
 * <p>Schemas are validated with networknt's OpenAPI 3.0 dialect, formats asserted, each compiled with the document's
 * {@code components} beside it so {@code $ref: '#/components/…'} resolves within the document; {@code nullable} is
 * rewritten first so it holds through {@code allOf} too ({@link #nullableAsAnyOf}). Problems come back as sentences
 * that start with the JSON path that is wrong, e.g. {@code $.projects[0]: required property 'active_time' not found}.
 */
public final class NeonDocument {
    /** Where the API is mounted on the server; request paths are given with it and matched without it. */
    public static final String PREFIX = "/api/v2";
    static final Path COPY = Path.of(System.getProperty("user.dir"))
            .resolve("src/test/resources/contract/neon-openapi-v2.json").normalize();
    static final Path SHARED = Path.of(System.getProperty("user.dir"))
            .resolve("../shared/reference/neon-openapi-v2.json").normalize();
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static NeonDocument instance;

    private final JsonNode document;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).pathType(PathType.LEGACY).build();
    private final Map<String, JsonSchema> cache = new ConcurrentHashMap<>();

    private NeonDocument(JsonNode document) {
        this.document = nullableAsAnyOf(document.deepCopy());
        // the document's vendor keywords (x-tags, x-stability-level, …) and the components set beside a target
        // are not rules; registering them keeps the validator from warning about unknown keywords
        Set<String> vendor = new TreeSet<>(List.of("components"));
        collectVendorKeywords(document, vendor);
        JsonMetaSchema dialect = JsonMetaSchema.builder(OpenApi30.getInstance())
                .keywords(vendor.stream().map(NonValidationKeyword::new).toList())
                .build();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                b -> b.metaSchema(dialect).defaultMetaSchemaIri(dialect.getIri()));
    }

    /** The document the tests read: the byte-identical copy in {@code src/test/resources/contract/}. */
    public static synchronized NeonDocument neon() {
        if (instance == null) {
            if (!Files.isRegularFile(COPY)) {
                throw new AssertionError("The real Neon OpenAPI document is missing: expected " + COPY + ".");
            }
            try {
                instance = new NeonDocument(PLAIN.readTree(COPY.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + COPY, e);
            }
        }
        return instance;
    }

    /** Every operation in the document as {@code METHOD /template}, e.g. {@code GET /projects/{project_id}}. */
    public Set<String> operations() {
        Set<String> out = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(m -> {
            if (Set.of("get", "post", "put", "patch", "delete").contains(m)) {
                out.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return out;
    }

    /** The property names the component schema {@code name} declares (e.g. those of a {@code Project}). */
    public Set<String> componentProperties(String name) {
        Set<String> out = new TreeSet<>();
        document.path("components").path("schemas").path(name).path("properties").fieldNames().forEachRemaining(out::add);
        return out;
    }

    // ---- responses -----------------------------------------------------------------------------------

    /**
     * What is wrong with {@code body} as the answer to {@code method pathTemplate} with {@code status}; empty when
     * it conforms. A status the operation does not list is checked against its {@code default} response (the
     * document's error schema). A null body must be a response without content.
     */
    public List<String> responseProblems(String method, String pathTemplate, int status, JsonNode body) {
        String where = method + " " + pathTemplate + " → " + status;
        JsonNode op = operation(method, pathTemplate);
        if (op == null) {
            return List.of(where + ": the document has no such operation");
        }
        JsonNode response = op.path("responses").path(String.valueOf(status));
        if (response.isMissingNode()) {
            response = op.path("responses").path("default");
        }
        if (response.isMissingNode()) {
            return List.of(where + ": the document lists no such status and no default response");
        }
        response = deref(response);
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (body == null) {
            return schema.isMissingNode() ? List.of()
                    : List.of(where + ": the document expects a JSON body and the answer has none");
        }
        if (schema.isMissingNode()) {
            return List.of(where + ": the document expects no body and the answer has one");
        }
        return validate(method + " " + pathTemplate + " " + status, schema, body);
    }

    /** What is wrong with {@code body} as an instance of the component schema {@code name} (e.g. {@code Branch}). */
    public List<String> componentProblems(String name, JsonNode body) {
        JsonNode schema = document.path("components").path("schemas").path(name);
        if (schema.isMissingNode()) {
            return List.of("the document has no component schema " + name);
        }
        return validate("#" + name, schema, body);
    }

    /**
     * The properties of {@code body} that the response schema does not declare, as JSON paths such as
     * {@code $.branch.arbor}. Neon's schemas mostly leave {@code additionalProperties} open, so validation alone
     * lets a misspelt or invented field through; this finds them. An object whose schema declares no properties,
     * or gives {@code additionalProperties} a schema (a map), is free-form.
     */
    public List<String> undeclaredInResponse(String method, String pathTemplate, int status, JsonNode body) {
        JsonNode op = operation(method, pathTemplate);
        if (op == null || body == null) {
            return List.of();
        }
        JsonNode response = op.path("responses").path(String.valueOf(status));
        if (response.isMissingNode()) {
            response = op.path("responses").path("default");
        }
        JsonNode schema = deref(response).path("content").path("application/json").path("schema");
        List<String> out = new ArrayList<>();
        undeclared(List.of(schema), body, "$", out);
        return out;
    }

    /** As {@link #undeclaredInResponse}, for the JSON body of a request: each field the document does not declare. */
    public List<String> undeclaredInRequest(Request request) {
        Optional<String> template = templateOf(request.method(), request.rawPath());
        JsonNode op = template.map(t -> operation(request.method(), t)).orElse(null);
        if (op == null || !op.has("requestBody") || request.body() == null || request.body().length == 0) {
            return List.of();
        }
        JsonNode body;
        try {
            body = PLAIN.readTree(request.body());
        } catch (IOException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        undeclared(List.of(deref(op.get("requestBody")).path("content").path("application/json").path("schema")), body, "$", out);
        return out.stream().map(p -> request + " body " + p + ": the document has no such field").toList();
    }

    private void undeclared(List<JsonNode> schemas, JsonNode value, String path, List<String> out) {
        List<JsonNode> expanded = new ArrayList<>();
        schemas.forEach(sc -> expand(sc, expanded));
        if (value.isArray()) {
            List<JsonNode> items = expanded.stream().filter(sc -> sc.has("items")).map(sc -> sc.get("items")).toList();
            for (int i = 0; i < value.size(); i++) {
                undeclared(items, value.get(i), path + "[" + i + "]", out);
            }
            return;
        }
        if (!value.isObject()) {
            return;
        }
        Map<String, List<JsonNode>> declared = new LinkedHashMap<>();
        List<JsonNode> mapValues = new ArrayList<>();
        for (JsonNode sc : expanded) {
            sc.path("properties").fields().forEachRemaining(e ->
                    declared.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            if (sc.path("additionalProperties").isObject()) {
                mapValues.add(sc.get("additionalProperties"));
            }
        }
        boolean freeForm = declared.isEmpty() || !mapValues.isEmpty();
        value.fields().forEachRemaining(e -> {
            String at = path + "." + e.getKey();
            List<JsonNode> next = declared.containsKey(e.getKey()) ? declared.get(e.getKey()) : mapValues;
            if (!freeForm && !declared.containsKey(e.getKey())) {
                out.add(at);
            } else {
                undeclared(next, e.getValue(), at, out);
            }
        });
    }

    /** A schema and, through {@code $ref}, {@code allOf}, {@code anyOf} and {@code oneOf}, every schema it is made of. */
    private void expand(JsonNode schema, List<JsonNode> into) {
        JsonNode at = deref(schema);
        into.add(at);
        for (String k : List.of("allOf", "anyOf", "oneOf")) {
            at.path(k).forEach(sub -> expand(sub, into));
        }
    }

    /** The request body examples the document gives for an operation ({@code example}, or each of {@code examples}). */
    public List<JsonNode> requestExamples(String method, String pathTemplate) {
        JsonNode op = operation(method, pathTemplate);
        if (op == null || !op.has("requestBody")) {
            return List.of();
        }
        JsonNode content = deref(op.get("requestBody")).path("content").path("application/json");
        List<JsonNode> out = new ArrayList<>();
        if (content.has("example")) {
            out.add(content.get("example"));
        }
        content.path("examples").forEach(e -> out.add(deref(e).path("value")));
        return out;
    }

    // ---- requests ------------------------------------------------------------------------------------

    /** A request as it went over the wire: the raw path (with {@link #PREFIX}), the raw query, the body bytes. */
    public record Request(String method, String rawPath, String rawQuery, byte[] body) {
        @Override
        public String toString() {
            return method + " " + rawPath + (rawQuery == null ? "" : "?" + rawQuery);
        }
    }

    /** The document's path template a request goes to, e.g. {@code /projects/{project_id}/branches}. */
    public Optional<String> templateOf(String method, String rawPath) {
        List<String> segments = segments(rawPath);
        String best = null;
        int bestLiterals = -1;
        for (Iterator<String> it = document.path("paths").fieldNames(); it.hasNext(); ) {
            String template = it.next();
            if (operation(method, template) == null) {
                continue;
            }
            String[] parts = template.substring(1).split("/", -1);
            if (parts.length != segments.size()) {
                continue;
            }
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < parts.length && matches; i++) {
                if (isParameter(parts[i])) {
                    matches = !segments.get(i).isEmpty();
                } else {
                    matches = parts[i].equals(segments.get(i));
                    literals++;
                }
            }
            // "/projects/shared" beats "/projects/{project_id}": the template with more literal segments wins
            if (matches && literals > bestLiterals) {
                best = template;
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * What is wrong with a request a client sent: its route must be in the document, its path and query parameters
     * declared there and valid against their schemas (types, enums, patterns, bounds), required ones present, and its
     * body valid against the operation's request body schema (or absent when the operation takes none).
     */
    public List<String> requestProblems(Request request) {
        return requestProblems(request, true);
    }

    /**
     * The part of {@link #requestProblems} that holds even for a request sent to be refused (a name too long, an id
     * that names nothing): its route is in the document and every query parameter it sends is declared there.
     */
    public List<String> routeProblems(Request request) {
        return requestProblems(request, false);
    }

    private List<String> requestProblems(Request request, boolean values) {
        if (!request.rawPath().startsWith(PREFIX + "/")) {
            return List.of(request + ": not under " + PREFIX);
        }
        Optional<String> found = templateOf(request.method(), request.rawPath());
        if (found.isEmpty()) {
            return List.of(request + ": the document has no such operation");
        }
        String template = found.get();
        JsonNode op = operation(request.method(), template);
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> declared = parameters(template, op);
        Map<String, String> queryValues = query(request.rawQuery());
        for (String name : queryValues.keySet()) {
            if (!declared.containsKey("query:" + name)) {
                problems.add(request + ": the query parameter " + name + " is not in the document for " + template);
            }
        }
        if (!values) {
            return problems;
        }
        Map<String, String> pathValues = pathValues(template, segments(request.rawPath()));
        for (JsonNode p : declared.values()) {
            String name = p.path("name").asText();
            String in = p.path("in").asText();
            String value = in.equals("path") ? pathValues.get(name) : in.equals("query") ? queryValues.get(name) : null;
            if (value == null) {
                if (p.path("required").asBoolean() && (in.equals("path") || in.equals("query"))) {
                    problems.add(request + ": the required " + in + " parameter " + name + " is missing");
                }
                continue;
            }
            JsonNode schema = p.path("schema");
            for (String problem : validate(template + " " + in + " " + name, schema, typed(value, schema))) {
                problems.add(request + ": " + in + " parameter " + name + "=\"" + value + "\" " + problem.replaceFirst("^\\$:? ?", ""));
            }
        }
        problems.addAll(bodyProblems(request, template, op));
        return problems;
    }

    private List<String> bodyProblems(Request request, String template, JsonNode op) {
        JsonNode requestBody = op.has("requestBody") ? deref(op.get("requestBody")) : null;
        boolean sent = request.body() != null && request.body().length > 0;
        if (requestBody == null) {
            return sent ? List.of(request + ": sends a body to an operation that takes none") : List.of();
        }
        if (!sent) {
            return requestBody.path("required").asBoolean()
                    ? List.of(request + ": the request body is required and none was sent") : List.of();
        }
        JsonNode body;
        try {
            body = PLAIN.readTree(request.body());
        } catch (IOException e) {
            return List.of(request + ": the body is not JSON: " + e.getMessage());
        }
        JsonNode schema = requestBody.path("content").path("application/json").path("schema");
        return validate(request.method() + " " + template + " request", schema, body).stream()
                .map(p -> request + " body " + p).toList();
    }

    /** Path-level then operation-level parameters (the latter override), keyed {@code in:name}. */
    private Map<String, JsonNode> parameters(String template, JsonNode op) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode list : List.of(document.path("paths").path(template).path("parameters"), op.path("parameters"))) {
            for (JsonNode p : list) {
                JsonNode resolved = deref(p);
                out.put(resolved.path("in").asText() + ":" + resolved.path("name").asText(), resolved);
            }
        }
        return out;
    }

    /** A parameter's text as the JSON value its schema describes, so "10" is checked as the integer 10. */
    private static JsonNode typed(String value, JsonNode schema) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String type = schema.path("type").asText("string");
        try {
            return switch (type) {
                case "integer" -> f.numberNode(new BigInteger(value));
                case "number" -> f.numberNode(new BigDecimal(value));
                case "boolean" -> value.equals("true") || value.equals("false") ? f.booleanNode(Boolean.parseBoolean(value)) : f.textNode(value);
                default -> f.textNode(value);
            };
        } catch (NumberFormatException e) {
            return f.textNode(value);
        }
    }

    private static Map<String, String> pathValues(String template, List<String> segments) {
        String[] parts = template.substring(1).split("/", -1);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            if (isParameter(parts[i])) {
                out.put(parts[i].substring(1, parts[i].length() - 1), segments.get(i));
            }
        }
        return out;
    }

    private static boolean isParameter(String part) {
        return part.startsWith("{") && part.endsWith("}");
    }

    /** The path after {@link #PREFIX}, split on '/' and percent-decoded segment by segment. */
    private static List<String> segments(String rawPath) {
        String p = rawPath.startsWith(PREFIX) ? rawPath.substring(PREFIX.length()) : rawPath;
        p = p.startsWith("/") ? p.substring(1) : p;
        List<String> out = new ArrayList<>();
        for (String s : p.split("/", -1)) {
            out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    // ---- schemas -------------------------------------------------------------------------------------

    private JsonNode operation(String method, String pathTemplate) {
        JsonNode op = document.path("paths").path(pathTemplate).path(method.toLowerCase(Locale.ROOT));
        return op.isMissingNode() ? null : op;
    }

    /** Follows a {@code $ref} to {@code #/components/{responses|parameters|requestBodies}/…}. */
    private JsonNode deref(JsonNode node) {
        JsonNode at = node;
        while (at.has("$ref")) {
            at = document.at(at.get("$ref").asText().substring(1));
        }
        return at;
    }

    private List<String> validate(String key, JsonNode schema, JsonNode value) {
        JsonSchema compiled = cache.computeIfAbsent(key, k -> compile(schema));
        Set<ValidationMessage> errors = compiled.validate(value);
        return errors.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** The target schema with the document's components beside it, so its {@code #/components/...} refs resolve. */
    private JsonSchema compile(JsonNode target) {
        ObjectNode root = target.deepCopy();
        root.set("components", document.get("components"));
        return factory.getSchema(root, config);
    }

    /**
     * OpenAPI 3.0's {@code nullable: true} (as clarified in 3.0.3) lets null through whatever else the schema says.
     * networknt 1.5 honours it only beside {@code type} in the same object, not through {@code allOf}/{@code $ref}
     * (the document's {@code {type: string, allOf: [enum], nullable: true}} would refuse null), so each such schema
     * is rewritten as {@code anyOf: [{enum: [null]}, <the schema without nullable>]}. Examples are left as they are.
     */
    private static JsonNode nullableAsAnyOf(JsonNode node) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((ArrayNode) node).set(i, nullableAsAnyOf(node.get(i)));
            }
            return node;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode object = (ObjectNode) node;
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (!name.equals("example") && !name.equals("examples")) {
                object.set(name, nullableAsAnyOf(object.get(name)));
            }
        }
        if (!object.path("nullable").asBoolean(false) || !object.get("nullable").isBoolean()) {
            return object;
        }
        object.remove("nullable");
        ObjectNode nullOnly = JsonNodeFactory.instance.objectNode();
        nullOnly.putArray("enum").addNull();
        ObjectNode either = JsonNodeFactory.instance.objectNode();
        either.putArray("anyOf").add(nullOnly).add(object);
        return either;
    }

    private static void collectVendorKeywords(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().startsWith("x-")) {
                    into.add(e.getKey());
                }
                collectVendorKeywords(e.getValue(), into);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectVendorKeywords(n, into));
        }
    }
}
