package dev.arbor.ui.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BackendEvent;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.common.SameThreadUiExecutor;
import dev.arbor.ui.common.SteppedUiExecutor;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectStateTest {
    @TempDir
    Path dataDir;

    private EmbeddedBackend backend;
    private ProjectState state;

    @BeforeEach
    void openProject() {
        backend = EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options());
    }

    @AfterEach
    void closeProject() {
        if (state != null) {
            state.close();
        }
        backend.close();
    }

    private ProjectState started() {
        state = new ProjectState(backend, new SameThreadUiExecutor(), ZoneOffset.UTC);
        state.start();
        return state;
    }

    private List<String> names() {
        return state.branches().stream().map(Branch::name).toList();
    }

    @Test
    void branchesMadeRenamedAndDeletedElsewhereReachTheStateAndRaiseItsVersion() {
        started();
        assertEquals(List.of("main"), names());
        long before = state.versionProperty().get();

        Branch dev = backend.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite())).branch();
        assertEquals(List.of("main", "dev"), names());
        assertTrue(state.versionProperty().get() > before);
        assertEquals(Endpoint.Type.READ_WRITE, state.primaryCompute(dev.id()).type());

        backend.updateBranch(dev.id(), BranchPatch.rename("dev/alex"));
        assertEquals(List.of("main", "dev/alex"), names(), "a renamed branch keeps its place");

        backend.deleteBranch(dev.id());
        assertEquals(List.of("main"), names());
        assertNull(state.branch(dev.id()));
        assertNull(state.primaryCompute(dev.id()), "a deleted branch takes its computes with it");
        assertTrue(state.endpointsOf(dev.id()).isEmpty());
    }

    @Test
    void theReadWriteComputeIsTheOneShownAndListedFirst() {
        started();
        Branch dev = backend.createBranch(CreateBranchSpec.named("dev")).branch();
        backend.addEndpoint(dev.id(), EndpointSpec.readOnly());
        assertEquals(Endpoint.Type.READ_ONLY, state.primaryCompute(dev.id()).type(), "the only compute is shown");

        backend.addEndpoint(dev.id(), EndpointSpec.readWrite());

        assertEquals(Endpoint.Type.READ_WRITE, state.primaryCompute(dev.id()).type());
        assertEquals(List.of(Endpoint.Type.READ_WRITE, Endpoint.Type.READ_ONLY),
                state.endpointsOf(dev.id()).stream().map(Endpoint::type).toList());
    }

    @Test
    void theRulesAreThoseOfTheBranchesAsTheyAreNow() {
        started();
        Branch dev = backend.createBranch(CreateBranchSpec.named("dev")).branch();
        Branch child = backend.createBranch(CreateBranchSpec.named("dev/child").withParent(dev.id())).branch();
        assertEquals("BRANCH_HAS_CHILDREN", state.policy().canDelete(state.branch(dev.id())).reason());

        backend.deleteBranch(child.id());

        assertTrue(state.policy().canDelete(state.branch(dev.id())).allowed());
    }

    @Test
    void aFollowerMadeBeforeTheFirstLoadHasItsPictureBuiltByTheWorkerThatLoads() {
        SteppedUiExecutor executor = new SteppedUiExecutor();
        state = new ProjectState(backend, executor, ZoneOffset.UTC);
        List<String> calls = new ArrayList<>();
        state.follow(new ProjectState.Follower<List<String>>() {
            @Override
            public List<String> picture(ProjectSnapshot snapshot) {
                calls.add("picture");
                return snapshot.branches().stream().map(Branch::name).toList();
            }

            @Override
            public void reloaded(List<String> picture) {
                calls.add("reloaded " + picture);
            }

            @Override
            public void applied(BackendEvent event) {
                calls.add("applied " + event.getClass().getSimpleName());
            }
        });
        state.start();

        Runnable handOver = executor.runNextWorkHoldingResult();   // subscribes and takes the snapshot
        assertEquals(List.of("picture"), calls, "built on the worker, before the UI thread has the load");
        handOver.run();
        assertEquals(List.of("picture", "reloaded [main]"), calls);

        backend.createBranch(CreateBranchSpec.named("dev"));
        executor.runUiThread();
        assertTrue(calls.contains("applied BranchCreated"), calls::toString);
        assertEquals(1, calls.stream().filter("picture"::equals).count(), "a change is applied, not loaded again");
    }

    @Test
    void aFollowerMadeAfterTheLoadStartsFromWhatTheStateHolds() {
        started();
        backend.createBranch(CreateBranchSpec.named("dev"));
        List<List<String>> pictures = new ArrayList<>();

        state.follow(new ProjectState.Follower<List<String>>() {
            @Override
            public List<String> picture(ProjectSnapshot snapshot) {
                return snapshot.branches().stream().map(Branch::name).toList();
            }

            @Override
            public void reloaded(List<String> picture) {
                pictures.add(picture);
            }

            @Override
            public void applied(BackendEvent event) {
            }
        });

        assertEquals(List.of(List.of("main", "dev")), pictures);
    }

    @Test
    void afterCloseChangesNoLongerReachTheState() {
        started();
        long version = state.versionProperty().get();
        state.close();

        backend.createBranch(CreateBranchSpec.named("dev"));

        assertEquals(List.of("main"), names());
        assertEquals(version, state.versionProperty().get());
        assertFalse(state.liveUpdatesProperty().get());
    }
}
