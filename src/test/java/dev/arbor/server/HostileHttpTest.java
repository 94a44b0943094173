package dev.arbor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.backend.BranchBackend;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.testing.PgProjects;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What a client on a raw socket sees when it misbehaves: slow clients are cut off after the read timeout without
 * holding up anyone else, HEAD is answered like GET without a body, broken HTTP gets a Neon error body like every
 * other refusal, and neither answers nor log lines carry the key.
 */
class HostileHttpTest {
    private static final String KEY = "hostile-test-key-5f2c9a";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
    /** How long the slow clients would keep trickling if nobody stopped them. */
    private static final long TRICKLE_FOR_MS = 20_000;
    private static final int THREADS = 2;

    @TempDir
    Path dir;

    private EmbeddedBackend backend;
    private ApiServer server;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<Thread> tricklers = new ArrayList<>();

    private void start() {
        backend = EmbeddedBackend.open(PgProjects.prepare(dir), PgProjects.options());
        server = ApiServer.start(backend, ServerOptions.loopback(0, KEY).withThreads(THREADS).withReadTimeout(READ_TIMEOUT));
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        for (Thread t : tricklers) {
            t.interrupt();
            t.join(5_000);
        }
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void slowClientsDoNotHoldUpOthersAndAreCutOffAfterTheReadTimeout() throws Exception {
        start();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest projects = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/projects"))
                .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(8)).build();
        assertEquals(200, client.send(projects, HttpResponse.BodyHandlers.ofString()).statusCode(), "warmed up");
        int slow = THREADS * 4;
        List<Socket> slowSockets = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < slow; i++) {
            // half trickle their headers, before any key check; half send good headers and trickle the body
            String head = i % 2 == 0
                    ? "GET /api/v2/projects HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
                    : "POST /api/v2/projects/x/branches HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{";
            slowSockets.add(trickle(head));
        }
        Thread.sleep(500);

        long asked = System.nanoTime();
        HttpResponse<String> normal = client.send(projects, HttpResponse.BodyHandlers.ofString());
        long answeredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
        assertEquals(200, normal.statusCode(), normal.body());
        // well within the read timeout: the request did not wait for a slow client's thread to be freed
        assertTrue(answeredMs < READ_TIMEOUT.toMillis() / 2, "a normal request beside " + slow + " slow clients answered in "
                + answeredMs + " ms");

        for (Socket s : slowSockets) {
            long closedAfterMs = awaitClosedByServer(s, started + TimeUnit.SECONDS.toNanos(10)) - started;
            closedAfterMs = TimeUnit.NANOSECONDS.toMillis(closedAfterMs);
            assertTrue(closedAfterMs >= READ_TIMEOUT.toMillis() - 200,
                    "a slow client was cut off after " + closedAfterMs + " ms, before its read timeout");
            assertTrue(closedAfterMs < TRICKLE_FOR_MS / 2, "a slow client was cut off after " + closedAfterMs + " ms");
        }

        assertEquals(200, client.send(projects, HttpResponse.BodyHandlers.ofString()).statusCode(),
                "the server still serves once the slow clients are gone");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void pastItsConnectionLimitTheServerClosesNewConnectionsAtOnceAndRecovers() throws Exception {
        start();
        int limit = ServerOptions.loopback(0, KEY).withThreads(THREADS).maxConnections();
        long started = System.nanoTime();
        List<Socket> slowSockets = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            slowSockets.add(trickle("GET /api/v2/projects HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));
        }
        Thread.sleep(300);
        Socket extra = open();
        send(extra, "GET /api/v2/projects HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY + "\r\n\r\n");
        long refusedAt = awaitClosedByServer(extra, started + READ_TIMEOUT.toNanos());
        assertTrue(refusedAt - started < READ_TIMEOUT.toNanos(), "the connection past the limit was closed at once, not queued");

        for (Socket s : slowSockets) {
            awaitClosedByServer(s, started + TimeUnit.SECONDS.toNanos(15));
        }
        HttpResponse<String> after = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/projects"))
                .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(8)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, after.statusCode(), "the server serves again once the slow clients are cut off");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRequestTheBackendWorksOnLongerThanTheReadTimeoutIsStillAnswered() throws Exception {
        // generous: on a loaded 2-core machine the next request can take most of a second to reach the handler
        Duration readTimeout = Duration.ofMillis(3000);
        backend = EmbeddedBackend.open(PgProjects.prepare(dir), PgProjects.options());
        EmbeddedBackend real = backend;
        // listing branches takes two read timeouts; the client sends and reads promptly
        BranchBackend slow = (BranchBackend) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BranchBackend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("listBranches")) {
                        Thread.sleep(readTimeout.toMillis() * 2);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        server = ApiServer.start(slow, ServerOptions.loopback(0, KEY).withThreads(THREADS).withReadTimeout(readTimeout));
        try (Socket s = open()) {
            s.setSoTimeout((int) readTimeout.toMillis() * 5); // the answer takes two read timeouts to come
            String list = "GET /api/v2/projects/" + real.project().id() + "/branches HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + KEY + "\r\n\r\n";
            send(s, list);
            Raw answer = readAnswer(s.getInputStream(), true);
            assertEquals(200, answer.status(), answer.toString());
            // and the connection takes a next request, the deadline starting afresh after the answer
            Thread.sleep(readTimeout.toMillis() / 4);
            send(s, "GET /api/v2/projects HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY + "\r\n\r\n");
            assertEquals(200, readAnswer(s.getInputStream(), true).status());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void atMostThreadsRequestsAreWorkedOnAtOnceAndTheOthersWaitTheirTurn() throws Exception {
        backend = EmbeddedBackend.open(PgProjects.prepare(dir), PgProjects.options());
        EmbeddedBackend real = backend;
        AtomicInteger working = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        BranchBackend counting = (BranchBackend) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BranchBackend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("listBranches")) {
                        most.accumulateAndGet(working.incrementAndGet(), Math::max);
                        try {
                            Thread.sleep(300);
                        } finally {
                            working.decrementAndGet();
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        server = ApiServer.start(counting, ServerOptions.loopback(0, KEY).withThreads(THREADS).withReadTimeout(READ_TIMEOUT));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest list = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/projects/" + real.project().id() + "/branches"))
                .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(20)).build();
        int clients = THREADS * 4;
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            answers.add(client.sendAsync(list, HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> a : answers) {
            assertEquals(200, a.get(20, TimeUnit.SECONDS).statusCode(), "every request is answered in turn");
        }
        assertEquals(THREADS, most.get(), "the backend worked on " + most.get() + " requests at once");
    }

    @Test
    void headIsAnsweredLikeGetWithoutABody() throws Exception {
        start();
        ListAppender<ILoggingEvent> jettyWarnings = capture("org.eclipse.jetty");
        try (Socket s = open()) {
            String get = "GET /api/v2/projects HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY + "\r\n\r\n";
            send(s, get);
            Raw getAnswer = readAnswer(s.getInputStream(), true);
            assertEquals(200, getAnswer.status());

            send(s, "HEAD /api/v2/projects HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY + "\r\n\r\n");
            Raw head = readAnswer(s.getInputStream(), false);
            assertEquals(200, head.status(), head.toString());
            assertEquals(getAnswer.body().length, Integer.parseInt(head.header("content-length")), "the length the GET has");
            assertEquals("application/json", head.header("content-type"));

            // the same connection goes on with the next request: no body followed the HEAD answer
            send(s, get);
            assertEquals(200, readAnswer(s.getInputStream(), true).status());

            send(s, "HEAD /api/v2/projects/x/branches/y/restore HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                    + "\r\n\r\n");
            Raw notAllowed = readAnswer(s.getInputStream(), false);
            assertEquals(405, notAllowed.status());
            assertEquals("POST", notAllowed.header("allow"));

            send(s, "HEAD /api/v2/projects HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertEquals(401, readAnswer(s.getInputStream(), false).status());
        } finally {
            release("org.eclipse.jetty", jettyWarnings);
        }
        List<String> warned = jettyWarnings.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(warned.isEmpty(), "Jetty warned: " + warned);
    }

    /**
     * A request refused before its body is read (no key, no such route, a method the route does not take) leaves the
     * body on the connection: the answer must say the connection closes, or the connection must go on working — a
     * client must never send its next request into a connection the server is closing without a word.
     */
    @Test
    void aRequestRefusedBeforeItsBodyArrivedNeverLeavesTheClientOnAClosingConnection() throws Exception {
        start();
        List<String> refused = List.of(
                "POST /api/v2/no-such-route HTTP/1.1\r\nAuthorization: Bearer " + KEY,
                "POST /api/v2/projects HTTP/1.1\r\nAuthorization: Bearer " + KEY,
                "POST /api/v2/projects/x/branches HTTP/1.1\r\nAuthorization: Bearer wrong-key");
        for (String line : refused) {
            try (Socket s = open()) {
                // the head alone: the body follows only after the answer, as it may on a loaded machine
                send(s, line + "\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n");
                Raw answer = readAnswer(s.getInputStream(), true);
                assertTrue(answer.status() >= 400 && answer.status() < 500, answer.text());
                if ("close".equalsIgnoreCase(answer.header("connection"))) {
                    continue;
                }
                send(s, "{}GET /api/v2/projects HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY + "\r\n\r\n");
                Raw next;
                try {
                    next = readAnswer(s.getInputStream(), true);
                } catch (IOException | AssertionError closed) {
                    throw new AssertionError("the server closed the connection after \"" + line + "\" without saying"
                            + " so in its answer: " + answer.text(), closed);
                }
                assertEquals(200, next.status(), next.text());
            }
        }
    }

    @Test
    void aBodyWithBrokenChunkedFramingIs400WithANeonBody() throws Exception {
        start();
        int branchesBefore = backend.listBranches().size();
        try (Socket s = open()) {
            send(s, "POST /api/v2/projects/" + backend.project().id() + "/branches HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + KEY + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
            Raw answer = readAnswer(s.getInputStream(), true);
            assertEquals(400, answer.status(), answer.toString());
            assertEquals("application/json", answer.header("content-type"));
            JsonNode body = new ObjectMapper().readTree(answer.body());
            assertEquals("INVALID_BODY", body.path("code").asText(), answer.text());
            assertTrue(body.path("message").asText().startsWith("The request body could not be read"), answer.text());
            assertFalse(body.path("request_id").asText().isBlank());
        }
        assertEquals(branchesBefore, backend.listBranches().size(), "nothing was created");
    }

    /** A request Jetty cannot read or this server will not decode, the answer it must get, and why. */
    private record Malformed(String what, String request, int status, String code) {
    }

    /**
     * Requests whose HTTP itself is broken — refused by Jetty's parser before any handler runs, or by this server
     * because it does not decode their body — get a Neon error body with a sentence, like every other refusal; the
     * connection is closed (what follows on it cannot be trusted), nothing reaches the backend, and the server goes
     * on serving.
     */
    @Test
    void requestsWithBrokenHttpGetANeonErrorBodyAndChangeNothing() throws Exception {
        start();
        int branchesBefore = backend.listBranches().size();
        String auth = "Authorization: Bearer " + KEY + "\r\n";
        String create = "POST /api/v2/projects/" + backend.project().id() + "/branches HTTP/1.1\r\nHost: localhost\r\n" + auth;
        String body = "{\"branch\":{\"name\":\"sneaky\"}}";
        List<Malformed> cases = List.of(
                new Malformed("a bare '%' in the path", "GET /api/v2/projects/% HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n",
                        400, "INVALID_URL"),
                new Malformed("'%zz' in the path", "GET /api/v2/projects/%zz HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n",
                        400, "INVALID_URL"),
                new Malformed("a Content-Length that is not a number", create + "Content-Length: abc\r\n\r\n" + body,
                        400, "INVALID_CONTENT_LENGTH"),
                new Malformed("two different Content-Lengths", create + "Content-Length: " + body.length()
                        + "\r\nContent-Length: 2\r\n\r\n" + body, 400, "INVALID_CONTENT_LENGTH"),
                new Malformed("a request line with a fourth part", "GET /api/v2/projects HTTP/1.1 please\r\nHost: localhost\r\n"
                        + auth + "\r\n", 400, "MALFORMED_REQUEST"),
                new Malformed("a request line that is one word", "GARBAGE\r\nHost: localhost\r\n" + auth + "\r\n", 400,
                        "MALFORMED_REQUEST"),
                new Malformed("a header name with a parenthesis", "GET /api/v2/projects HTTP/1.1\r\nHost: localhost\r\n" + auth
                        + "Bad(Name): v\r\n\r\n", 400, "MALFORMED_REQUEST"),
                new Malformed("a body in a transfer coding without chunked last", create
                        + "Transfer-Encoding: gzip\r\n\r\n" + body, 400, "INVALID_TRANSFER_ENCODING"),
                new Malformed("a chunked body in a transfer coding the server does not decode", create
                        + "Transfer-Encoding: gzip, chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body
                        + "\r\n0\r\n\r\n", 501, "UNSUPPORTED_TRANSFER_ENCODING"));
        for (Malformed m : cases) {
            try (Socket s = open()) {
                send(s, m.request());
                Raw answer = readAnswer(s.getInputStream(), true);
                assertEquals(m.status(), answer.status(), m.what() + ": " + answer.text());
                assertEquals("application/json", answer.header("content-type"), m.what() + ": " + answer.text());
                JsonNode neon = new ObjectMapper().readTree(answer.body());
                assertEquals(m.code(), neon.path("code").asText(), m.what() + ": " + answer.text());
                assertTrue(neon.path("message").asText().endsWith("."), m.what() + ": a sentence, " + answer.text());
                assertFalse(neon.path("request_id").asText().isBlank(), m.what() + ": " + answer.text());
                assertFalse(answer.text().contains(KEY), m.what());
                assertEquals(-1, s.getInputStream().read(), m.what() + ": the server closed the connection");
            }
        }
        assertEquals(branchesBefore, backend.listBranches().size(), "nothing was created");
        try (Socket s = open()) {
            send(s, "GET /api/v2/projects HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n");
            assertEquals(200, readAnswer(s.getInputStream(), true).status());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noAnswerOrLogLineCarriesTheKey() throws Exception {
        // Jetty logs at the level resources/logback.xml gives it; its DEBUG output would print request heads
        Logger jettyLog = (Logger) LoggerFactory.getLogger("org.eclipse.jetty");
        assertTrue(jettyLog.getEffectiveLevel().isGreaterOrEqual(Level.WARN),
                "Jetty logs only its warnings: its DEBUG output prints request heads, keys and all");
        ListAppender<ILoggingEvent> jettyLogs = capture("org.eclipse.jetty");
        Logger serverLog = (Logger) LoggerFactory.getLogger("dev.arbor.server");
        Level levelBefore = serverLog.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        serverLog.addAppender(logs);
        serverLog.setLevel(Level.DEBUG);
        String wrongKey = "wrong-secret-7d1e0b";
        List<String> answers = new ArrayList<>();
        try {
            start();
            String project = backend.project().id();
            List<String> requests = List.of(
                    "GET /api/v2/projects HTTP/1.1\r\nAuthorization: Bearer " + wrongKey + "\r\n\r\n",
                    "GET /api/v2/projects HTTP/1.1\r\nAuthorization: Basic " + KEY + "\r\n\r\n",
                    "GET /api/v2/nothing HTTP/1.1\r\nAuthorization: Bearer " + KEY + "\r\n\r\n",
                    "PUT /api/v2/projects HTTP/1.1\r\nAuthorization: Bearer " + KEY + "\r\nContent-Length: 0\r\n\r\n",
                    "POST /api/v2/projects/" + project + "/branches HTTP/1.1\r\nAuthorization: Bearer " + KEY
                            + "\r\nContent-Length: 9\r\n\r\n{\"branch\"",
                    "HEAD /api/v2/projects HTTP/1.1\r\nAuthorization: Bearer " + wrongKey + "\r\n\r\n",
                    "GET /api/v2/projects/%zz HTTP/1.1\r\nAuthorization: Bearer " + KEY + "\r\n\r\n",
                    "POST /api/v2/projects/" + project + "/branches HTTP/1.1\r\nAuthorization: Bearer " + KEY
                            + "\r\nContent-Length: abc\r\n\r\n{}",
                    "GET /api/v2/projects HTTP/1.1\r\nAuthorization: Bearer " + KEY + "\r\nBad(Name): " + KEY + "\r\n\r\n");
            for (String r : requests) {
                try (Socket s = open()) {
                    send(s, r.replace("HTTP/1.1\r\n", "HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"));
                    answers.add(readAnswer(s.getInputStream(), !r.startsWith("HEAD")).text());
                }
            }
            // and a client cut off by the read timeout mid-headers, right after sending its key
            Socket slow = trickle("GET /api/v2/projects HTTP/1.1\r\nAuthorization: Bearer " + KEY + "\r\nX-Slow: ");
            awaitClosedByServer(slow, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
        } finally {
            serverLog.detachAppender(logs);
            serverLog.setLevel(levelBefore);
            release("org.eclipse.jetty", jettyLogs);
        }
        assertEquals(9, answers.size());
        for (String a : answers) {
            assertFalse(a.contains(KEY) || a.contains(wrongKey), a);
        }
        assertFalse(logs.list.isEmpty(), "the server logged the requests");
        List<ILoggingEvent> lines = new ArrayList<>(logs.list);
        lines.addAll(jettyLogs.list);
        for (ILoggingEvent e : lines) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertFalse(line.contains(KEY) || line.contains(wrongKey) || line.toLowerCase(Locale.ROOT).contains("authorization"), line);
        }
    }

    /** Collects what the logger (and the ones below it) logs at its configured level. */
    private static ListAppender<ILoggingEvent> capture(String logger) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(logger)).addAppender(appender);
        return appender;
    }

    private static void release(String logger, ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(logger)).detachAppender(appender);
        appender.stop();
    }

    // ---- raw sockets ----

    private Socket open() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(5_000);
        sockets.add(s);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Opens a connection that sends {@code head}, then one more byte every 100 ms until it fails or time is up. */
    private Socket trickle(String head) throws IOException {
        Socket s = open();
        send(s, head);
        Thread t = new Thread(() -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TRICKLE_FOR_MS);
            try {
                while (System.nanoTime() < until) {
                    Thread.sleep(100);
                    s.getOutputStream().write('a');
                    s.getOutputStream().flush();
                }
            } catch (IOException | InterruptedException e) {
                // the server closed the connection, or the test is over
            }
        }, "trickle");
        t.setDaemon(true);
        t.start();
        tricklers.add(t);
        return s;
    }

    /** Waits for the server to close the connection (end of stream or a reset); the time it was seen. */
    private static long awaitClosedByServer(Socket s, long deadlineNanos) throws IOException {
        s.setSoTimeout(200);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadlineNanos) {
            try {
                if (in.read(buf) < 0) {
                    return System.nanoTime();
                }
            } catch (SocketTimeoutException stillOpen) {
                // not yet
            } catch (IOException reset) {
                return System.nanoTime();
            }
        }
        throw new AssertionError("the server did not close a slow client's connection in time");
    }

    /** A response read off the wire: status, headers (lower-case names) and body. */
    record Raw(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }

        String text() {
            return status + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Reads one response; its body by Content-Length when {@code withBody} (HEAD answers have none). */
    private static Raw readAnswer(InputStream in, boolean withBody) throws IOException {
        String statusLine = readLine(in);
        assertNotNull(statusLine, "an answer arrived");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        byte[] body = new byte[0];
        if (withBody && headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        }
        return new Raw(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
