package dev.arbor.bench;

import dev.arbor.engine.EmbeddedEngine;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batched inserts on {@code main}: each call is one transaction of {@value #BATCH} new rows (4 columns,
 * about 40 bytes), so the score in ops/s is rows per second. {@code syncEveryCommit=true} is the default
 * (each commit durable before it returns); {@code false} is the bulk-load setting.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class InsertThroughputBenchmark {
    static final int BATCH = 10_000;

    @Param({"true", "false"})
    public boolean syncEveryCommit;

    private Path dir;
    private EmbeddedEngine engine;
    private long nextId;

    @Setup(Level.Trial)
    public void setUp() {
        dir = Fixtures.scratchDir("insert");
        engine = EmbeddedEngine.open(dir, Fixtures.options(syncEveryCommit, null));
        engine.write("main", tx -> tx.createTable(Fixtures.itemsSchema()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Fixtures.log("inserted %,d rows in all", nextId);
        engine.close();
        Fixtures.deleteTree(dir);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void insert10kRows() {
        long first = nextId;
        nextId += BATCH;
        engine.write("main", tx -> Fixtures.insertRows(tx, first, BATCH));
    }
}
