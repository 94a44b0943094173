package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BackendEvent;
import dev.arbor.backend.BranchResult;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Operation;
import dev.arbor.domain.Project;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endpoints (issue point 9) and operations (point 10), on real Postgres. */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_1)
class EngineOperationsTest {
    @TempDir
    Path dir;

    /** Holds operations until the test lets them run, so "running" can be observed. */
    static final class HeldExecutor implements Executor {
        final Queue<Runnable> queue = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable r) {
            queue.add(r);
        }

        synchronized void runAll() {
            while (!queue.isEmpty()) {
                queue.poll().run();
            }
        }
    }

    @Test
    void operationsMoveFromSchedulingToFinishedAndBranchesBecomeReady() {
        HeldExecutor held = new HeldExecutor();
        try (Fixture f = Fixture.postgres(dir, held, Project.Limits.DEFAULT)) {
            List<BackendEvent> events = new CopyOnWriteArrayList<>();
            f.engine.subscribe(events::add);
            BranchResult r = f.engine.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite()));
            assertEquals(BranchState.INIT, r.branch().currentState());
            assertEquals(BranchState.READY, r.branch().pendingState());
            assertEquals(List.of(Operation.Status.SCHEDULING, Operation.Status.SCHEDULING),
                    r.operations().stream().map(Operation::status).toList());
            assertEquals(Endpoint.State.INIT, f.engine.endpoints("dev").get(0).currentState());
            held.runAll();
            assertEquals(BranchState.READY, f.branch("dev").currentState());
            assertEquals(Endpoint.State.ACTIVE, f.engine.endpoints("dev").get(0).currentState());
            for (Operation op : r.operations()) {
                assertEquals(Operation.Status.FINISHED, f.engine.operation(op.id()).status());
            }
            List<Operation.Status> seen = events.stream().filter(e -> e instanceof BackendEvent.OperationChanged)
                    .map(e -> ((BackendEvent.OperationChanged) e).operation())
                    .filter(o -> o.id().equals(r.operations().get(0).id())).map(Operation::status).toList();
            assertEquals(List.of(Operation.Status.SCHEDULING, Operation.Status.RUNNING, Operation.Status.FINISHED), seen);
            assertTrue(events.stream().anyMatch(e -> e instanceof BackendEvent.BranchCreated));
        }
    }

    @Test
    void aMutationWhileAnOperationIsUnfinishedIsRefusedAsLocked() {
        HeldExecutor held = new HeldExecutor();
        try (Fixture f = Fixture.postgres(dir, held, Project.Limits.DEFAULT)) {
            f.engine.createBranch(CreateBranchSpec.named("dev"));
            var e = f.refused(ErrorCode.LOCKED, "LOCKED", () -> f.engine.updateBranch("dev", BranchPatch.rename("x")));
            assertTrue(e.getMessage().contains("create_branch"), e.getMessage());
            assertEquals(423, e.code().httpStatus(), "423 Locked, which clients retry");
            held.runAll();
            f.engine.updateBranch("dev", BranchPatch.rename("x"));
            assertEquals("x", f.branch("x").name());
        }
    }

    @Test
    void operationsInterruptedByAShutdownFinishWhenTheProjectReopens() {
        HeldExecutor held = new HeldExecutor();
        String opId;
        try (Fixture f = Fixture.postgres(dir, held, Project.Limits.DEFAULT)) {
            opId = f.engine.createBranch(CreateBranchSpec.named("dev")).operations().get(0).id();
        }
        try (Fixture f = Fixture.postgres(dir)) {
            f.engine.awaitOperations(List.of(f.engine.operation(opId)), Duration.ofSeconds(10));
            assertEquals(Operation.Status.FINISHED, f.engine.operation(opId).status());
            assertEquals(BranchState.READY, f.branch("dev").currentState());
        }
    }

    @Test
    void oneReadWriteEndpointPerBranchAndAnyNumberOfReadOnly() {
        try (Fixture f = Fixture.postgres(dir)) {
            String main = f.branch("main").id();
            f.refused(ErrorCode.CONFLICT, "READ_WRITE_ENDPOINT_EXISTS", () -> f.backend.addEndpoint(main, EndpointSpec.readWrite()));
            f.backend.addEndpoint(main, EndpointSpec.readOnly());
            BranchResult r = f.backend.addEndpoint(main, EndpointSpec.readOnly());
            assertEquals(Endpoint.Type.READ_ONLY, r.endpoints().get(0).type());
            assertEquals(3, f.backend.listEndpoints(main).size());
            f.refused(ErrorCode.INVALID_INPUT, "INVALID_SUSPEND_TIMEOUT",
                    () -> f.backend.addEndpoint(main, new EndpointSpec(Endpoint.Type.READ_ONLY, 0.25, 1, 30)));
        }
    }

    @Test
    void writingActivatesTheReadWriteComputeWhichSuspendsAfterItsTimeout() throws Exception {
        try (Fixture f = Fixture.postgres(dir).withItems()) {
            Endpoint ep = f.engine.endpoints("main").get(0);
            f.put("main", 1, "one");
            ep = f.engine.endpoint(ep.id());
            assertEquals(Endpoint.State.ACTIVE, ep.currentState());
            // the compute started for the table's creation just before; the proxy, not this record, sees each client
            assertTrue(ep.lastActive() != null && !ep.lastActive().isAfter(f.clock.instant()), "active: " + ep.lastActive());
            f.clock.advance(Duration.ofSeconds(299));
            assertEquals(List.of(), f.engine.runMaintenance().suspendedEndpoints());
            // the proxy marks the compute used when it notices the client left, in real time, a moment after the write
            f.clock.advance(Duration.ofSeconds(2));
            List<String> suspended = f.engine.runMaintenance().suspendedEndpoints();
            for (int i = 0; i < 50 && suspended.isEmpty(); i++) {
                Thread.sleep(100);
                suspended = f.engine.runMaintenance().suspendedEndpoints();
            }
            assertEquals(List.of(ep.id()), suspended);
            assertEquals(Endpoint.State.IDLE, f.engine.endpoint(ep.id()).currentState());
            f.put("main", 2, "two");
            assertEquals(Endpoint.State.ACTIVE, f.engine.endpoint(ep.id()).currentState());
            assertTrue(f.engine.operations(0, 10).stream().anyMatch(o -> o.action() == Operation.Action.SUSPEND_COMPUTE));
        }
    }

    @Test
    void operationsAreListedNewestFirstAndPaged() {
        try (Fixture f = Fixture.postgres(dir)) {
            for (int i = 0; i < 5; i++) {
                f.backend.createBranch(CreateBranchSpec.named("b" + i));
            }
            List<Operation> page1 = f.engine.operations(0, 3);
            List<Operation> page2 = f.engine.operations(f.engine.operationSeq(page1.get(2).id()), 3);
            assertEquals(3, page1.size());
            assertEquals(2, page2.size());
            assertEquals(f.branch("b4").id(), page1.get(0).branchId());
            assertEquals(f.branch("b0").id(), page2.get(1).branchId());
        }
    }
}
