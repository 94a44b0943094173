package dev.arbor.bench;

import dev.arbor.engine.EmbeddedEngine;
import java.nio.file.Path;

/**
 * A project whose default branch {@code main} holds {@code rows} rows of history in the table
 * {@code neondb.items}, written in transactions of {@link Fixtures#LOAD_BATCH} rows. The rows are loaded
 * without a sync per commit, then the project is reopened for the measurement with {@code syncEveryCommit}
 * (the engine's default is true).
 */
final class HistoryProject implements AutoCloseable {
    final Path dir;
    final EmbeddedEngine engine;
    final String mainId;

    private HistoryProject(Path dir, EmbeddedEngine engine) {
        this.dir = dir;
        this.engine = engine;
        this.mainId = engine.branch("main").id();
    }

    static HistoryProject create(String name, long rows, boolean syncEveryCommit) {
        Path dir = Fixtures.scratchDir(name);
        long t0 = System.nanoTime();
        try (EmbeddedEngine loader = EmbeddedEngine.open(dir, Fixtures.options(false, null))) {
            loader.write("main", tx -> tx.createTable(Fixtures.itemsSchema()));
            Fixtures.load(loader, "main", 0, rows);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        Fixtures.log("%s: loaded %,d rows on main in %.1f s (%.0f rows/s, no sync)", name, rows, s, rows / s);
        return new HistoryProject(dir, EmbeddedEngine.open(dir, Fixtures.options(syncEveryCommit, null)));
    }

    @Override
    public void close() {
        engine.close();
        Fixtures.deleteTree(dir);
    }
}
