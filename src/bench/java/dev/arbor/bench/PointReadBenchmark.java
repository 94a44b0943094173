package dev.arbor.bench;

import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.PointInTime;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.Snapshot;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A point read by primary key of a row written on the root branch {@code main}, read from a branch
 * {@code depth} levels below it. The project has a chain of 50 branches, each the child of the one before
 * ({@code main} ← chain-1 ← … ← chain-50), and each chain branch has one row of its own, so every timeline
 * of the lineage has its own history. Depth 1 reads through 2 timelines, depth 50 through 51.
 *
 * <ul>
 *   <li>{@code readAndGet}: what a caller does for one lookup, {@code engine.read(branch, HEAD).get(...)}:
 *       resolving the point, the lineage, the catalog of the snapshot and the row.</li>
 *   <li>{@code snapshotGet}: {@code Snapshot.get(...)} on a snapshot taken once (its catalog is cached), so
 *       only the row lookup.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class PointReadBenchmark {
    static final int CHAIN = 50;
    static final int ROOT_ROWS = 10_000;

    @Param({"1", "50"})
    public int depth;

    private Path dir;
    private EmbeddedEngine engine;
    private String branch;
    private Snapshot snapshot;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void setUp() {
        dir = Fixtures.scratchDir("read");
        try (EmbeddedEngine loader = EmbeddedEngine.open(dir, Fixtures.options(false, null))) {
            loader.write("main", tx -> tx.createTable(Fixtures.itemsSchema()));
            Fixtures.load(loader, "main", 0, ROOT_ROWS);
            String parent = loader.branch("main").id();
            for (int i = 1; i <= CHAIN; i++) {
                String name = "chain-" + i;
                Fixtures.await(loader, loader.createBranch(CreateBranchSpec.named(name).withParent(parent)));
                long own = 1_000_000L + i;
                loader.write(name, tx -> tx.insert(Fixtures.DB, Fixtures.TABLE, Fixtures.row(own)));
                parent = loader.branch(name).id();
            }
        }
        engine = EmbeddedEngine.open(dir, Fixtures.options(true, null));
        branch = "chain-" + depth;
        snapshot = engine.read(branch, PointInTime.HEAD);
        if (snapshot.get(Fixtures.DB, Fixtures.TABLE, 1L) == null) {
            throw new IllegalStateException("the root's row is not visible from " + branch);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        Fixtures.deleteTree(dir);
    }

    @Benchmark
    public Map<String, Object> readAndGet() {
        long key = random.nextInt(ROOT_ROWS);
        return engine.read(branch, PointInTime.HEAD).get(Fixtures.DB, Fixtures.TABLE, key);
    }

    @Benchmark
    public Map<String, Object> snapshotGet() {
        long key = random.nextInt(ROOT_ROWS);
        return snapshot.get(Fixtures.DB, Fixtures.TABLE, key);
    }
}
