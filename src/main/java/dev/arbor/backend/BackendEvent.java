package dev.arbor.backend;

import dev.arbor.domain.Branch;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.Operation;

/** Something changed in the project. Delivered to subscribers on the thread that made the change. */
public sealed interface BackendEvent {
    record BranchCreated(Branch branch) implements BackendEvent {
    }

    record BranchChanged(Branch branch) implements BackendEvent {
    }

    record BranchDeleted(String branchId, String name) implements BackendEvent {
    }

    record EndpointChanged(Endpoint endpoint) implements BackendEvent {
    }

    record OperationChanged(Operation operation) implements BackendEvent {
    }
}
