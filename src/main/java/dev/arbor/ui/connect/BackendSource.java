package dev.arbor.ui.connect;

import dev.arbor.backend.BranchBackend;

/**
 * Where the console's project comes from. The console opens it off the UI thread, so an
 * implementation may seed data, take locks or connect before it returns.
 */
public interface BackendSource {

    /** Where the project lives, in words, for the window while it opens (for example a directory). */
    String description();

    /** Opens the project; the caller closes the backend. Failures should be ArborExceptions. */
    BranchBackend open() throws Exception;

    /**
     * Opens the project, telling {@code progress} in a sentence what takes the time when opening is long (making the
     * demo project on first start); the sentences arrive on the opening thread.
     */
    default BranchBackend open(java.util.function.Consumer<String> progress) throws Exception {
        return open();
    }
}
