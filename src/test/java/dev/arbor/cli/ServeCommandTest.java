package dev.arbor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arbor serve} in this process on a free port: it starts, answers with the stored key, and stops. */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_3)
class ServeCommandTest {
    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void reachable() throws java.io.IOException {
        // as root, so the project's Postgres files stay inside the directory JUnit deletes
        EmbeddedProjectSourceTest.letPostgresReach(dir);
    }
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServeCommand.Running start(Invocation.Serve serve) {
        return ServeCommand.start(serve, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private int status(ServeCommand.Running r, String key) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(r.server().baseUrl() + "/projects/" + r.project().id() + "/branches"))
                .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(10)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void servesTheDemoWithAGeneratedKeyStoredOwnerOnlyAndStops() throws Exception {
        ServeCommand.Running r = start(new Invocation.Serve(dir.resolve("demo"), 0, null, null, true));
        Path keyFile = dir.resolve("demo").resolve(ServeCommand.KEY_FILE);
        String key = Files.readString(keyFile).strip();
        try {
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains(r.server().baseUrl().toString()), printed);
            assertTrue(printed.contains("http://127.0.0.1:"), printed);
            assertTrue(printed.contains(r.project().id()), printed);
            assertTrue(printed.contains(keyFile.toString()), "says where the key is");
            assertFalse(printed.contains(key), "never prints the key itself");
            if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
            }
            assertEquals(200, status(r, key));
            assertEquals(401, status(r, "not-the-key"));
            assertTrue(r.project().name() != null && !r.project().id().isBlank());
        } finally {
            r.close();
        }
        URI gone = r.server().baseUrl();
        assertThrows(ConnectException.class, () -> http.send(HttpRequest.newBuilder(gone).build(),
                HttpResponse.BodyHandlers.discarding()));

        // the next start reuses the stored key, and the engine was closed (its directory lock released)
        ServeCommand.Running again = start(new Invocation.Serve(dir.resolve("demo"), 0, null, null, false));
        try {
            assertEquals(key, Files.readString(keyFile).strip());
            assertEquals(200, status(again, key));
            again.close();
            again.awaitClosed();
        } finally {
            again.close();
        }
    }

    @Test
    void aGivenKeyIsUsedAndNotStored() throws Exception {
        try (ServeCommand.Running r = start(new Invocation.Serve(dir, 0, "127.0.0.1", "given-key-123", false))) {
            assertEquals(200, status(r, "given-key-123"));
            assertFalse(Files.exists(dir.resolve(ServeCommand.KEY_FILE)));
            assertFalse(out.toString(StandardCharsets.UTF_8).contains("given-key-123"));
        }
    }

    @Test
    void aServerThatCannotStartSaysWhyAndExitsWithOne() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of("serve", "--data-dir", dir.toString(), "--bind", "no-such-host.invalid", "--port", "0"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no-such-host.invalid"));
    }
}
