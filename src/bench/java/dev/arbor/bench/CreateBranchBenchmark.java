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
 * Creating a child of {@code main} at its head, operations included, when {@code main} holds 1,000 or
 * 1,000,000 rows of history. The child is deleted after each call (not measured), so the project keeps
 * two branches.
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
public class CreateBranchBenchmark {
    private static final String CHILD = "bench-child";

    @Param({"1000", "1000000"})
    public long historyRows;

    /** The engine's default is a sync per commit; {@code -p syncEveryCommit=false} leaves out the fsyncs. */
    @Param({"true"})
    public boolean syncEveryCommit;

    private HistoryProject project;
    private CreateBranchSpec spec;

    @Setup(Level.Trial)
    public void setUp() {
        project = HistoryProject.create("create", historyRows, syncEveryCommit);
        spec = CreateBranchSpec.named(CHILD).withParent(project.mainId);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        project.close();
    }

    @Benchmark
    public Object createBranch() {
        var r = project.engine.createBranch(spec);
        Fixtures.await(project.engine, r);
        return r;
    }

    @TearDown(Level.Invocation)
    public void deleteChild() {
        Fixtures.await(project.engine, project.engine.deleteBranch(CHILD));
    }
}
