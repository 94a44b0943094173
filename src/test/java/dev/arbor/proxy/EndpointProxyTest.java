package dev.arbor.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import dev.arbor.pg.PgAccount;
import dev.arbor.pg.PgBinaries;
import dev.arbor.pg.PostgresServer;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two real Postgres servers behind endpoint proxies, seen as a client sees them: through pgjdbc on loopback. */
class EndpointProxyTest {
    private static Path root;
    private static PostgresServer main;
    private static PostgresServer other;

    private EndpointProxy proxy;
    private final List<StartupRequest> routed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServers() throws Exception {
        root = Files.createTempDirectory("arbor-proxy");
        if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // the account Postgres runs as (nobody, when the tests run as root) must reach the data directories
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        PgBinaries binaries = PgBinaries.install();
        PgAccount account = PgAccount.forThisProcess();
        main = PostgresServer.open(binaries, account, root.resolve("main"), root.resolve("main-archive"));
        other = PostgresServer.open(binaries, account, root.resolve("other"), root.resolve("other-archive"));
        main.start(0);
        other.start(0);
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (PostgresServer server : new PostgresServer[] {main, other}) {
            if (server != null) {
                server.stop();
            }
        }
        if (root != null) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @AfterEach
    void closeProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** A proxy whose router records each request and sends it to {@code server}. */
    private EndpointProxy proxyTo(PostgresServer server) {
        proxy = EndpointProxy.start(0, request -> {
            routed.add(request);
            return Target.loopback(server.port());
        });
        return proxy;
    }

    private static Properties owner(PostgresServer server) {
        Properties p = new Properties();
        p.setProperty("user", PostgresServer.OWNER);
        p.setProperty("password", server.ownerPassword());
        p.setProperty("loginTimeout", "10");
        p.setProperty("socketTimeout", "20");
        return p;
    }

    private static Connection connect(EndpointProxy through, Properties properties) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + through.port() + "/neondb", properties);
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "within 5 s: " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void aPgjdbcClientQueriesThroughTheProxyAfterItDeclinesTls() throws Exception {
        proxyTo(main);
        Properties p = owner(main);
        p.setProperty("sslmode", "prefer"); // pgjdbc's default: asks for TLS first, the proxy answers N
        try (Connection c = connect(proxy, p)) {
            assertEquals("2", one(c, "select 1 + 1"));
            assertEquals(Integer.toString(main.port()), one(c, "show port"));
            assertEquals("f", one(c, "select ssl from pg_stat_ssl where pid = pg_backend_pid()"));
            assertEquals(1, proxy.connections());
            assertFalse(proxy.lastActive().isBefore(Instant.now().minusSeconds(1)));
        }
        eventually(() -> proxy.connections() == 0, "the proxy counts the closed connection out");
        Instant idleSince = proxy.lastActive();
        Thread.sleep(50);
        assertEquals(idleSince, proxy.lastActive(), "an idle proxy's last activity stays where it was");
        StartupRequest request = routed.get(0);
        assertEquals(PostgresServer.OWNER, request.user());
        assertEquals("neondb", request.database());
        assertEquals(PointInTime.HEAD, request.point());
    }

    @Test
    void aLibpqStyleClientAskingForGssThenTlsIsDeclinedTwiceAndReachesPostgres() throws Exception {
        proxyTo(main);
        try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            raw.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            InputStream in = raw.getInputStream();
            out.writeInt(8);
            out.writeInt(PgWire.GSSENC_REQUEST);
            assertEquals('N', in.read());
            out.writeInt(8);
            out.writeInt(PgWire.SSL_REQUEST);
            assertEquals('N', in.read());
            out.write(PgWire.startupMessage(196608, java.util.Map.of("user", PostgresServer.OWNER,
                    "database", "neondb")));
            assertEquals('R', in.read(), "Postgres asks for the password");
            assertEquals(PostgresServer.OWNER, routed.get(0).user());
            assertEquals(raw.getLocalPort(), routed.get(0).client().getPort());
        }
    }

    @Test
    void psqlStyleSettingsInOptionsReachPostgres() throws Exception {
        proxyTo(main);
        Properties p = owner(main);
        p.setProperty("options", "-c search_path=proxy_test,public -c arbor.note=via\\ proxy");
        try (Connection c = connect(proxy, p)) {
            assertEquals("proxy_test,public", one(c, "show search_path"));
            assertEquals("via proxy", one(c, "show arbor.note"));
        }
        assertEquals("-c search_path=proxy_test,public -c arbor.note=via\\ proxy",
                routed.get(0).options().orElseThrow());
    }

    @Test
    void aNeonLsnReachesTheRouterParsedAndPostgresNeverSeesIt() throws Exception {
        proxyTo(main);
        Properties p = owner(main);
        p.setProperty("options", "-c search_path=at_lsn neon_lsn:0/16B3748");
        // Postgres refuses an options entry it does not know, so a working session shows it was taken out
        try (Connection c = connect(proxy, p)) {
            assertEquals("at_lsn", one(c, "show search_path"));
        }
        StartupRequest request = routed.get(0);
        assertEquals(PointInTime.at(Lsn.parse("0/16B3748")), request.point());
        assertTrue(request.timeTravel());
        assertEquals("-c search_path=at_lsn", request.options().orElseThrow());
    }

    @Test
    void aNeonTimestampAloneIsRemovedFromTheOptions() throws Exception {
        proxyTo(main);
        Properties p = owner(main);
        p.setProperty("options", "neon_timestamp:2026-01-31T12:00:00Z");
        try (Connection c = connect(proxy, p)) {
            assertEquals("1", one(c, "select 1"));
        }
        assertEquals(PointInTime.at(Instant.parse("2026-01-31T12:00:00Z")), routed.get(0).point());
        assertTrue(routed.get(0).options().isEmpty());
    }

    @Test
    void aMalformedNeonLsnIsAnErrorPgjdbcShows() {
        proxyTo(main);
        Properties p = owner(main);
        p.setProperty("options", "neon_lsn:0/XYZ");
        SQLException e = assertThrows(SQLException.class, () -> connect(proxy, p).close());
        assertTrue(e.getMessage().contains("In neon_lsn: \"0/XYZ\" is not an LSN"), e.getMessage());
        assertEquals("22023", e.getSQLState());
        assertTrue(routed.isEmpty(), "a malformed point is refused before routing");
    }

    @Test
    void theRoutersRefusalReachesTheClientAsItsSentence() {
        String sentence = "The point 0/1 is before the start of this branch's history window; choose a later one.";
        proxy = EndpointProxy.start(0, request -> Target.refuse(Target.INVALID_PARAMETER, sentence));
        SQLException e = assertThrows(SQLException.class, () -> connect(proxy, owner(main)).close());
        assertTrue(e.getMessage().contains(sentence), e.getMessage());
        assertEquals("22023", e.getSQLState());

        proxy.useRouter(request -> {
            throw new ArborException(dev.arbor.domain.ErrorCode.UNAVAILABLE, "COMPUTE_START_FAILED",
                    "The compute of endpoint ep-quiet-1 could not start; see its log.");
        });
        SQLException thrown = assertThrows(SQLException.class, () -> connect(proxy, owner(main)).close());
        assertTrue(thrown.getMessage().contains("could not start; see its log."), thrown.getMessage());
        assertEquals("08004", thrown.getSQLState());
    }

    @Test
    void statementCancelThroughTheProxyStopsAPgSleep() throws Exception {
        proxyTo(main);
        try (Connection c = connect(proxy, owner(main)); Statement s = c.createStatement()) {
            CompletableFuture<SQLException> sleeping = CompletableFuture.supplyAsync(() -> {
                try {
                    s.execute("select pg_sleep(30)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            try (Connection watcher = main.connectAsOwner()) {
                eventually(() -> {
                    try {
                        return one(watcher, "select count(*) from pg_stat_activity where query = "
                                + "'select pg_sleep(30)' and state = 'active'").equals("1");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }, "the sleep starts");
            }
            long start = System.nanoTime();
            s.cancel();
            SQLException e = sleeping.get(10, TimeUnit.SECONDS);
            assertTrue(e != null && "57014".equals(e.getSQLState()), "query_canceled, got " + e);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
            assertEquals("1", one(c, "select 1"), "the session goes on after the cancel");
        }
    }

    @Test
    void aCancelForAnUnknownKeyIsDroppedAndTheConnectionClosed() throws Exception {
        proxyTo(main);
        try (Connection c = connect(proxy, owner(main));
             Socket raw = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            raw.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            out.writeInt(16);
            out.writeInt(PgWire.CANCEL_REQUEST);
            out.writeInt(1);
            out.writeInt(2);
            out.flush();
            assertEquals(-1, raw.getInputStream().read());
            assertEquals("1", one(c, "select 1"));
        }
    }

    @Test
    void aRouterWakingAComputeDoesNotHoldUpAnotherClient() throws Exception {
        CountDownLatch waking = new CountDownLatch(1);
        proxy = EndpointProxy.start(0, request -> {
            if (request.applicationName().orElse("").equals("sleepy")) {
                waking.countDown();
                try {
                    Thread.sleep(2_000); // a suspended compute starting
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Target.loopback(main.port());
            }
            return Target.loopback(other.port());
        });
        Properties sleepy = owner(main);
        sleepy.setProperty("ApplicationName", "sleepy");
        sleepy.setProperty("assumeMinServerVersion", "9.0"); // so pgjdbc puts application_name in its startup
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try (Connection c = connect(proxy, sleepy)) {
                return one(c, "show port");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(waking.await(10, TimeUnit.SECONDS));
        long start = System.nanoTime();
        try (Connection c = connect(proxy, owner(other))) {
            assertEquals(Integer.toString(other.port()), one(c, "show port"));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertFalse(first.isDone(), "the first client is still waiting for its compute");
        assertTrue(millis < 1_500, "the second client took " + millis + " ms");
        assertEquals(Integer.toString(main.port()), first.get(10, TimeUnit.SECONDS));
    }

    @Test
    void closingAnEndpointsConnectionsEndsTheSessionAndTheNextConnectWorks() throws Exception {
        proxyTo(main);
        try (Connection c = connect(proxy, owner(main))) {
            assertEquals("1", one(c, "select 1"));
            assertEquals(1, proxy.closeConnections());
            SQLException e = assertThrows(SQLException.class, () -> one(c, "select 2"));
            assertTrue(e.getSQLState().startsWith("08"), e.getSQLState() + ": " + e.getMessage());
        }
        eventually(() -> proxy.connections() == 0, "the closed session is counted out");
        try (Connection c = connect(proxy, owner(main))) {
            assertEquals("3", one(c, "select 3"));
            assertEquals(1, proxy.connections());
        }
    }

    @Test
    void swappingTheTargetSendsTheNextConnectionToTheOtherServerOnTheSamePort() throws Exception {
        proxy = EndpointProxy.start(0, Router.always(Target.loopback(main.port())));
        int port = proxy.port();
        try (Connection before = connect(proxy, owner(main))) {
            assertEquals(Integer.toString(main.port()), one(before, "show port"));
            proxy.useRouter(Router.always(Target.loopback(other.port())));
            try (Connection after = connect(proxy, owner(other))) {
                assertEquals(Integer.toString(other.port()), one(after, "show port"));
            }
            assertEquals(Integer.toString(main.port()), one(before, "show port"), "open sessions stay put");
        }
        assertEquals(port, proxy.port());
    }

    @Test
    void garbageIsClosedWithoutHarmingOtherClients() throws Exception {
        proxyTo(main);
        try (Connection c = connect(proxy, owner(main))) {
            for (byte[] garbage : new byte[][] {
                    "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), // far too long
                    {0, 0, 0, 8, 0, 2, 0, 0}, // protocol 2
                    {0, 0, 0, 12, 0, 3, 0, 0, 'u', 's', 'e', 'r'}}) { // parameters without their NULs
                try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                    raw.setSoTimeout(5_000);
                    raw.getOutputStream().write(garbage);
                    assertTimeoutPreemptively(Duration.ofSeconds(6), () -> drain(raw.getInputStream()));
                }
            }
            assertEquals("1", one(c, "select 1"));
        }
        try (Connection c = connect(proxy, owner(main))) {
            assertEquals("1", one(c, "select 1"));
        }
    }

    @Test
    void aClientThatStallsInItsStartupIsClosedAtTheDeadline() throws Exception {
        proxy = EndpointProxy.start(0, Router.always(Target.loopback(main.port())), Duration.ofMillis(500));
        try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            stalled.setSoTimeout(5_000);
            stalled.getOutputStream().write(new byte[] {0, 0, 0, 40, 0, 3}); // half a startup, then nothing
            long start = System.nanoTime();
            assertEquals(-1, stalled.getInputStream().read());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 300 && millis < 3_000, "closed after " + millis + " ms");
        }
        eventually(() -> proxy.connections() == 0, "the stalled client is counted out");
        try (Connection c = connect(proxy, owner(main))) {
            assertEquals("1", one(c, "select 1"));
        }
    }

    @Test
    void aPortInUseIsASentence() {
        proxyTo(main);
        ArborException e = assertThrows(ArborException.class,
                () -> EndpointProxy.start(proxy.port(), Router.always(Target.loopback(main.port()))));
        assertEquals("Port " + proxy.port() + " on 127.0.0.1 is already in use; stop the program using it or "
                + "choose another port for the endpoint.", e.getMessage());
    }

    @Test
    void aComputeThatIsNotListeningIsAnErrorTheClientSees() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        proxy = EndpointProxy.start(0, Router.always(Target.loopback(closedPort)));
        SQLException e = assertThrows(SQLException.class, () -> connect(proxy, owner(main)).close());
        assertTrue(e.getMessage().contains("could not reach this endpoint's compute at 127.0.0.1:" + closedPort),
                e.getMessage());
    }

    /** Reads until the proxy closes the connection; any answer (an ErrorResponse) is allowed before that. */
    private static void drain(InputStream in) throws Exception {
        byte[] buffer = new byte[1024];
        while (in.read(buffer) >= 0) {
            // keep reading
        }
    }
}
