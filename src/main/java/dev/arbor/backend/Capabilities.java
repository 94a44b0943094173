package dev.arbor.backend;

/**
 * What a backend can do, so the UI reads it instead of guessing.
 *
 * @param schemaAtPoint     the schema of a database at any point in the history window
 * @param rowsAtPoint       table rows and row counts at any point (Time Travel preview)
 * @param lsnOfTimestamp    resolving a timestamp to an LSN and back before acting
 * @param liveEvents        events arrive as changes happen (otherwise the UI polls)
 * @param deleteIsFinal     a deleted branch is gone for good; false where the service may keep it recoverable for a
 *                          while (Neon's branch recovery), so the console does not promise "permanently"
 * @param pointsAreBranches opening a point ({@link BranchBackend#openPoint}) makes a temporary branch there, as Neon
 *                          does: it takes seconds, and the branch is listed while the point is open
 */
public record Capabilities(boolean schemaAtPoint, boolean rowsAtPoint, boolean lsnOfTimestamp, boolean liveEvents,
                           boolean deleteIsFinal, boolean pointsAreBranches) {
    public static final Capabilities EMBEDDED = new Capabilities(true, true, true, true);

    /** A backend whose deletions are final, as the embedded engine's are. */
    public Capabilities(boolean schemaAtPoint, boolean rowsAtPoint, boolean lsnOfTimestamp, boolean liveEvents) {
        this(schemaAtPoint, rowsAtPoint, lsnOfTimestamp, liveEvents, true);
    }

    /** A backend that reads a point without making a branch there, as the embedded engine does. */
    public Capabilities(boolean schemaAtPoint, boolean rowsAtPoint, boolean lsnOfTimestamp, boolean liveEvents,
                        boolean deleteIsFinal) {
        this(schemaAtPoint, rowsAtPoint, lsnOfTimestamp, liveEvents, deleteIsFinal, false);
    }
}
