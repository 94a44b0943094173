package dev.arbor.contract;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.Capabilities;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;

/** The contract against the embedded engine directly, as the console uses it (mutations wait for their operations). */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_3)
class EmbeddedBackendContractTest extends BranchBackendContract {
    @Override
    protected BranchBackend open(EmbeddedEngine engine) {
        return new EmbeddedBackend(engine);
    }

    /** Closing an {@link EmbeddedBackend} closes its engine, which the suite closes anyway. */
    @Override
    protected void closeBackend() {
        backend.close();
    }

    @Override
    protected Capabilities expectedCapabilities() {
        return Capabilities.EMBEDDED;
    }
}
