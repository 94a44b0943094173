package dev.arbor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Project;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.remote.ClientOptions;
import dev.arbor.remote.RemoteProfiles;
import dev.arbor.remote.RetryPolicy;
import dev.arbor.server.ApiServer;
import dev.arbor.server.ServerOptions;
import dev.arbor.ui.app.ConsoleViewModel;
import dev.arbor.ui.branches.BranchRow;
import dev.arbor.ui.common.PreferencesSettings;
import dev.arbor.ui.common.SameThreadUiExecutor;
import dev.arbor.ui.connect.ConnectionProfile;
import dev.arbor.ui.connect.ConnectionsViewModel;
import dev.arbor.testing.PgProjects;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection switcher over the real wire: the console starts on a project on this machine, a Neon profile is
 * added for an {@link ApiServer} on loopback (as {@code arbor serve} runs it), its projects are loaded with the
 * server's key, and the console switches to it and back without restarting. The key ends up in the 0600 profile
 * file and nowhere in the preferences.
 */
class NeonProfileEndToEndTest {
    private static final String KEY = "e2e-switcher-key-5d2f0b7e";
    private static final ClientOptions FAST = ClientOptions.DEFAULT.withRetry(RetryPolicy.NONE)
            .withPolling(Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(20));

    @TempDir
    Path dir;

    private EmbeddedEngine engine;
    private ApiServer server;
    private RemoteProfiles keys;
    private MemoryPreferences prefs;
    private ConsoleViewModel console;

    @BeforeEach
    void start() throws java.io.IOException {
        EmbeddedProjectSourceTest.letPostgresReach(dir); // as root, the project's Postgres files stay inside it
        engine = PgProjects.open(dir.resolve("served"));
        engine.awaitOperations(engine.createBranch(CreateBranchSpec.named("dev/served")).operations(), Duration.ofSeconds(30));
        server = ApiServer.start(new EmbeddedBackend(engine, false),
                new ServerOptions(null, 0, KEY, 4, 1 << 20, Duration.ofSeconds(1)));
        keys = new RemoteProfiles(dir.resolve("config"));
        prefs = new MemoryPreferences();
        console = new ConsoleViewModel(new EmbeddedProjectSource(dir.resolve("local"), false), new SameThreadUiExecutor(),
                new PreferencesSettings(prefs), Clock.systemUTC(), new ConsoleProfiles(keys, FAST));
        console.open();
    }

    @AfterEach
    void stop() {
        console.close();
        server.close();
        engine.close();
    }

    private String baseUrl() {
        return server.baseUrl().toString();
    }

    private List<String> branchNames() {
        return console.branchesProperty().get().rows().stream().map(BranchRow::name).sorted().toList();
    }

    @Test
    void addsANeonProfileLoadsItsProjectsAndSwitchesToItsBranches() throws IOException {
        assertEquals(List.of("main"), branchNames());
        console.openConnections();
        ConnectionsViewModel switcher = console.connectionsProperty().get();
        switcher.neonBaseUrlProperty().set(baseUrl());
        switcher.neonApiKeyProperty().set(KEY);
        switcher.loadProjects();

        assertNull(switcher.neonProblemProperty().get());
        assertEquals(List.of(engine.project().id()), switcher.neonProjects().stream().map(Project::id).toList());
        assertEquals(engine.project().id(), switcher.neonProjectProperty().get().id(), "the only project is chosen");
        switcher.neonNameProperty().set("Served");
        switcher.addNeonAndSwitch();

        assertNull(console.connectionsProperty().get(), "the switcher closes");
        assertEquals(ConsoleViewModel.Phase.READY, console.phaseProperty().get(), () -> String.valueOf(console.openErrorProperty().get()));
        assertEquals(List.of("dev/served", "main"), branchNames());
        assertTrue(console.locationProperty().get().contains(engine.project().id()), console.locationProperty().get());

        String saved = prefsText();
        assertTrue(saved.contains("neon\tServed\t" + baseUrl()), saved);
        assertFalse(saved.contains(KEY), "the API key is not in the preferences");
        assertFalse(console.locationProperty().get().contains(KEY));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.file())));
        assertTrue(Files.readString(keys.file()).contains(KEY), "the key is in the profile file");

        // Back to the project on this machine, then to the saved Neon profile again: no key typed this time.
        console.openConnections();
        ConnectionsViewModel again = console.connectionsProperty().get();
        again.switchTo(new ConnectionProfile.Embedded("Local", dir.resolve("local"), false));
        assertEquals(List.of("main"), branchNames());
        console.openConnections();
        ConnectionsViewModel third = console.connectionsProperty().get();
        third.switchTo(named(third, "Served"));
        assertEquals(ConsoleViewModel.Phase.READY, console.phaseProperty().get());
        assertEquals(List.of("dev/served", "main"), branchNames());
    }

    @Test
    void aWrongKeyAndAnUnreachableHostAreShownAsSentences() throws IOException {
        console.openConnections();
        ConnectionsViewModel switcher = console.connectionsProperty().get();
        switcher.neonBaseUrlProperty().set(baseUrl());
        switcher.neonApiKeyProperty().set("not-the-key");
        switcher.loadProjects();
        String refused = switcher.neonProblemProperty().get();
        assertNotNull(refused);
        assertTrue(refused.toLowerCase().contains("key"), refused);
        assertFalse(refused.contains("not-the-key"), "the key is not repeated back");
        assertTrue(switcher.neonProjects().isEmpty());

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        switcher.neonBaseUrlProperty().set("http://127.0.0.1:" + closedPort + "/api/v2");
        switcher.neonApiKeyProperty().set(KEY);
        switcher.loadProjects();
        String unreachable = switcher.neonProblemProperty().get();
        assertTrue(unreachable.startsWith("The Neon API at 127.0.0.1 could not be reached"), unreachable);
        assertTrue(switcher.neonProjects().isEmpty());
        assertFalse(Files.exists(keys.file()), "nothing is saved before a profile is added");
    }

    @Test
    void aTypedProjectIdIsAddedAndOpenedWithoutLoadingTheList() {
        console.openConnections();
        ConnectionsViewModel switcher = console.connectionsProperty().get();
        switcher.neonBaseUrlProperty().set(baseUrl());
        switcher.neonApiKeyProperty().set(KEY);
        switcher.neonProjectIdProperty().set("no-such-project");
        switcher.addNeonAndSwitch();
        String missing = switcher.neonProblemProperty().get();
        assertNotNull(missing);
        assertTrue(missing.startsWith("This API key cannot open a project with the id \"no-such-project\""), missing);
        assertFalse(Files.exists(keys.file()), "nothing is saved for a project that was not found");

        switcher.neonProjectIdProperty().set(engine.project().id());
        switcher.addNeonAndSwitch();

        assertNull(console.connectionsProperty().get(), "the switcher closes");
        assertEquals(ConsoleViewModel.Phase.READY, console.phaseProperty().get(), () -> String.valueOf(console.openErrorProperty().get()));
        assertEquals(List.of("dev/served", "main"), branchNames());
        assertEquals(engine.project().id(), keys.get(engine.project().name()).orElseThrow().projectId());
    }

    private static ConnectionProfile named(ConnectionsViewModel switcher, String name) {
        return switcher.profiles().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private String prefsText() {
        return prefs.dump();
    }
}
