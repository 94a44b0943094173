package dev.arbor.backend;

/**
 * What a backend can do, so the UI reads it instead of guessing.
 *
 * @param schemaAtPoint     the schema of a database at any point in the history window
 * @param rowsAtPoint       table rows and row counts at any point (Time Travel preview)
 * @param lsnOfTimestamp    resolving a timestamp to an LSN and back before acting
 * @param liveEvents        events arrive as changes happen (otherwise the UI polls)
 */
public record Capabilities(boolean schemaAtPoint, boolean rowsAtPoint, boolean lsnOfTimestamp, boolean liveEvents) {
    public static final Capabilities EMBEDDED = new Capabilities(true, true, true, true);
}
