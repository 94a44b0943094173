package dev.arbor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.testing.PgProjects;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's small parts: the key check, URL decoding and routing (the diff is {@code domain.UnifiedDiff}). */
class ServerPartsTest {

    @Test
    void theKeyIsABearerTokenAndNeverShown() {
        ApiKey key = new ApiKey("k-123");
        assertTrue(key.accepts("Bearer k-123"));
        assertTrue(key.accepts("bearer  k-123 "));
        assertFalse(key.accepts("Bearer k-1234"));
        assertFalse(key.accepts("Basic k-123"));
        assertFalse(key.accepts(null));
        assertFalse(key.toString().contains("k-123"));
        assertFalse(ServerOptions.loopback(0, "k-123").toString().contains("k-123"));
        assertTrue(ApiKey.generate().matches("arbor_[0-9a-f]{64}"));
        assertThrows(IllegalArgumentException.class, () -> new ApiKey(" "));
    }

    @Test
    void pathsAndQueriesAreDecodedKeepingPlusAndEncodedSlashes() {
        assertEquals(List.of("projects", "p", "branches", "dev/alice"), ApiHandler.segments("/projects/p/branches/dev%2Falice/"));
        Map<String, String> q = ApiHandler.query("timestamp=2026-01-01T10:00:00+02:00&search=a%20b&x&search=second");
        assertEquals("2026-01-01T10:00:00+02:00", q.get("timestamp"));
        assertEquals("a b", q.get("search"));
        assertEquals("", q.get("x"));
        HttpFailure bad = assertThrows(HttpFailure.class, () -> ApiHandler.query("cursor=%zz"));
        assertEquals("INVALID_URL", bad.code());
    }

    @Test
    void routesMatchByPathThenMethod() {
        Router r = new Router().add("GET", "/a/{id}", c -> Reply.ok(c.path("id"))).add("DELETE", "/a/{id}", c -> Reply.noContent());
        Router.Match m = r.match("GET", List.of("a", "x"));
        assertEquals(Map.of("id", "x"), m.params());
        Router.MethodNotAllowed wrong = assertThrows(Router.MethodNotAllowed.class, () -> r.match("POST", List.of("a", "x")));
        assertEquals("DELETE, GET", wrong.allow());
        assertEquals(404, assertThrows(HttpFailure.class, () -> r.match("GET", List.of("a"))).status());
        assertEquals(404, assertThrows(HttpFailure.class, () -> r.match("GET", List.of("a", ""))).status());
    }

    @Test
    void aServerOnEveryAddressGivesAUrlOnThisMachine(@TempDir Path dir) throws Exception {
        ServerOptions everywhere = new ServerOptions(InetAddress.getByName("0.0.0.0"), 0, ApiKey.generate(), 1, 1024,
                Duration.ofSeconds(1));
        try (EmbeddedBackend backend = EmbeddedBackend.open(PgProjects.prepare(dir), PgProjects.options()); ApiServer server = ApiServer.start(backend, everywhere)) {
            assertTrue(server.baseUrl().toString().startsWith("http://127.0.0.1:"), server.baseUrl().toString());
        }
    }

    @Test
    void aCursorFromElsewhereIsRefused() {
        assertEquals("INVALID_CURSOR", assertThrows(HttpFailure.class, () -> BranchListing.decode("!!")).code());
        assertEquals("INVALID_CURSOR", assertThrows(HttpFailure.class,
                () -> BranchListing.decode("eyJicmFuY2hfaWQiOiJ4Iiwic29ydF9ieSI6InNpemUifQ")).code());
    }
}
