package dev.arbor.ui.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Organization;
import dev.arbor.domain.Project;
import dev.arbor.ui.common.InMemorySettings;
import dev.arbor.ui.common.SameThreadUiExecutor;
import dev.arbor.ui.common.SteppedUiExecutor;
import dev.arbor.ui.common.UiExecutor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionsViewModelTest {
    private static final String KEY = "neon-key-4f1c9a";
    private static final Project SHOP = project("shop-42", "Shop");
    private static final Project BLOG = project("blog-7", "Blog");
    private static final Organization ACME = new Organization("org-morning-bread-81040908", "Acme", "acme");
    private static final Organization BETA = new Organization("org-quiet-river-12345678", "Beta Labs", "beta-labs");

    @TempDir
    Path dir;

    private final InMemorySettings settings = new InMemorySettings();
    private final List<ConnectionProfile> switched = new ArrayList<>();
    private final FakeNeonAccess neon = new FakeNeonAccess(KEY, List.of(SHOP, BLOG));

    private ConnectionsViewModel model() {
        return model(new SameThreadUiExecutor());
    }

    private ConnectionsViewModel model(UiExecutor executor) {
        return new ConnectionsViewModel(settings, executor, neon,
                List.of(new ConnectionProfile.Embedded("Demo project", dir.resolve("demo"), true)),
                settings.activeProfile(), switched::add, () -> { });
    }

    private static Project project(String id, String name) {
        return new Project(id, name, 86_400, Project.Limits.DEFAULT, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void aNewProfileIsSavedAndSwitchedTo() {
        ConnectionsViewModel m = model();
        m.newNameProperty().set("Work");
        m.newDirectoryProperty().set(dir.resolve("work").toString());
        m.addAndSwitch();

        assertEquals("Work", switched.get(0).name());
        assertEquals("Work", settings.activeProfile());
        ConnectionsViewModel again = model();
        assertEquals(List.of("Demo project", "Work"), again.profiles().stream().map(ConnectionProfile::name).toList());
        assertEquals("Work", again.activeProperty().get());
    }

    @Test
    void aProfileNeedsAUniqueNameAndADirectory() {
        ConnectionsViewModel m = model();
        m.newNameProperty().set("Demo project");
        m.newDirectoryProperty().set(dir.toString());
        m.addAndSwitch();
        assertEquals("A profile named \"Demo project\" already exists; choose another name.", m.problemProperty().get());
        m.newNameProperty().set("Other");
        m.newDirectoryProperty().set("");
        m.addAndSwitch();
        assertNotNull(m.problemProperty().get());
        assertEquals(0, switched.size());
    }

    @Test
    void profilesOfBothKindsSurviveTheirTextForm() {
        ConnectionProfile embedded = new ConnectionProfile.Embedded("A b", dir, true);
        ConnectionProfile remote = new ConnectionProfile.Neon("Shop", "http://127.0.0.1:4000/api/v2", "shop-42");
        assertEquals(embedded, ConnectionProfile.decode(embedded.encode()));
        assertEquals(remote, ConnectionProfile.decode(remote.encode()));
        assertNull(ConnectionProfile.decode("cloud\tx\ty\tz"));
    }

    @Test
    void aNewNeonProfileStartsAtNeonsPublicApi() {
        ConnectionsViewModel m = model();
        assertEquals(FakeNeonAccess.DEFAULT_URL, m.neonBaseUrlProperty().get());
        assertFalse(m.canLoadProjectsProperty().get(), "no key yet");
        m.neonApiKeyProperty().set(KEY);
        assertTrue(m.canLoadProjectsProperty().get());
        assertFalse(m.canAddNeonProperty().get(), "no project chosen yet");
    }

    @Test
    void loadingProjectsRunsOffTheUiThreadAndListsTheKeysProjects() {
        SteppedUiExecutor executor = new SteppedUiExecutor();
        ConnectionsViewModel m = model(executor);
        m.neonBaseUrlProperty().set("http://127.0.0.1:4000/api/v2");
        m.neonApiKeyProperty().set(KEY);
        m.loadProjects();

        assertTrue(m.neonBusyProperty().get());
        assertFalse(m.canLoadProjectsProperty().get(), "one listing at a time");
        assertEquals("Loading projects…", m.neonStatusProperty().get());
        assertTrue(neon.listedWith.isEmpty(), "nothing ran on the UI thread");

        executor.runAll();
        assertFalse(m.neonBusyProperty().get());
        assertEquals(List.of("http://127.0.0.1:4000/api/v2"), neon.listedWith);
        assertEquals(List.of(SHOP, BLOG), m.neonProjects());
        assertNull(m.neonProjectProperty().get(), "two projects: the person chooses");
        assertEquals("2 projects; choose one.", m.neonStatusProperty().get());
    }

    @Test
    void aRefusedKeyIsShownAsTheBackendsSentence() {
        ConnectionsViewModel m = model();
        m.neonApiKeyProperty().set("wrong-key");
        m.loadProjects();

        assertEquals("The Neon API refused the API key. Check the key, or create a new one in the Neon Console.",
                m.neonProblemProperty().get());
        assertTrue(m.neonProjects().isEmpty());
        assertFalse(m.neonBusyProperty().get());
        assertTrue(m.canLoadProjectsProperty().get(), "the person can try again");
    }

    @Test
    void aListingForAKeyThatChangedMeanwhileIsDropped() {
        SteppedUiExecutor executor = new SteppedUiExecutor();
        ConnectionsViewModel m = model(executor);
        m.neonApiKeyProperty().set(KEY);
        m.loadProjects();
        m.neonApiKeyProperty().set(KEY + "-other");
        executor.runAll();

        assertTrue(m.neonProjects().isEmpty(), "projects of the old key are not offered for the new one");
        assertFalse(m.neonBusyProperty().get());
        assertEquals("", m.neonStatusProperty().get());
    }

    @Test
    void stopWhileLoadingProjectsStopsTheQuestionAndTheAnswerIsNeverShown() {
        SteppedUiExecutor executor = new SteppedUiExecutor();
        ConnectionsViewModel m = model(executor);
        m.neonApiKeyProperty().set(KEY);
        m.loadProjects();
        Runnable answer = executor.runNextWorkHoldingResult(); // Neon answered, but the answer is not shown yet

        m.stopLoading();
        answer.run();
        executor.runAll();

        assertEquals(1, executor.cancelledCount(), "the worker waiting for Neon is interrupted");
        assertFalse(m.neonBusyProperty().get());
        assertTrue(m.neonProjects().isEmpty(), "an answer that came after Stop is not shown");
        assertEquals("Stopped waiting for Neon. Load the projects again when you are ready.", m.neonProblemProperty().get());
        assertTrue(m.canLoadProjectsProperty().get(), "the person can ask again");
    }

    @Test
    void closingTheDialogWhileAProjectIsLookedUpStopsTheLookupAndAddsNothing() {
        SteppedUiExecutor executor = new SteppedUiExecutor();
        ConnectionsViewModel m = model(executor);
        m.neonApiKeyProperty().set(KEY);
        m.neonProjectIdProperty().set("blog-7");
        m.addNeonAndSwitch();

        m.cancel();
        executor.runAll();

        assertEquals(1, executor.cancelledCount());
        assertTrue(neon.lookedUp.isEmpty(), "the lookup never ran");
        assertTrue(switched.isEmpty());
        assertTrue(neon.savedKeys.isEmpty(), "no profile was saved after the dialog closed");
    }

    @Test
    void addingANeonProfileKeepsTheKeyOutOfTheSettings() {
        ConnectionsViewModel m = model();
        m.neonApiKeyProperty().set(KEY);
        m.loadProjects();
        m.neonProjectProperty().set(SHOP);
        assertTrue(m.canAddNeonProperty().get());
        m.addNeonAndSwitch();

        ConnectionProfile.Neon added = new ConnectionProfile.Neon("Shop", FakeNeonAccess.DEFAULT_URL, "shop-42");
        assertEquals(List.of(added), switched, "an empty name takes the project's");
        assertEquals(KEY, neon.savedKeys.get("Shop"));
        assertEquals("Shop", settings.activeProfile());
        assertTrue(settings.profiles().contains(added.encode()));
        assertTrue(settings.profiles().stream().noneMatch(line -> line.contains(KEY)), settings.profiles()::toString);
        assertEquals("", m.neonApiKeyProperty().get(), "the typed key is not kept once saved");
        assertEquals(List.of("Demo project", "Shop"), model().profiles().stream().map(ConnectionProfile::name).toList());
    }

    @Test
    void aNeonProfileThatCannotBeSavedSaysWhyAndDoesNotSwitch() {
        neon.saveFailure = new ArborException(ErrorCode.INTERNAL, "PROFILES_NOT_SAVED",
                "The connection could not be saved in /x: AccessDeniedException. Check that the directory is writable.");
        ConnectionsViewModel m = model();
        m.neonApiKeyProperty().set(KEY);
        m.loadProjects();
        m.neonProjectProperty().set(BLOG);
        m.neonNameProperty().set("Blog (prod)");
        m.addNeonAndSwitch();

        assertEquals(neon.saveFailure.getMessage(), m.neonProblemProperty().get());
        assertTrue(switched.isEmpty());
        assertTrue(settings.profiles().isEmpty());
        assertEquals(KEY, m.neonApiKeyProperty().get(), "the person can try again without retyping the key");
    }

    @Test
    void aNeonProfileNeedsAUniqueName() {
        ConnectionsViewModel m = model();
        m.neonApiKeyProperty().set(KEY);
        m.loadProjects();
        m.neonProjectProperty().set(SHOP);
        m.neonNameProperty().set("Demo project");
        m.addNeonAndSwitch();

        assertEquals("A profile named \"Demo project\" already exists; choose another name.", m.neonProblemProperty().get());
        assertTrue(neon.savedKeys.isEmpty());
    }

    @Test
    void removingANeonProfileForgetsItsKey() {
        ConnectionsViewModel m = model();
        m.neonApiKeyProperty().set(KEY);
        m.loadProjects();
        m.neonProjectProperty().set(SHOP);
        m.addNeonAndSwitch();
        m.switchTo(m.profiles().get(0));

        m.remove(m.profiles().stream().filter(p -> p.name().equals("Shop")).findFirst().orElseThrow());
        assertTrue(neon.savedKeys.isEmpty());
        assertEquals(List.of("Demo project"), model().profiles().stream().map(ConnectionProfile::name).toList());
    }

    @Test
    void aKeyInOneOrganizationListsThatOrganizationsProjectsAndTheProfileRemembersIt() {
        neon.organizations = List.of(ACME);
        neon.projectsByOrg.put(ACME.id(), List.of(SHOP));
        ConnectionsViewModel m = model();
        m.neonApiKeyProperty().set(KEY);
        m.loadProjects();

        assertNull(m.neonProblemProperty().get());
        assertEquals(java.util.Arrays.asList(ACME.id()), neon.listedOrgIds, "the only organization is named in the listing");
        assertEquals(ACME, m.neonOrganizationProperty().get());
        assertEquals(List.of(SHOP), m.neonProjects());
        assertEquals("1 project in Acme (acme)", m.neonStatusProperty().get());

        m.addNeonAndSwitch();
        ConnectionProfile.Neon added = new ConnectionProfile.Neon("Shop", FakeNeonAccess.DEFAULT_URL, "shop-42", ACME.id());
        assertEquals(List.of(added), switched);
        assertEquals(added, ConnectionProfile.decode(settings.profiles().stream()
                .filter(line -> line.contains("shop-42")).findFirst().orElseThrow()), "the organization is remembered");
    }

    @Test
    void withSeveralOrganizationsThePersonChoosesOneAndItsProjectsAreListed() {
        neon.organizations = List.of(ACME, BETA);
        neon.projectsByOrg.put(ACME.id(), List.of(SHOP));
        neon.projectsByOrg.put(BETA.id(), List.of(BLOG));
        ConnectionsViewModel m = model();
        m.neonApiKeyProperty().set(KEY);
        m.loadProjects();

        assertNull(m.neonProblemProperty().get(), "no 'org_id is required' error: the person is asked to choose");
        assertEquals(List.of(ACME, BETA), m.neonOrganizations());
        assertTrue(m.neonProjects().isEmpty());
        assertEquals("You belong to 2 organizations; choose one to see its projects.", m.neonStatusProperty().get());

        m.neonOrganizationProperty().set(BETA);
        assertEquals(List.of(BETA.id()), neon.listedOrgIds);
        assertEquals(List.of(BLOG), m.neonProjects());
        assertEquals(BLOG, m.neonProjectProperty().get());
        m.addNeonAndSwitch();
        assertEquals(List.of(new ConnectionProfile.Neon("Blog", FakeNeonAccess.DEFAULT_URL, "blog-7", BETA.id())), switched);
    }

    @Test
    void aTypedProjectIdIsLookedUpAndAddedWithoutAListing() {
        neon.organizations = List.of(ACME, BETA);
        neon.projectsByOrg.put(BETA.id(), List.of(BLOG));
        ConnectionsViewModel m = model();
        m.neonApiKeyProperty().set(KEY);
        assertFalse(m.canAddNeonProperty().get());
        m.neonProjectIdProperty().set(" blog-7 ");
        assertTrue(m.canAddNeonProperty().get(), "a typed id is enough");
        m.addNeonAndSwitch();

        assertTrue(neon.listedWith.isEmpty(), "nothing was listed");
        assertEquals(List.of("blog-7"), neon.lookedUp);
        assertEquals(List.of(new ConnectionProfile.Neon("Blog", FakeNeonAccess.DEFAULT_URL, "blog-7")), switched);
        assertEquals(KEY, neon.savedKeys.get("Blog"));
    }

    @Test
    void aTypedProjectIdTheKeyCannotOpenSaysSoAndAddsNothing() {
        ConnectionsViewModel m = model();
        m.neonApiKeyProperty().set(KEY);
        m.neonProjectIdProperty().set("no-such-project");
        m.addNeonAndSwitch();

        assertEquals("This API key cannot open a project with the id \"no-such-project\".", m.neonProblemProperty().get());
        assertTrue(switched.isEmpty());
        assertTrue(neon.savedKeys.isEmpty());
        assertFalse(m.neonBusyProperty().get());
    }

    @Test
    void choosingAProjectClearsATypedIdAndTypingAnIdClearsTheChoice() {
        ConnectionsViewModel m = model();
        m.neonApiKeyProperty().set(KEY);
        m.loadProjects();
        m.neonProjectProperty().set(SHOP);
        m.neonProjectIdProperty().set("blog-7");
        assertNull(m.neonProjectProperty().get());
        m.neonProjectProperty().set(SHOP);
        assertEquals("", m.neonProjectIdProperty().get());
    }
}
