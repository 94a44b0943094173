package dev.arbor.api;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The contract's raw schemas, with a real JSON-schema validator in the OpenAPI 3.0 dialect, formats asserted
 * (date-time, uuid). The tests read the copy in {@code src/test/resources/contract/}; {@code NeonSpecCopyTest}
 * keeps it identical to the shared reference ({@code ../shared/reference/}) when that is beside the project.
 *
 * <p>Every assertion holds against both documents: the subset (which the project wrote down first and which is in
 * places stricter) and the real Neon OpenAPI document ({@link NeonDocument}).
 */
public final class NeonSpec {
    static final Path SPEC = Path.of(System.getProperty("user.dir"))
            .resolve("src/test/resources/contract/neon-api-subset.json").normalize();
    static final Path SHARED = Path.of(System.getProperty("user.dir"))
            .resolve("../shared/reference/neon-api-subset.json").normalize();
    private static final ObjectMapper PLAIN = new ObjectMapper();
    /** OpenAPI 3.0's dialect, told that the spec's vendor keywords and the components beside a target are not rules. */
    private static final JsonMetaSchema DIALECT = JsonMetaSchema.builder(OpenApi30.getInstance())
            .keywords(Stream.of("components", "x-tags", "x-sensitive", "x-sunset").map(NonValidationKeyword::new).toList())
            .build();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            b -> b.metaSchema(DIALECT).defaultMetaSchemaIri(DIALECT.getIri()));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();
    private static JsonNode document;

    private NeonSpec() {
    }

    private static synchronized JsonNode document() {
        if (document == null) {
            if (!Files.isRegularFile(SPEC)) {
                fail("The API contract's schemas are missing: expected " + SPEC + ".");
            }
            try {
                document = PLAIN.readTree(SPEC.toFile());
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + SPEC, e);
            }
        }
        return document;
    }

    /** Asserts {@code body} is what the spec says {@code method path} answers with {@code status}. */
    public static void assertResponse(String method, String pathTemplate, int status, JsonNode body) {
        JsonSchema schema = CACHE.computeIfAbsent(method + " " + pathTemplate + " " + status,
                k -> compile(responseSchema(method, pathTemplate, String.valueOf(status))));
        check(schema, body, method + " " + pathTemplate + " → " + status);
        real(NeonDocument.neon().responseProblems(method, pathTemplate, status, body), method + " " + pathTemplate
                + " → " + status, body);
    }

    /** Asserts {@code body} is a valid instance of the component schema {@code name}, e.g. GeneralError. */
    public static void assertComponent(String name, JsonNode body) {
        JsonSchema schema = CACHE.computeIfAbsent("#" + name,
                k -> compile(document().path("components").path("schemas").path(name)));
        check(schema, body, name);
        real(NeonDocument.neon().componentProblems(name, body), name, body);
    }

    private static void real(java.util.List<String> problems, String what, JsonNode body) {
        assertTrue(problems.isEmpty(), () -> what + " does not match the real Neon OpenAPI document:\n  "
                + String.join("\n  ", problems) + "\nbody: " + body);
    }

    private static void check(JsonSchema schema, JsonNode body, String what) {
        Set<ValidationMessage> errors = schema.validate(body);
        assertTrue(errors.isEmpty(), () -> what + " does not match the spec:\n  "
                + errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("\n  ")) + "\nbody: " + body);
    }

    private static JsonNode responseSchema(String method, String pathTemplate, String status) {
        JsonNode op = document().path("paths").path(pathTemplate).path(method.toLowerCase(Locale.ROOT));
        JsonNode response = op.path("responses").path(status);
        if (response.isMissingNode()) {
            fail("The spec has no " + status + " response for " + method + " " + pathTemplate);
        }
        if (response.has("$ref")) {
            String name = response.get("$ref").asText().substring("#/components/responses/".length());
            response = document().path("components").path("responses").path(name);
        }
        return response.path("content").path("application/json").path("schema");
    }

    /** The target schema with the spec's components beside it, so its {@code #/components/...} refs resolve. */
    private static JsonSchema compile(JsonNode target) {
        if (target.isMissingNode()) {
            fail("No such schema in the spec");
        }
        ObjectNode root = target.deepCopy();
        root.set("components", document().get("components"));
        return FACTORY.getSchema(root, CONFIG);
    }
}
