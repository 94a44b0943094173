package dev.arbor.bench;

import dev.arbor.domain.CreateBranchSpec;
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
 * Reset from parent (no backup) of a child of {@code main} holding 1,000 or 1,000,000 rows of history,
 * operations included: the child moves to a new timeline at the parent's head and its old timeline is
 * reclaimed, so repeated resets keep the project bounded. Each call first writes one row on the child, so
 * that every reset discards real changes (that write is not measured).
 *
 * <p>Sample mode, two forks: the call is a few fsyncs, whose latency on a shared machine has long tails and
 * varies from one JVM to the next, so compare the medians (p0.50) as well as the means.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class ResetFromParentBenchmark {
    private static final String CHILD = "bench-reset";
    private static final long CHILD_ROW = -1;

    @Param({"1000", "1000000"})
    public long historyRows;

    /** The engine's default is a sync per commit; {@code -p syncEveryCommit=false} leaves out the fsyncs. */
    @Param({"true"})
    public boolean syncEveryCommit;

    private HistoryProject project;

    @Setup(Level.Trial)
    public void setUp() {
        project = HistoryProject.create("reset", historyRows, syncEveryCommit);
        Fixtures.await(project.engine, project.engine.createBranch(CreateBranchSpec.named(CHILD).withParent(project.mainId)));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        project.close();
    }

    @Setup(Level.Invocation)
    public void changeChild() {
        project.engine.write(CHILD, tx -> tx.insert(Fixtures.DB, Fixtures.TABLE, Fixtures.row(CHILD_ROW)));
    }

    @Benchmark
    public Object resetFromParent() {
        var r = project.engine.resetFromParent(CHILD, null);
        Fixtures.await(project.engine, r);
        return r;
    }
}
