package dev.arbor.engine;

import dev.arbor.backend.BranchResult;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Operation;

/** Adding, starting and suspending a branch's computes; the state change itself is the operation's work. */
final class EndpointCommands {
    private final WriteFrame frame;
    private final ControlPlane state;
    private final Names names;
    private final EngineClock clock;

    EndpointCommands(WriteFrame frame, ControlPlane state, Names names, EngineClock clock) {
        this.frame = frame;
        this.state = state;
        this.names = names;
        this.clock = clock;
    }

    BranchResult create(String branchIdOrName, EndpointSpec spec) {
        return frame.mutate(ch -> {
            BranchRecord b = state.requireBranch(branchIdOrName);
            if (spec.type() == Endpoint.Type.READ_WRITE && state.endpoints().stream()
                    .anyMatch(e -> e.branchId.equals(b.id) && e.type == Endpoint.Type.READ_WRITE)) {
                throw ArborException.conflict("READ_WRITE_ENDPOINT_EXISTS", "Branch \"" + b.name
                        + "\" already has a read-write compute; a branch can have only one.");
            }
            long has = state.endpointsOf(b.id).size();
            if (has >= EndpointSpec.MAX_PER_BRANCH) {
                throw ArborException.rule("ENDPOINTS_LIMIT_EXCEEDED", "Branch \"" + b.name + "\" already has " + has
                        + " computes, the most a branch can have; use one of those.");
            }
            EndpointRecord ep = EndpointRecord.create(names.endpointId(), b.id, spec, clock.now());
            ch.put(ep);
            ch.createdEndpoint = ep.id;
            ch.plan(Operation.Action.START_COMPUTE, b.id, ep.id);
            return b.id;
        });
    }

    BranchResult start(String endpointId) {
        return plan(endpointId, Operation.Action.START_COMPUTE);
    }

    BranchResult suspend(String endpointId) {
        return plan(endpointId, Operation.Action.SUSPEND_COMPUTE);
    }

    private BranchResult plan(String endpointId, Operation.Action action) {
        return frame.mutate(ch -> {
            EndpointRecord e = state.requireEndpoint(endpointId);
            ch.plan(action, e.branchId, e.id);
            return e.branchId;
        });
    }
}
