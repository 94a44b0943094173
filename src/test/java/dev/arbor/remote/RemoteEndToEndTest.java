package dev.arbor.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BackendEvent;
import dev.arbor.backend.BranchResult;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.server.ApiServer;
import dev.arbor.server.ServerOptions;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RemoteBackend → NeonApiClient → ApiServer → EmbeddedBackend on loopback: the console's SPI over the real wire.
 * The engine runs operations on its own thread, so every mutation here really waits by polling.
 */
class RemoteEndToEndTest {
    private static final String KEY = "e2e-key-0123456789";

    @TempDir
    Path dir;

    private EmbeddedEngine engine;
    private ApiServer server;
    private RemoteBackend remote;
    private final List<BackendEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        engine = PgProjects.open(dir);
        // A short grace: the JDK server otherwise waits out its whole grace period on close.
        server = ApiServer.start(new EmbeddedBackend(engine, false), new ServerOptions(null, 0, KEY, 4, 1 << 20, Duration.ofSeconds(1)));
        ClientOptions options = ClientOptions.DEFAULT.withPolling(Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofMinutes(2));
        remote = new RemoteBackend(new NeonApiClient(server.baseUrl().toString(), ApiKey.of(KEY), options), engine.project().id());
        remote.subscribe(events::add);
    }

    @AfterEach
    void stop() {
        remote.close();
        server.close();
        engine.close();
    }

    @Test
    void listCreateRenameRestoreDeleteOverTheWire() {
        Branch main = remote.getBranch("main");
        assertTrue(main.isDefault());
        assertEquals(List.of("main"), names());

        BranchResult created = remote.createBranch(CreateBranchSpec.named("dev").withParent(main.id())
                .withEndpoint(EndpointSpec.readWrite()));
        assertEquals("dev", created.branch().name());
        assertEquals(main.id(), created.branch().parentId());
        assertEquals(1, created.endpoints().size());
        assertTrue(created.operations().stream().allMatch(o -> o.status().isSuccess()), created.operations().toString());
        assertTrue(events.stream().anyMatch(e -> e instanceof BackendEvent.BranchCreated c && c.branch().name().equals("dev")));
        assertTrue(events.stream().anyMatch(e -> e instanceof BackendEvent.OperationChanged o
                && o.operation().status() == Operation.Status.FINISHED));

        String devId = created.branch().id();
        assertEquals("dev2", remote.updateBranch(devId, BranchPatch.rename("dev2")).branch().name());
        assertEquals(devId, remote.getBranch("dev2").id());

        BranchResult restored = remote.restore(devId, new RestoreSpec(main.id(), PointInTime.HEAD, "dev2_before"));
        assertEquals(devId, restored.branch().id());
        assertEquals("dev2", restored.branch().name());
        Branch backup = remote.getBranch("dev2_before");
        assertTrue(events.stream().anyMatch(e -> e instanceof BackendEvent.BranchCreated c && c.branch().id().equals(backup.id())));
        assertEquals(List.of("main", "dev2", "dev2_before"), names().stream().sorted((a, b) -> order(a) - order(b)).toList());

        ArborException taken = assertThrows(ArborException.class, () -> remote.createBranch(CreateBranchSpec.named("main")));
        assertEquals(ErrorCode.CONFLICT, taken.code());

        remote.deleteBranch(devId);
        assertFalse(names().contains("dev2"));
        assertTrue(events.stream().anyMatch(e -> e instanceof BackendEvent.BranchDeleted d && d.branchId().equals(devId)));
        ArborException gone = assertThrows(ArborException.class, () -> remote.getBranch(devId));
        assertEquals(ErrorCode.NOT_FOUND, gone.code());
    }

    @Test
    void projectSchemaAndWhatTheApiCannotServe() {
        Branch main = remote.getBranch("main");
        assertEquals(engine.project().historyRetentionSeconds(), remote.project().historyRetentionSeconds());
        assertEquals(List.of(engine.project().id()), RemoteBackend.listProjects(server.baseUrl().toString(), ApiKey.of(KEY))
                .stream().map(p -> p.id()).toList());
        assertNotNull(remote.schemaSql(main.id(), "neondb", PointInTime.HEAD));
        assertTrue(remote.historyWindow(main.id()).start().isBefore(remote.historyWindow(main.id()).head())
                || remote.historyWindow(main.id()).start().equals(remote.historyWindow(main.id()).head()));
        assertTrue(remote.capabilities().rowsAtPoint(), "rows are read through the branch's compute");
        assertEquals(List.of(), remote.listTables(main.id(), "neondb", PointInTime.HEAD), "a new project has no tables");

        ArborException root = assertThrows(ArborException.class, () -> remote.resetFromParent(main.id(), null));
        assertEquals(ErrorCode.RULE_VIOLATED, root.code());
    }

    @Test
    void aWrongKeyIsRefusedAsUnauthorized() {
        try (NeonApiClient wrong = new NeonApiClient(server.baseUrl().toString(), ApiKey.of("not-the-key"), ClientOptions.DEFAULT)) {
            ArborException e = assertThrows(ArborException.class, () -> wrong.getProject(engine.project().id()));
            assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        }
    }

    private List<String> names() {
        return remote.listBranches().stream().map(Branch::name).toList();
    }

    private static int order(String name) {
        return List.of("main", "dev2", "dev2_before").indexOf(name);
    }

    @Test
    void arborServeHasNoOrganizationsSoItsProjectIsListedWithoutOneAndFoundById() {
        NeonApiClient client = remote.client();

        assertEquals(List.of(), client.listOrganizations());
        assertEquals(List.of(engine.project().id()), client.listProjects(null).stream().map(p -> p.id()).toList());
        assertEquals(engine.project().name(), client.findProject(engine.project().id()).name());
    }

    @Test
    void anExpirationPresetWithNanosecondsIsAcceptedAndStoredToTheSecond() {
        java.time.Instant preset = java.time.Instant.now().plus(Duration.ofDays(1)).plusNanos(891_917_607);
        Branch dev = remote.createBranch(CreateBranchSpec.named("preview").expiringAt(preset)).branch();

        assertEquals(preset.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), dev.expiresAt());
    }
}
