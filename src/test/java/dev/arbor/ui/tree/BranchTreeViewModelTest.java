package dev.arbor.ui.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import dev.arbor.engine.ManualClock;
import dev.arbor.testing.PgProjects;
import dev.arbor.ui.branches.BranchTableModel;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.SameThreadUiExecutor;
import dev.arbor.ui.project.ProjectState;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree's model against a real engine on real Postgres in a temp directory, on one thread. The engine's clock is
 * manual (it stamps creates, resets and restores) and starts at the real time, so it never runs behind the commit
 * times Postgres writes.
 */
class BranchTreeViewModelTest {

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private EmbeddedEngine engine;
    private EmbeddedBackend backend;
    private Activity activity;
    private ProjectState state;
    private BranchTableModel list;
    private final ReadOnlyStringWrapper selectedId = new ReadOnlyStringWrapper();
    private final ObservableList<String> selectedIds = FXCollections.observableArrayList();
    private BranchTreeViewModel tree;

    @BeforeEach
    void open() {
        engine = PgProjects.open(dataDir, options());
        backend = new EmbeddedBackend(engine);
        PgProjects.sql(engine, "main", "create table items (id bigint primary key)");
        tree = start(backend);
    }

    private EngineOptions options() {
        return PgProjects.options().withClock(clock).withOperationExecutor(Runnable::run)
                .withNewProject(new EngineOptions.NewProject("tree", 86_400, Project.Limits.DEFAULT));
    }

    private BranchTreeViewModel start(BranchBackend source) {
        SameThreadUiExecutor executor = new SameThreadUiExecutor();
        activity = new Activity(executor);
        state = new ProjectState(source, executor, clock);
        list = new BranchTableModel(state);
        BranchTreeViewModel model = new BranchTreeViewModel(source, executor, activity, state, selectedId.getReadOnlyProperty(),
                selectedIds, id -> {
                    selectedId.set(id);
                    selectedIds.setAll(id);
                });
        model.setActive(true);
        state.start();
        return model;
    }

    @AfterEach
    void close() {
        state.close();
        engine.close();
    }

    private Branch create(String name, String parent) {
        clock.advance(Duration.ofMinutes(5));
        CreateBranchSpec spec = CreateBranchSpec.named(name);
        return backend.createBranch(parent == null ? spec : spec.withParent(parent)).branch();
    }

    private void write(String branch, long id) {
        clock.advance(Duration.ofMinutes(1));
        PgProjects.sql(engine, branch, "insert into items values (" + id + ")");
    }

    private static String day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }

    @Test
    void theTreeFollowsTheBranchesLive() {
        assertEquals(1, tree.layout().lanes().size());
        Branch dev = create("dev", "main");
        assertNotNull(tree.layout().lane(dev.id()));
        assertEquals(tree.layout().lane(backend.getBranch("main").id()).row(), tree.layout().lane(dev.id()).parentRow());
        backend.deleteBranch(dev.id());
        assertNull(tree.layout().lane(dev.id()));
        assertEquals(1, tree.sceneProperty().get().layout().lanes().size());
    }

    @Test
    void hiddenItStopsFollowingAndCatchesUpWhenShown() {
        tree.setActive(false);
        TreeScene before = tree.sceneProperty().get();
        Branch dev = create("dev", "main");
        assertEquals(before, tree.sceneProperty().get(), "no layout while the table is shown");
        tree.setActive(true);
        assertNotNull(tree.sceneProperty().get().layout().lane(dev.id()));
    }

    @Test
    void selectionIsThePagesSelection() {
        Branch dev = create("dev", "main");
        tree.select(dev.id());
        assertEquals(dev.id(), selectedId.get());
        assertEquals(dev.id(), tree.sceneProperty().get().focused());
        selectedId.set(backend.getBranch("main").id());
        assertEquals(backend.getBranch("main").id(), tree.sceneProperty().get().focused());
        tree.select("no-such-branch");
        assertEquals(backend.getBranch("main").id(), selectedId.get(), "an unknown branch changes nothing");
    }

    @Test
    void resetsAndRestoresAreMarkedOnTheirLanes() {
        write("main", 1);
        clock.advance(Duration.ofMinutes(5));
        Branch dev = backend.createBranch(CreateBranchSpec.named("dev").withParent("main")
                .withEndpoint(EndpointSpec.readWrite())).branch(); // written to below, through its compute
        write("main", 2);
        clock.advance(Duration.ofMinutes(3));
        Instant resetAt = clock.instant();
        backend.resetFromParent(dev.id(), null);
        List<TreeMarker> markers = tree.sceneProperty().get().markersOf(dev.id());
        assertEquals(List.of(new TreeMarker(resetAt, TreeMarker.Kind.RESET)), markers);

        write("dev", 3);
        Lsn beforeMistake = PgProjects.lsn(engine, "dev");
        write("dev", 4);
        clock.advance(Duration.ofMinutes(3));
        Instant restoredAt = clock.instant();
        backend.restore(dev.id(), new RestoreSpec(dev.id(), PointInTime.at(beforeMistake), "dev_old"));
        markers = tree.sceneProperty().get().markersOf(dev.id());
        // the log keeps the first one; only the latest can be told apart
        assertEquals(List.of(new TreeMarker(resetAt, TreeMarker.Kind.RESET_OR_RESTORE),
                new TreeMarker(restoredAt, TreeMarker.Kind.RESTORE)), markers);
        assertTrue(tree.card(dev.id()).value("Data replaced").startsWith("Restored " + day(restoredAt) + " "));
        assertTrue(tree.card(dev.id()).value("Data replaced").endsWith("(2 times in all)"));
        // the backup is the restored branch's parent now, and its lane reaches back to the fork
        Branch backup = backend.getBranch("dev_old");
        BranchTreeLayout.Lane restored = tree.layout().lane(dev.id());
        assertEquals(tree.layout().lane(backup.id()).row(), restored.parentRow());
        assertTrue(tree.layout().lane(backup.id()).start() <= restored.fork());
    }

    @Test
    void withoutTheOperationsLogTheLatestResetIsStillMarked() {
        Branch dev = create("dev", "main");
        write("main", 1);
        backend.resetFromParent(dev.id(), null);
        close();
        engine = EmbeddedEngine.open(dataDir, options());
        backend = new EmbeddedBackend(engine);
        BranchBackend noLog = (BranchBackend) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BranchBackend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("listOperations")) {
                        throw ArborException.unavailable("DOWN", "The operations log is not available.", null);
                    }
                    try {
                        return method.invoke(backend, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        BranchTreeViewModel model = start(noLog);
        assertEquals(1, model.sceneProperty().get().markersOf(dev.id()).size());
        assertEquals("Only the latest reset or restore of each branch is marked: The operations log is not available.",
                model.noteProperty().get());
    }

    @Test
    void computesShowTheirState() {
        clock.advance(Duration.ofMinutes(5));
        Branch dev = backend.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite())).branch();
        TreeScene.Compute state = tree.sceneProperty().get().computes().get(dev.id());
        assertNotNull(state);
        assertEquals(list.rows().stream().filter(r -> r.id().equals(dev.id())).findFirst().orElseThrow().compute(),
                state == TreeScene.Compute.ACTIVE ? "Active" : state == TreeScene.Compute.IDLE ? "Idle" : "Starting");
        Branch bare = create("bare", "main");
        assertNull(tree.sceneProperty().get().computes().get(bare.id()), "no compute, no state");
    }

    @Test
    void searchMatchesNamesAndIdsTopToBottomAndSaysWhenNothingMatches() {
        Branch a = create("dev/alpha", "main");
        Branch b = create("dev/beta", "main");
        create("staging", "main");
        tree.searchProperty().set("DEV/");
        // later forks sit higher: beta first
        assertEquals(List.of(b.id(), a.id()), tree.matches());
        assertEquals("1 of 2 matches", tree.searchStatusProperty().get());
        assertEquals(b.id(), tree.sceneProperty().get().currentMatch());
        assertEquals(b.id(), tree.centreProperty().get().branchId());
        tree.nextMatch();
        assertEquals("2 of 2 matches", tree.searchStatusProperty().get());
        assertEquals(a.id(), tree.centreProperty().get().branchId());
        tree.nextMatch();
        assertEquals(b.id(), tree.sceneProperty().get().currentMatch(), "wraps around");
        tree.previousMatch();
        assertEquals(a.id(), tree.sceneProperty().get().currentMatch());

        // the id's random tail: its words (br-weathered-…) can be another id's too
        tree.searchProperty().set(a.id().substring(a.id().lastIndexOf('-') + 1));
        assertEquals(List.of(a.id()), tree.matches());

        var centred = tree.centreProperty().get();
        tree.searchProperty().set("  nothing-like-it ");
        assertEquals("No branch name or ID contains \"nothing-like-it\".", tree.searchStatusProperty().get());
        assertTrue(tree.sceneProperty().get().matches().isEmpty());
        assertEquals(centred, tree.centreProperty().get(), "the view stays where it was");
        tree.nextMatch();
        assertEquals(centred, tree.centreProperty().get());

        tree.searchProperty().set("");
        assertEquals("", tree.searchStatusProperty().get());
    }

    @Test
    void foldingHidesTheSubtreeAndAMatchInsideUnfoldsIt() {
        Branch staging = create("staging", "main");
        Branch child = create("dev/child", staging.id());
        Branch leaf = create("leaf", "main");
        tree.toggleCollapsed(leaf.id());
        assertFalse(tree.isCollapsed(leaf.id()), "a branch without children has nothing to fold");
        tree.toggleCollapsed(staging.id());
        assertTrue(tree.isCollapsed(staging.id()));
        assertNull(tree.layout().lane(child.id()));
        assertEquals(1, tree.layout().lane(staging.id()).hiddenDescendants());
        tree.searchProperty().set("dev/child");
        assertNotNull(tree.layout().lane(child.id()));
        assertFalse(tree.isCollapsed(staging.id()));

        tree.collapseAll();
        assertNull(tree.layout().lane(staging.id()));
        tree.expandAll();
        assertNotNull(tree.layout().lane(child.id()));
    }

    @Test
    void exportWritesTheFileOrSaysWhyNotAndLeavesNothingHalfWritten() throws IOException {
        Path out = Files.createDirectories(dataDir.resolveSibling(dataDir.getFileName() + "-out"));
        tree.export(out.resolve("tree"), TreeExport.Format.SVG, o -> o.write("<svg/>".getBytes()));
        assertEquals("<svg/>", Files.readString(out.resolve("tree.svg")));
        assertEquals("Saved the branch tree as tree.svg.", activity.messageProperty().get());

        tree.export(out.resolve("nowhere").resolve("tree.png"), TreeExport.Format.PNG, o -> o.write(1));
        assertEquals("The folder for \"tree.png\" does not exist. Choose a folder that exists.", activity.messageProperty().get());
        assertFalse(Files.exists(out.resolve("nowhere")));

        tree.export(out.resolve("broken.png"), TreeExport.Format.PNG, o -> {
            o.write(1);
            throw new IOException("No space left on device");
        });
        assertEquals("Arbor could not write \"broken.png\": No space left on device. Choose another folder or file name.",
                activity.messageProperty().get());
        try (var files = Files.list(out)) {
            assertEquals(List.of("tree.svg"), files.map(p -> p.getFileName().toString()).toList());
        }

        tree.refuseExport("Too large.");
        assertEquals("Too large.", activity.failureProperty().get().sentence());
    }

    @Test
    void exportDoesNotReplaceAFileTheDialogDidNotAskAboutNorEndOtherWork() throws IOException {
        Path out = Files.createDirectories(dataDir.resolveSibling(dataDir.getFileName() + "-keep"));
        Files.writeString(out.resolve("tree.svg"), "mine");
        activity.begin("Deleting 3 branches");                  // other work is running

        // "tree" typed in the dialog, which asked about "tree", not about "tree.svg"
        tree.export(out.resolve("tree"), TreeExport.Format.SVG, o -> o.write("<svg/>".getBytes()));
        assertEquals("mine", Files.readString(out.resolve("tree.svg")));
        assertEquals("\"tree.svg\" already exists and was not replaced. Choose another name, or type the whole name "
                + "\"tree.svg\" to replace it.", activity.messageProperty().get());
        tree.refuseExport("Too large.");
        assertTrue(activity.busyProperty().get(), "a refusal does not end the work that is running");

        tree.export(out.resolve("tree.svg"), TreeExport.Format.SVG, o -> o.write("<svg/>".getBytes()));
        assertEquals("<svg/>", Files.readString(out.resolve("tree.svg")), "the whole name, confirmed by the dialog, replaces it");
    }

    @Test
    void theHoverCardSaysWhatABranchIs() {
        write("main", 1);
        Branch dev = create("dev", "main");
        HoverCard card = tree.card(dev.id());
        assertEquals("dev", card.title());
        assertEquals(dev.id(), card.value("ID"));
        assertTrue(card.value("Parent").startsWith("main at LSN " + dev.parentLsn() + " · " + day(dev.parentTimestamp()) + " "),
                card.value("Parent"));
        assertEquals("Never", card.value("Last active"));
        assertEquals("None: a root branch", tree.card(backend.getBranch("main").id()).value("Parent"));
        assertTrue(tree.card(backend.getBranch("main").id()).value("State").contains("DEFAULT"));
        assertNull(tree.card("gone"));
    }
}
