package dev.arbor.backend;

import dev.arbor.domain.Branch;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.Operation;
import java.util.List;

/** The result of a mutation: the branch as it now is, its endpoints, and the operations that did the work. */
public record BranchResult(Branch branch, List<Endpoint> endpoints, List<Operation> operations) {
    public BranchResult {
        endpoints = List.copyOf(endpoints);
        operations = List.copyOf(operations);
    }
}
