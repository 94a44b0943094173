package dev.arbor.bench;

import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
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
 * Restore of a branch to another branch's head, keeping a backup, operations included: a child of
 * {@code main} (with one row of its own) is restored from {@code main}'s head, where {@code main} holds
 * 1,000 or 1,000,000 rows of history. The restored branch then has the backup as its parent (seed 001), so
 * the backup can only be deleted after it; both are deleted after each call and the target is created anew
 * before the next (none of that is measured), so the project keeps two branches.
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
public class RestoreBenchmark {
    private static final String TARGET = "bench-target";
    private static final String BACKUP = "bench-target_old";
    private static final long TARGET_ROW = -1;

    @Param({"1000", "1000000"})
    public long historyRows;

    /** The engine's default is a sync per commit; {@code -p syncEveryCommit=false} leaves out the fsyncs. */
    @Param({"true"})
    public boolean syncEveryCommit;

    private HistoryProject project;
    private RestoreSpec spec;

    @Setup(Level.Trial)
    public void setUp() {
        project = HistoryProject.create("restore", historyRows, syncEveryCommit);
        spec = new RestoreSpec(project.mainId, PointInTime.HEAD, BACKUP);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        project.close();
    }

    @Setup(Level.Invocation)
    public void createTarget() {
        Fixtures.await(project.engine, project.engine.createBranch(CreateBranchSpec.named(TARGET).withParent(project.mainId)));
        project.engine.write(TARGET, tx -> tx.insert(Fixtures.DB, Fixtures.TABLE, Fixtures.row(TARGET_ROW)));
    }

    @Benchmark
    public Object restoreWithBackup() {
        var r = project.engine.restore(TARGET, spec);
        Fixtures.await(project.engine, r);
        return r;
    }

    @TearDown(Level.Invocation)
    public void deleteTargetAndBackup() {
        Fixtures.await(project.engine, project.engine.deleteBranch(TARGET));
        Fixtures.await(project.engine, project.engine.deleteBranch(BACKUP));
    }
}
