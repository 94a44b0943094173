package dev.arbor.remote;

import dev.arbor.domain.Operation;

/** Told each time an operation being waited for is first seen or changes status, on the waiting thread. */
@FunctionalInterface
public interface OperationListener {
    OperationListener NONE = op -> { };

    void changed(Operation operation);
}
