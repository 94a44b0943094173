package dev.arbor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.Operation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every value of Arbor's wire enums, as the server would send it, is one the real Neon document allows, including
 * those the server-wide contract test does not happen to reach (a failed or cancelled operation, an init compute).
 */
class WireValuesTest {
    private static final Instant T = Instant.parse("2026-11-20T09:00:00Z");
    private final NeonMapper mapper = new NeonMapper(Clock.fixed(T, ZoneOffset.UTC));

    private static JsonNode tree(Object dto) {
        return NeonJson.mapper().valueToTree(dto);
    }

    @Test
    void everyOperationActionAndStatusTheServerCanSendIsInTheDocument() {
        List<String> problems = new ArrayList<>();
        for (Operation.Action action : Operation.Action.values()) {
            // UNKNOWN is what a client makes of an action it does not know; no engine operation has it
            if (action == Operation.Action.UNKNOWN) {
                continue;
            }
            for (Operation.Status status : Operation.Status.values()) {
                if (status == Operation.Status.UNKNOWN) {
                    continue; // what a client makes of a status it does not know; the engine never sets it
                }
                Operation o = new Operation("0f9e8d7c-0000-4000-8000-000000000001", "p-1", "br-a-b-c", null, action, status,
                        0, null, T, T, 0);
                NeonDocument.neon().componentProblems("Operation", tree(mapper.toDto(o)))
                        .forEach(p -> problems.add(action + "/" + status + ": " + p));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyEndpointTypeAndStateAndTheSuspendTimeoutsAreInTheDocument() {
        List<String> problems = new ArrayList<>();
        // UNKNOWN types and states are what a client makes of values it does not know; the engine never sets them
        for (Endpoint.Type type : Endpoint.Type.values()) {
            if (type == Endpoint.Type.UNKNOWN) {
                continue;
            }
            for (Endpoint.State state : Endpoint.State.values()) {
                if (state == Endpoint.State.UNKNOWN) {
                    continue;
                }
                for (long suspend : List.of(-1L, 0L, 300L, 604_800L)) {
                    Endpoint e = new Endpoint("ep-quiet-moon-a1b2c3d4", "p-1", "br-a-b-c", type, state, state,
                            "ep-quiet-moon-a1b2c3d4.local.arbor", 0.25, 2, suspend, T, T, T, T, null);
                    NeonDocument.neon().componentProblems("Endpoint", tree(mapper.toDto(e)))
                            .forEach(p -> problems.add(type + "/" + state + "/" + suspend + ": " + p));
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
