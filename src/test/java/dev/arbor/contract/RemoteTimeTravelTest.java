package dev.arbor.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.api.NeonDocument;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.backend.PointAccess;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.TableInfo;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.remote.ApiKey;
import dev.arbor.remote.ClientOptions;
import dev.arbor.remote.NeonApiClient;
import dev.arbor.remote.RemoteBackend;
import dev.arbor.server.ApiServer;
import dev.arbor.server.ServerOptions;
import dev.arbor.testing.Parallel;
import dev.arbor.testing.PgProjects;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Time Travel on Neon, as the console does it: {@code RemoteBackend → NeonApiClient → arbor serve} over a real
 * Postgres project. A point is a temporary branch with a read-only compute and an expiration, deleted when closed; rows
 * at a point read through it with the engine's own reader, and equal what the engine reads there. Every request the
 * client sends goes through a {@link RecordingProxy} and is checked against the real Neon OpenAPI document (the create
 * with {@code expires_at} and a read-only compute, the read-only compute's {@code connection_uri}, the delete).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Parallel.POSTGRES_1)
class RemoteTimeTravelTest {
    private static final String KEY = "time-travel-key-0123456789";

    private Path dir;
    private EmbeddedEngine engine;
    private EmbeddedBackend embedded;
    private ApiServer server;
    private RecordingProxy proxy;
    private RemoteBackend remote;
    private String main;
    /** Where main was with five orders, before three were deleted. */
    private Lsn beforeDelete;

    @BeforeAll
    void serveAProjectWithAMistake() {
        dir = PgProjects.tempDir("arbor-remote-time-travel");
        engine = PgProjects.open(dir.resolve("project"));
        embedded = new EmbeddedBackend(engine, false);
        server = ApiServer.start(new EmbeddedBackend(engine, false), ServerOptions.loopback(0, KEY));
        ClientOptions options = ClientOptions.DEFAULT.withPolling(Duration.ofMillis(5), Duration.ofMillis(100), Duration.ofMinutes(2));
        URI base = server.baseUrl();
        proxy = new RecordingProxy(URI.create(base.getScheme() + "://" + base.getRawAuthority()));
        remote = new RemoteBackend(new NeonApiClient(proxy.baseUrl(), ApiKey.of(KEY), options), engine.project().id());
        main = engine.branch("main").id();
        PgProjects.sql(engine, "main", "create table orders (id int primary key, item text)",
                "insert into orders select g, 'item ' || g from generate_series(1, 5) g");
        beforeDelete = PgProjects.lsn(engine, "main");
        PgProjects.sql(engine, "main", "delete from orders where id > 2");
    }

    @AfterEach
    void everyRequestTheClientSentIsInTheDocument() {
        List<String> problems = new ArrayList<>();
        for (RecordingProxy.Recorded r : proxy.drain()) {
            problems.addAll(r.status() < 300 ? NeonDocument.neon().requestProblems(r.request())
                    : NeonDocument.neon().routeProblems(r.request()));
            problems.addAll(NeonDocument.neon().undeclaredInRequest(r.request()));
        }
        assertTrue(problems.isEmpty(), problems.size() + " requests do not match the Neon OpenAPI document:\n  "
                + String.join("\n  ", problems));
    }

    @AfterAll
    void close() {
        remote.close();
        proxy.close();
        server.close();
        embedded.close();
        engine.close();
        PgProjects.deleteQuietly(dir);
    }

    private List<Branch> temporaryBranches() {
        return engine.branches().stream().filter(b -> b.name().startsWith("time-travel/")).toList();
    }

    @Test
    void aPointIsATemporaryBranchThatExpiresReadsTheDeletedRowsRefusesWritesAndIsGoneWhenClosed() throws Exception {
        Instant opened = Instant.now();
        PointAccess point = remote.openPoint(main, PointInTime.at(beforeDelete));
        try {
            List<Branch> temporary = temporaryBranches();
            assertEquals(1, temporary.size(), "the server lists the temporary branch");
            Branch t = temporary.get(0);
            assertTrue(t.name().startsWith("time-travel/main@" + beforeDelete + "#"), t.name());
            assertEquals(main, t.parentId());
            assertNotNull(t.expiresAt(), "made with an expiration, so a crash cannot leave it behind");
            assertTrue(t.expiresAt().isAfter(opened.plus(Duration.ofMinutes(50)))
                    && t.expiresAt().isBefore(opened.plus(Duration.ofMinutes(70))), t.expiresAt().toString());
            assertEquals(List.of(Endpoint.Type.READ_ONLY),
                    engine.endpoints(t.id()).stream().map(Endpoint::type).toList(), "its one compute is read-only");
            assertEquals(null, point.options());

            ConnectionDetails d = point.connect("neondb", "neondb_owner");
            try (Connection c = DriverManager.getConnection(d.jdbcUrl(), d.clientProperties(null));
                 Statement s = c.createStatement()) {
                assertEquals("5", one(s, "select count(*) from orders"), "the rows from before the delete");
                SQLException refused = assertThrows(SQLException.class, () -> s.execute("insert into orders values (9, 'x')"));
                assertEquals("25006", refused.getSQLState(), refused.getMessage());
            }
        } finally {
            point.close();
        }
        assertEquals(List.of(), temporaryBranches(), "closing deletes the temporary branch");
        point.close(); // again: nothing happens, nothing is thrown
        assertEquals(List.of("2"), PgProjects.column(engine, "main", "select count(*) from orders"), "main is as it was");
        ArborException closed = assertThrows(ArborException.class, () -> point.connect("neondb", "neondb_owner"));
        assertTrue(closed.getMessage().contains("was deleted"), closed.getMessage());
    }

    @Test
    void aPointOutsideTheHistoryIsTheServersSentenceAndLeavesNoBranch() {
        int branches = engine.branches().size();
        ArborException future = assertThrows(ArborException.class, () -> remote.openPoint(main, PointInTime.at(Lsn.parse("FF/0"))));
        assertFalse(future.getMessage().isBlank());
        assertTrue(future.getMessage().endsWith("."), future.getMessage());
        ArborException early = assertThrows(ArborException.class,
                () -> remote.openPoint(main, PointInTime.at(engine.project().createdAt().minus(Duration.ofDays(1)))));
        assertTrue(early.getMessage().endsWith("."), early.getMessage());
        assertEquals(branches, engine.branches().size(), "nothing was left behind");
        assertEquals(List.of(), temporaryBranches());
        ArborException rows = assertThrows(ArborException.class,
                () -> remote.listTables(main, "neondb", PointInTime.at(Lsn.parse("FF/0"))));
        assertEquals(future.getMessage(), rows.getMessage(), "the wizard's table browser says the same");
        assertEquals(List.of(), temporaryBranches());
    }

    @Test
    void tablesAndRowsAtAPointAndNowAreTheEnginesAndPagesShareOneTemporaryBranch() {
        assertTrue(remote.capabilities().rowsAtPoint());
        PointInTime at = PointInTime.at(beforeDelete);
        List<TableInfo> thenRemote = remote.listTables(main, "neondb", at);
        assertEquals(embedded.listTables(main, "neondb", at), thenRemote);
        assertEquals(5, thenRemote.stream().filter(t -> t.schema().name().equals("orders")).findFirst().orElseThrow().rowCount());
        assertEquals(embedded.readRows(main, "neondb", "orders", at, 0, 2), remote.readRows(main, "neondb", "orders", at, 0, 2));
        assertEquals(embedded.readRows(main, "neondb", "orders", at, 2, 2), remote.readRows(main, "neondb", "orders", at, 2, 2));
        assertEquals(1, temporaryBranches().size(), "one temporary branch for every page at the point");

        assertEquals(embedded.listTables(main, "neondb", PointInTime.HEAD), remote.listTables(main, "neondb", PointInTime.HEAD));
        assertEquals(embedded.readRows(main, "neondb", "orders", PointInTime.HEAD, 0, 10),
                remote.readRows(main, "neondb", "orders", PointInTime.HEAD, 0, 10));
        assertEquals(2, remote.readRows(main, "neondb", "orders", PointInTime.HEAD, 0, 10).total());
        assertEquals(1, temporaryBranches().size(), "the head reads the branch's own compute");

        ArborException missing = assertThrows(ArborException.class, () -> remote.listTables(main, "nodb", at));
        assertEquals(dev.arbor.domain.ErrorCode.NOT_FOUND, missing.code());

        remote.deleteBranch(engine.createBranch(dev.arbor.domain.CreateBranchSpec.named("scratch")).branch().id());
        remote.updateBranch(main, dev.arbor.domain.BranchPatch.rename("main")); // changing main lets its points go
        assertEquals(List.of(), temporaryBranches(), "a branch being changed loses the points read on it first");
    }

    /** The Restore wizard's preview, unchanged, on Neon: row counts at the point and now, and rows to browse. */
    @Test
    void theRestoreWizardsPreviewShowsRowsAtThePointAndNowOnNeon() {
        dev.arbor.ui.restore.RestorePreviewModel preview = new dev.arbor.ui.restore.RestorePreviewModel(remote,
                new dev.arbor.ui.common.SameThreadUiExecutor());
        Branch mainBranch = remote.getBranch(main);
        preview.load(mainBranch, PointInTime.at(beforeDelete), "LSN " + beforeDelete, mainBranch);
        assertEquals(null, preview.failureProperty().get());
        assertEquals(List.of(new dev.arbor.ui.restore.PreviewTable("neondb", "orders", 5L, 2L)), preview.tables());
        assertTrue(preview.differences().stream().anyMatch(d -> d.startsWith("neondb.orders has 5 rows at the point and 2 rows now")),
                preview.differences().toString());
        assertEquals("orders", preview.browsingProperty().get().name(), "the first table is browsed at once");
        assertEquals(List.of("1", "2", "3", "4", "5"), preview.rows().stream().map(r -> r.get(0)).toList());
        assertEquals("Rows 1–5 of 5", preview.pageTextProperty().get());
        remote.updateBranch(main, dev.arbor.domain.BranchPatch.rename("main")); // lets the point go
    }

    @Test
    void aDatabaseMadeAfterThePointIsNotFoundThere() {
        engine.createDatabase(main, "reports", "neondb_owner");
        try {
            ArborException missing = assertThrows(ArborException.class,
                    () -> remote.listTables(main, "reports", PointInTime.at(beforeDelete)));
            assertEquals(dev.arbor.domain.ErrorCode.NOT_FOUND, missing.code());
            assertEquals("The branch had no database \"reports\" at that point.", missing.getMessage());
            assertEquals(List.of(), remote.listTables(main, "reports", PointInTime.HEAD));
        } finally {
            remote.updateBranch(main, dev.arbor.domain.BranchPatch.rename("main")); // lets the point go
        }
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
