package dev.arbor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.Column;
import dev.arbor.domain.ColumnType;
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
import dev.arbor.domain.TableSchema;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Domain → JSON → domain gives back the same values, and every object matches the contract's schema. */
class NeonMapperTest {
    private static final ObjectMapper JSON = NeonJson.mapper();
    private static final Instant T = Instant.parse("2026-11-20T09:00:00.123456789Z");
    /** Expirations travel to the second (Neon documents expires_at so), so only a whole second survives the trip. */
    private static final Instant EXPIRY = T.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private final NeonMapper mapper = new NeonMapper(Clock.fixed(T, ZoneOffset.UTC));

    private static <T> T trip(Object dto, Class<T> type) throws Exception {
        return JSON.readValue(JSON.writeValueAsString(dto), type);
    }

    private static JsonNode tree(Object dto) {
        return JSON.valueToTree(dto);
    }

    static Branch backup() {
        return new Branch("br-aged-salad-a1b2c3d4", "shiny-wind-02883400", "main_old", null, null, null, false, true,
                BranchState.READY, BranchState.INIT, T, 30_777_344, "restore", "ana", T, T.plusSeconds(5), null, 3600L,
                T.plusSeconds(60), InitSource.SCHEMA_ONLY, false, true, true, Lsn.parse("0/1DE2850"), T.plusSeconds(9));
    }

    @Test
    void aBranchSurvivesTheTripWithArborsFacts() throws Exception {
        Branch b = backup();
        BranchDto dto = mapper.toDto(b);
        NeonSpec.assertComponent("Branch", tree(dto));
        assertEquals(b, mapper.asDomain(trip(dto, BranchDto.class)));
        JsonNode json = tree(dto);
        assertEquals("delete", json.at("/restricted_actions/0/name").asText());
        assertTrue(json.at("/arbor/deletion_blocked").asBoolean());
        assertEquals("0/1DE2850", json.at("/arbor/head_lsn").asText());
        assertEquals(0, json.get("cpu_used_sec").asLong());
        assertFalse(json.has("parent_id"), "nulls are left out");

        Branch child = new Branch("br-young-forest-e5f6a7b8", "shiny-wind-02883400", "dev", b.id(), Lsn.parse("0/10"), T,
                true, false, BranchState.INIT, null, T, 0, "console", null, T, T, T.plusSeconds(3600), 3600L, null,
                InitSource.PARENT_DATA, false, false, false, null, null);
        NeonSpec.assertComponent("Branch", tree(mapper.toDto(child)));
        assertEquals(child, mapper.asDomain(trip(mapper.toDto(child), BranchDto.class)));
    }

    @Test
    void aBranchsComputeHoursTravelAsActiveTimeSecondsBothWays() throws Exception {
        Branch b = backup().withActiveTimeSeconds(1530);
        JsonNode json = tree(mapper.toDto(b));
        NeonSpec.assertComponent("Branch", json);
        assertEquals(1530, json.get("active_time_seconds").asLong());
        assertEquals(b, mapper.asDomain(trip(mapper.toDto(b), BranchDto.class)));

        String neon = """
                {"id":"br-a-b-c","project_id":"p-1","name":"x","current_state":"ready","state_changed_at":"2025-01-15T10:00:00Z",
                 "creation_source":"console","default":true,"protected":false,"cpu_used_sec":812,"compute_time_seconds":4100,
                 "active_time_seconds":86400,"written_data_bytes":0,"data_transfer_bytes":0,
                 "created_at":"2025-01-15T10:00:00Z","updated_at":"2025-01-15T12:00:00Z"}""";
        assertEquals(86_400, mapper.asDomain(JSON.readValue(neon, BranchDto.class)).activeTimeSeconds(),
                "a Neon project shows its own numbers");
        Branch unreported = mapper.asDomain(JSON.readValue(neon.replace("\"active_time_seconds\":86400,", ""),
                BranchDto.class));
        assertFalse(unreported.hasKnownActiveTime(), "a reply without the field is unknown, not zero");
        assertFalse(tree(mapper.toDto(unreported)).has("active_time_seconds"), "and is not sent on as zero");
    }

    @Test
    void aNeonBranchWithoutArborsObjectReadsSensibly() throws Exception {
        String neon = """
                {"id":"br-a-b-c","project_id":"p-1","name":"x","current_state":"ready","state_changed_at":"2025-01-15T10:00:00Z",
                 "creation_source":"console","default":false,"protected":false,"cpu_used_sec":0,"compute_time_seconds":0,
                 "active_time_seconds":0,"written_data_bytes":0,"data_transfer_bytes":0,"created_at":"2025-01-15T10:00:00+00:00",
                 "updated_at":"2025-01-15T12:00:00.000+02:00","restricted_actions":[{"name":"delete","reason":"kept"}],
                 "init_source":"parent-schema","something_new":{"a":1}}""";
        Branch b = mapper.asDomain(JSON.readValue(neon, BranchDto.class));
        assertTrue(b.deletionBlocked());
        assertEquals(Instant.parse("2025-01-15T10:00:00Z"), b.updatedAt());
        assertEquals(InitSource.PARENT_DATA, b.initSource());
        assertNull(b.headLsn());
    }

    @Test
    void endpointsOperationsProjectsDatabasesAndRolesSurviveTheTrip() throws Exception {
        Endpoint e = new Endpoint("ep-quiet-moon-a1b2c3d4", "p-1", "br-a-b-c", Endpoint.Type.READ_WRITE,
                Endpoint.State.ACTIVE, Endpoint.State.IDLE, "ep-quiet-moon-a1b2c3d4.local.arbor", 0.25, 2, -1, T, T, T, T, null);
        NeonSpec.assertComponent("Endpoint", tree(mapper.toDto(e)));
        assertEquals(e, mapper.asDomain(trip(mapper.toDto(e), EndpointDto.class)));

        Operation o = new Operation("0f9e8d7c-0000-4000-8000-000000000001", "p-1", "br-a-b-c", null,
                Operation.Action.CREATE_BRANCH, Operation.Status.FAILED, 1, "disk full", T, T, 42);
        NeonSpec.assertComponent("Operation", tree(mapper.toDto(o)));
        assertEquals(o, mapper.asDomain(trip(mapper.toDto(o), OperationDto.class)));

        Project p = new Project("shiny-wind-02883400", "demo", 86_400, new Project.Limits(25, 10, 5), T, T);
        JsonNode pj = tree(mapper.toDto(p));
        NeonSpec.assertComponent("Project", pj);
        assertEquals("2026-11-01T00:00:00Z", pj.get("consumption_period_start").asText());
        assertEquals(p, mapper.asDomain(trip(mapper.toDto(p), ProjectDto.class)));

        Database d = new Database(1000001, "br-a-b-c", "neondb", "neondb_owner", T, T);
        NeonSpec.assertComponent("Database", tree(mapper.toDto(d)));
        assertEquals(d, mapper.asDomain(trip(mapper.toDto(d), DatabaseDto.class)));
        Role r = new Role("br-a-b-c", "neondb_owner", true, T, T);
        NeonSpec.assertComponent("Role", tree(mapper.toDto(r)));
        assertEquals(r, mapper.asDomain(trip(mapper.toDto(r), RoleDto.class)));
    }

    @Test
    void requestsWrittenByTheClientReadBackAsTheSameSpecs() throws Exception {
        CreateBranchSpec create = new CreateBranchSpec("br-a-b-c", "dev", PointInTime.at(Lsn.parse("0/1F00A10")),
                InitSource.PARENT_DATA, true, EXPIRY, List.of(EndpointSpec.readWrite(), new EndpointSpec(Endpoint.Type.READ_ONLY, 0.5, 3, 600)), "api");
        NeonSpec.assertComponent("BranchCreateRequest", tree(mapper.toRequest(create)));
        assertEquals(create, mapper.toSpec(trip(mapper.toRequest(create), BranchCreateRequest.class), "api"));
        CreateBranchSpec atTime = CreateBranchSpec.named("t").at(PointInTime.at(T)).schemaOnly();
        assertEquals(atTime, mapper.toSpec(trip(mapper.toRequest(atTime), BranchCreateRequest.class), null));

        for (BranchPatch patch : List.of(BranchPatch.rename("x"), BranchPatch.protect(false), BranchPatch.expireAt(EXPIRY),
                BranchPatch.clearExpiration())) {
            NeonSpec.assertComponent("BranchUpdateRequest", tree(mapper.toRequest(patch)));
            assertEquals(patch, mapper.toPatch(trip(mapper.toRequest(patch), BranchUpdateRequest.class)));
        }
        assertEquals("{\"branch\":{\"expires_at\":null}}", JSON.writeValueAsString(mapper.toRequest(BranchPatch.clearExpiration())));
        assertEquals("{\"branch\":{\"name\":\"x\"}}", JSON.writeValueAsString(mapper.toRequest(BranchPatch.rename("x"))));

        for (RestoreSpec restore : List.of(RestoreSpec.resetFromParent("br-p-q-r"),
                new RestoreSpec("br-a-b-c", PointInTime.at(T), "keep"), new RestoreSpec("br-a-b-c", PointInTime.at(Lsn.parse("0/10")), null))) {
            NeonSpec.assertComponent("BranchRestoreRequest", tree(mapper.toRequest(restore)));
            assertEquals(restore, mapper.toSpec(trip(mapper.toRequest(restore), BranchRestoreRequest.class)));
        }

        EndpointSpec ep = new EndpointSpec(Endpoint.Type.READ_ONLY, 0.5, 2, -1);
        EndpointCreateRequest req = mapper.toRequest("br-a-b-c", ep);
        NeonSpec.assertComponent("EndpointCreateRequest", tree(req));
        assertEquals(ep, mapper.toSpec(trip(req, EndpointCreateRequest.class)));
    }

    @Test
    void absentAndNullExpiryAreDifferent() throws Exception {
        BranchPatch absent = mapper.toPatch(JSON.readValue("{\"branch\":{\"name\":\"n\"}}", BranchUpdateRequest.class));
        assertTrue(absent.expiresAt().isEmpty());
        BranchPatch cleared = mapper.toPatch(JSON.readValue("{\"branch\":{\"expires_at\":null}}", BranchUpdateRequest.class));
        assertEquals(BranchPatch.clearExpiration(), cleared);
        BranchPatch offset = mapper.toPatch(JSON.readValue("{\"branch\":{\"expires_at\":\"2026-11-20T11:00:00+02:00\"}}",
                BranchUpdateRequest.class));
        assertEquals(BranchPatch.expireAt(Instant.parse("2026-11-20T09:00:00Z")), offset);
    }

    @Test
    void anEmptyCreateBodyMeansTheDefaultBranchAtItsHead() {
        CreateBranchSpec s = mapper.toSpec(null, null);
        assertNull(s.parentId());
        assertNull(s.name());
        assertEquals(PointInTime.HEAD, s.point());
        assertTrue(s.endpoints().isEmpty());
    }

    @Test
    void requestShapesAreChecked() {
        ArborException both = assertThrows(ArborException.class, () -> mapper.toSpec(
                new BranchRestoreRequest("br-a-b-c", "0/1", "2026-01-01T00:00:00Z", null)));
        assertEquals("LSN_AND_TIMESTAMP", both.reason());
        assertEquals("SOURCE_BRANCH_REQUIRED", assertThrows(ArborException.class,
                () -> mapper.toSpec(new BranchRestoreRequest(null, null, null, null))).reason());
        assertEquals("INVALID_TIMESTAMP", assertThrows(ArborException.class,
                () -> mapper.toSpec(new BranchRestoreRequest("b", null, "2026-01-01", null))).reason());
        assertEquals("INVALID_LSN", assertThrows(ArborException.class,
                () -> mapper.toSpec(new BranchRestoreRequest("b", "12", null, null))).reason());
    }

    @Test
    void errorsTravelWithTheirKind() throws Exception {
        ArborException e = ArborException.rule("BRANCH_HAS_CHILDREN", "\"dev\" has children.");
        ErrorBody body = mapper.toErrorBody(e, "req-1");
        NeonSpec.assertComponent("GeneralError", tree(body));
        ArborException back = mapper.toException(400, trip(body, ErrorBody.class));
        assertEquals(ErrorCode.RULE_VIOLATED, back.code());
        assertEquals("BRANCH_HAS_CHILDREN", back.reason());
        assertEquals(e.getMessage(), back.getMessage());
        ArborException neon = mapper.toException(423, JSON.readValue(
                "{\"code\":\"\",\"message\":\"project already has running conflicting operations\"}", ErrorBody.class));
        assertEquals(ErrorCode.LOCKED, neon.code());
        assertEquals(ErrorCode.UNAVAILABLE, mapper.toException(503, null).code());
    }

    @Test
    void theMapperIsStrictAboutScalarTypes() {
        assertThrows(Exception.class, () -> JSON.readValue("{\"branch\":{\"protected\":\"true\"}}", BranchCreateRequest.class));
        assertThrows(Exception.class, () -> JSON.readValue("{\"branch\":{\"name\":7}}", BranchCreateRequest.class));
        assertThrows(Exception.class, () -> JSON.readValue("{\"endpoints\":[{\"type\":\"read_only\",\"suspend_timeout_seconds\":1.5}]}",
                BranchCreateRequest.class));
    }

    @Test
    void theValidatorRejectsWhatTheSpecForbids() {
        JsonNode bad = JSON.valueToTree(java.util.Map.of("id", "BR_UPPER", "name", "x"));
        assertThrows(AssertionError.class, () -> NeonSpec.assertComponent("Branch", bad));
        JsonNode badTime = tree(new DatabaseDto(1, "br-a-b-c", "db", "o", T, T)).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) badTime).put("created_at", "yesterday");
        assertThrows(AssertionError.class, () -> NeonSpec.assertComponent("Database", badTime));
    }

    @Test
    void aRealDatabasesTablesKeepTheirSchemaRealTypesAndMissingKeys() {
        TableSchema orders = new TableSchema("neondb", "sales.orders", List.of(
                new Column("id", ColumnType.BIGINT, false, "integer"),
                new Column("total", ColumnType.NUMERIC, true, "numeric(10,2)")), List.of("id"));
        TableSchema events = new TableSchema("neondb", "\"Event.Log\"", List.of(
                new Column("payload", ColumnType.TEXT, true, "jsonb")), List.of());
        JsonNode json = tree(mapper.toSchemaJson(List.of(orders, events))).get("tables");
        assertEquals("sales", json.get(0).get("schema").asText());
        assertEquals("orders", json.get(0).get("name").asText());
        assertEquals("numeric(10,2)", json.get(0).get("columns").get(1).get("type").asText());
        assertEquals("orders_pkey", json.get(0).get("constraints").get(0).get("name").asText());
        assertEquals("public", json.get(1).get("schema").asText());
        assertEquals("Event.Log", json.get(1).get("name").asText());
        assertEquals("jsonb", json.get(1).get("columns").get(0).get("type").asText());
        assertEquals(0, json.get(1).get("constraints").size(), "no key, no primary-key constraint");
    }
}
