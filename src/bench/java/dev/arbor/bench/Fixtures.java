package dev.arbor.bench;

import dev.arbor.backend.BranchResult;
import dev.arbor.domain.Column;
import dev.arbor.domain.ColumnType;
import dev.arbor.domain.Project;
import dev.arbor.domain.TableSchema;
import dev.arbor.engine.DataTransaction;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the benchmarks share: engine options, the table they write, bulk loading and scratch directories.
 *
 * <p>Every engine runs its operations inline ({@code Runnable::run}), so a mutation has finished its work when
 * it returns, and without background maintenance, so nothing but the measured call touches the database.
 */
final class Fixtures {
    /** The database every new project has. */
    static final String DB = "neondb";
    static final String TABLE = "items";
    /** Rows per transaction when loading history. */
    static final int LOAD_BATCH = 10_000;
    /** The longest history window a project may keep (30 days), so that no benchmark point falls outside it. */
    static final long RETENTION_SECONDS = Project.MAX_HISTORY_RETENTION_SECONDS;

    private Fixtures() {
    }

    static EngineOptions options(boolean syncEveryCommit, Clock clock) {
        EngineOptions o = EngineOptions.defaults()
                .withOperationExecutor(Runnable::run)
                .withMaintenanceInterval(null)
                .withNewProject(new EngineOptions.NewProject("bench", RETENTION_SECONDS, Project.Limits.DEFAULT))
                .withSyncEveryCommit(syncEveryCommit);
        return clock == null ? o : o.withClock(clock);
    }

    static TableSchema itemsSchema() {
        return new TableSchema(DB, TABLE, List.of(
                Column.required("id", ColumnType.BIGINT),
                Column.of("name", ColumnType.TEXT),
                Column.of("qty", ColumnType.BIGINT),
                Column.of("price", ColumnType.NUMERIC)), List.of("id"));
    }

    static Map<String, Object> row(long id) {
        return Map.of("id", id, "name", "item-" + id, "qty", id % 1000, "price", (id % 10_000) + ".99");
    }

    static void insertRows(DataTransaction tx, long firstId, int count) {
        for (long id = firstId; id < firstId + count; id++) {
            tx.insert(DB, TABLE, row(id));
        }
    }

    /** Inserts ids [firstId, firstId + count) on a branch in transactions of {@link #LOAD_BATCH} rows. */
    static void load(EmbeddedEngine engine, String branch, long firstId, long count) {
        for (long done = 0; done < count; done += LOAD_BATCH) {
            long from = firstId + done;
            int n = (int) Math.min(LOAD_BATCH, count - done);
            engine.write(branch, tx -> insertRows(tx, from, n));
        }
    }

    static void await(EmbeddedEngine engine, BranchResult r) {
        engine.awaitOperations(r.operations(), Duration.ofMinutes(1));
    }

    /**
     * A fresh scratch directory for one project, under {@code -Darbor.bench.dir} (default: the system's
     * temporary directory). Fsync costs depend on the file system it is on.
     */
    static Path scratchDir(String prefix) {
        try {
            String base = System.getProperty("arbor.bench.dir");
            Path parent = base == null ? Paths.get(System.getProperty("java.io.tmpdir")) : Paths.get(base);
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "arbor-bench-" + prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void log(String format, Object... args) {
        System.out.printf("[arbor-bench] " + format + "%n", args);
    }
}
