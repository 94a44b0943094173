package dev.arbor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.ConnectionDetails;
import dev.arbor.testing.PgProjects;
import dev.arbor.testing.NoConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connection_uri} and {@code reveal_password} on a real server over a project whose branches are real Postgres
 * databases: the URI the route gives is used with pgjdbc, so the test passes only if it really connects. The tests
 * only read, so they share one project.
 */
class ConnectionRoutesTest {
    private static Path shared;
    private static ServerHarness h;

    @TempDir
    Path dir;

    @BeforeAll
    static void openProject() {
        shared = PgProjects.tempDir("arbor-connection-routes");
        h = new ServerHarness(shared.resolve("project"));
    }

    @AfterAll
    static void closeProject() {
        if (h != null) {
            h.close();
        }
        PgProjects.deleteQuietly(shared);
    }

    /** Connects as a client would with the URI and answers who it is logged in as, in which database. */
    static String whoAmI(String uri) throws Exception {
        ConnectionDetails d = ConnectionDetails.parse(null, uri);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + d.host() + ":" + d.port() + "/"
                + d.database(), d.role(), d.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_user || '@' || current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void theConnectionUriOfABranchConnectsWithItsPassword() throws Exception {
        String main = h.branchId("main");
        ServerHarness.Response r = h.get(h.p("/connection_uri?branch_id=" + main
                + "&database_name=neondb&role_name=neondb_owner"));
        assertEquals(200, r.status(), r.text());
        String uri = r.json().get("uri").asText();
        assertTrue(uri.startsWith("postgresql://neondb_owner:"), uri);
        assertEquals("neondb_owner@neondb", whoAmI(uri));
    }

    @Test
    void withoutABranchTheUriLeadsToTheDefaultBranch() throws Exception {
        ServerHarness.Response r = h.get(h.p("/connection_uri?database_name=neondb&role_name=neondb_owner"));
        assertEquals(200, r.status(), r.text());
        assertEquals("neondb_owner@neondb", whoAmI(r.json().get("uri").asText()));
    }

    @Test
    void aRevealedPasswordIsTheOneThatLogsIn() throws Exception {
        ServerHarness.Response r = h.get(h.p("/branches/" + h.branchId("main") + "/roles/neondb_owner/reveal_password"));
        assertEquals(200, r.status(), r.text());
        String password = r.json().get("password").asText();
        ConnectionDetails main = h.engine.connectionDetails("main", "neondb", "neondb_owner");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + main.host() + ":" + main.port()
                + "/neondb", "neondb_owner", password)) {
            assertTrue(c.isValid(5));
        }
    }

    @Test
    void aMissingDatabaseOrRoleNameIsRefusedWithASentence() {
        ServerHarness.Response noDb = h.get(h.p("/connection_uri?role_name=neondb_owner"));
        assertEquals(400, noDb.status());
        assertEquals("DATABASE_NAME_REQUIRED", noDb.json().get("code").asText());
        assertTrue(noDb.json().get("message").asText().startsWith("database_name is required"), noDb.text());
        assertTrue(noDb.json().hasNonNull("request_id"));
        ServerHarness.Response noRole = h.get(h.p("/connection_uri?database_name=neondb"));
        assertEquals(400, noRole.status());
        assertEquals("ROLE_NAME_REQUIRED", noRole.json().get("code").asText());
    }

    @Test
    void unknownBranchesRolesAndDatabasesAreNotFound() {
        String main = h.branchId("main");
        ServerHarness.Response branch = h.get(h.p("/connection_uri?branch_id=br-none-none-00000000"
                + "&database_name=neondb&role_name=neondb_owner"));
        assertEquals(404, branch.status(), branch.text());
        ServerHarness.Response role = h.get(h.p("/connection_uri?branch_id=" + main + "&database_name=neondb&role_name=nobody"));
        assertEquals(404, role.status(), role.text());
        assertEquals("Branch \"main\" has no role \"nobody\".", role.json().get("message").asText());
        ServerHarness.Response db = h.get(h.p("/connection_uri?branch_id=" + main + "&database_name=nodb&role_name=neondb_owner"));
        assertEquals(404, db.status(), db.text());
        assertEquals("DATABASE_NOT_FOUND", db.json().get("code").asText());
        assertEquals(404, h.get(h.p("/branches/" + main + "/roles/nobody/reveal_password")).status());
        assertEquals(404, h.get(h.p("/branches/br-none-none-00000000/roles/neondb_owner/reveal_password")).status());
    }

    @Test
    void aPooledConnectionIsRefusedForThereIsNoPooler() {
        ServerHarness.Response r = h.get(h.p("/connection_uri?database_name=neondb&role_name=neondb_owner&pooled=true"));
        assertEquals(400, r.status());
        assertEquals("POOLER_UNAVAILABLE", r.json().get("code").asText());
        assertEquals(200, h.get(h.p("/connection_uri?database_name=neondb&role_name=neondb_owner&pooled=false")).status());
    }

    @Test
    void aBackendWithoutConnectionsAnswersPreconditionFailedWithItsSentence() {
        try (ServerHarness h = new ServerHarness(dir.resolve("plain"), NoConnections::over)) {
            String main = h.branchId("main");
            ServerHarness.Response uri = h.get(h.p("/connection_uri?branch_id=" + main
                    + "&database_name=neondb&role_name=neondb_owner"));
            assertEquals(412, uri.status(), uri.text());
            assertEquals("CONNECTIONS_UNAVAILABLE", uri.json().get("code").asText());
            assertEquals("UNAVAILABLE", uri.json().at("/arbor/kind").asText());
            assertTrue(uri.json().get("message").asText().contains("no computes a client can connect to"), uri.text());
            ServerHarness.Response password = h.get(h.p("/branches/" + main + "/roles/neondb_owner/reveal_password"));
            assertEquals(412, password.status(), password.text());
            assertEquals("PASSWORDS_UNAVAILABLE", password.json().get("code").asText());
        }
    }
}
