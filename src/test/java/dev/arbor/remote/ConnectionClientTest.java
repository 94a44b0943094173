package dev.arbor.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.arbor.api.Responses;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.server.ApiServer;
import dev.arbor.server.ServerOptions;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The client's connection_uri and reveal_password: against a real server over a real Postgres, and Neon's answers. */
class ConnectionClientTest {
    private static final String KEY = "connect-key-0123456789";

    @TempDir
    Path dir;

    @Test
    void aRemoteBranchsConnectionConnectsAndNoLogCarriesItsPassword() throws Exception {
        Logger arbor = (Logger) LoggerFactory.getLogger("dev.arbor");
        Level before = arbor.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        arbor.addAppender(logs);
        arbor.setLevel(Level.DEBUG);
        String password;
        try (EmbeddedEngine engine = PgProjects.open(dir.resolve("project"));
             ApiServer server = ApiServer.start(new EmbeddedBackend(engine, false), ServerOptions.loopback(0, KEY));
             RemoteBackend remote = new RemoteBackend(new NeonApiClient(server.baseUrl().toString(), ApiKey.of(KEY),
                     ClientOptions.DEFAULT), engine.project().id())) {
            String main = engine.branch("main").id();
            password = engine.revealPassword(main, "neondb_owner");

            ConnectionDetails d = remote.connectionDetails(main, "neondb", "neondb_owner");
            assertEquals(password, d.password());
            assertEquals("neondb_owner@neondb", whoAmI(d));
            assertEquals(password, remote.revealPassword(main, "neondb_owner"));
            ArborException unknown = assertThrows(ArborException.class, () -> remote.revealPassword(main, "nobody"));
            assertEquals(ErrorCode.NOT_FOUND, unknown.code());
        } finally {
            arbor.detachAppender(logs);
            arbor.setLevel(before);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            lines.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("reveal_password")), "the exchanges were logged: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("connection_uri")), "the exchanges were logged: " + lines);
        for (String line : lines) {
            assertFalse(line.contains(password), line);
        }
    }

    @Test
    void neonsConnectionUriIsReadIntoItsPartsFromTheDocumentedRequest() throws Exception {
        try (MockNeon neon = new MockNeon()) {
            neon.enqueue(MockNeon.json(200, "{\"uri\":\"postgresql://neondb_owner:npg_Ab12Cd34@ep-cool-darkness-123456"
                    + ".us-east-2.aws.neon.tech/neondb?sslmode=require\"}"));
            ConnectionDetails d = new RemoteBackend(neon.client, MockNeon.PROJECT).connectionDetails("br-wispy-meadow-123456",
                    "neondb", "neondb_owner");
            assertEquals(List.of("ep-cool-darkness-123456.us-east-2.aws.neon.tech", "5432", "neondb", "neondb_owner", "npg_Ab12Cd34"),
                    List.of(d.host(), Integer.toString(d.port()), d.database(), d.role(), d.password()));
            RecordedRequest r = neon.requests().get(0);
            assertEquals("/api/v2/projects/" + MockNeon.PROJECT + "/connection_uri", r.getRequestUrl().encodedPath());
            assertEquals("br-wispy-meadow-123456", r.getRequestUrl().queryParameter("branch_id"));
            assertEquals("neondb", r.getRequestUrl().queryParameter("database_name"));
            assertEquals("neondb_owner", r.getRequestUrl().queryParameter("role_name"));
        }
    }

    @Test
    void neonsPreconditionFailedOnRevealSaysThePasswordIsNotKept() throws Exception {
        try (MockNeon neon = new MockNeon()) {
            neon.enqueue(MockNeon.json(412, "{\"code\":\"\",\"message\":\"storing passwords is disabled\"}"));
            ArborException e = assertThrows(ArborException.class,
                    () -> new RemoteBackend(neon.client, MockNeon.PROJECT).revealPassword("br-wispy-meadow-123456", "alex"));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertEquals("PASSWORDS_UNAVAILABLE", e.reason());
            assertTrue(e.getMessage().startsWith("The server does not keep the password of \"alex\""), e.getMessage());
            assertEquals(1, neon.count("GET"), "a 412 is not sent again");
        }
    }

    @Test
    void aMalformedReplyIsReportedWithoutThePasswordItHolds() throws Exception {
        try (MockNeon neon = new MockNeon()) {
            neon.enqueue(MockNeon.json(200, "{\"password\": \"npg_Secret99\", "));
            neon.enqueue(MockNeon.json(200, "{\"uri\": \"not a uri npg_Secret98\"}"));
            ArborException password = assertThrows(ArborException.class,
                    () -> neon.client.revealPassword(MockNeon.PROJECT, "br-wispy-meadow-123456", "alex"));
            ArborException uri = assertThrows(ArborException.class,
                    () -> neon.client.connectionUri(MockNeon.PROJECT, null, null, "neondb", "alex", false));
            for (ArborException e : List.of(password, uri)) {
                assertEquals("MALFORMED_RESPONSE", e.reason());
                String told = e.getMessage() + " " + e.details() + " " + e;
                assertFalse(told.contains("npg_Secret"), told);
            }
        }
    }

    @Test
    void theRepliesThatCarryAPasswordDoNotPrintIt() {
        assertFalse(new Responses.RolePasswordResponse("npg_Secret97").toString().contains("npg_Secret97"));
        assertFalse(new Responses.ConnectionUriResponse("postgresql://a:npg_Secret96@h/db").toString().contains("npg_Secret96"));
    }

    private static String whoAmI(ConnectionDetails d) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + d.host() + ":" + d.port() + "/" + d.database(),
                d.role(), d.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_user || '@' || current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
