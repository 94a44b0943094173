package dev.arbor.bench;

import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.engine.EmbeddedEngine;
import java.util.Arrays;

/**
 * A cross-check of the branch benchmarks that JMH cannot do: JMH measures the 1,000-row and the
 * 1,000,000-row project one after the other (in different JVMs, minutes apart), so slow drifts in fsync
 * latency on a shared machine show up in the ratio. Here both projects live in one JVM and are measured in
 * alternating blocks (ABBA order), with the same create / reset / restore cycles as the JMH benchmarks; the
 * ratio of the medians of the block means is then what history size itself costs.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp target/benchmarks.jar dev.arbor.bench.InterleavedBranchOps [syncEveryCommit]}
 * (default {@code true}); about a minute.
 */
public final class InterleavedBranchOps {
    private static final int WARMUP_BLOCKS = 5;
    private static final int BLOCKS = 20;
    private static final int OPS_PER_BLOCK = 50;
    private static final String[] OPS = {"createBranch", "resetFromParent", "restoreWithBackup"};

    private InterleavedBranchOps() {
    }

    public static void main(String[] args) {
        boolean sync = args.length == 0 || Boolean.parseBoolean(args[0]);
        try (HistoryProject small = HistoryProject.create("ab-1k", 1_000, sync);
             HistoryProject big = HistoryProject.create("ab-1m", 1_000_000, sync)) {
            prepare(small);
            prepare(big);
            for (int i = 0; i < WARMUP_BLOCKS; i++) {
                block(small);
                block(big);
            }
            long[][] s = new long[OPS.length][BLOCKS];
            long[][] b = new long[OPS.length][BLOCKS];
            for (int i = 0; i < BLOCKS; i++) {
                boolean smallFirst = i % 2 == 0;
                long[] first = block(smallFirst ? small : big);
                long[] second = block(smallFirst ? big : small);
                long[] fromSmall = smallFirst ? first : second;
                long[] fromBig = smallFirst ? second : first;
                for (int k = 0; k < OPS.length; k++) {
                    s[k][i] = fromSmall[k];
                    b[k][i] = fromBig[k];
                }
            }
            System.out.printf("syncEveryCommit=%s, %d blocks of %d calls per project, median of block means:%n",
                    sync, BLOCKS, OPS_PER_BLOCK);
            System.out.printf("%-20s %12s %12s %8s%n", "operation", "1k rows us", "1M rows us", "1M/1k");
            for (int k = 0; k < OPS.length; k++) {
                double ms = median(s[k]) / 1e3;
                double mb = median(b[k]) / 1e3;
                System.out.printf("%-20s %12.0f %12.0f %8.2f%n", OPS[k], ms, mb, mb / ms);
            }
        }
    }

    private static void prepare(HistoryProject p) {
        Fixtures.await(p.engine, p.engine.createBranch(CreateBranchSpec.named("bench-reset").withParent(p.mainId)));
    }

    /** Mean nanoseconds per call of each operation over one block; set-up and clean-up are not timed. */
    private static long[] block(HistoryProject p) {
        EmbeddedEngine e = p.engine;
        RestoreSpec restore = new RestoreSpec(p.mainId, PointInTime.HEAD, "bench-target_old");
        CreateBranchSpec child = CreateBranchSpec.named("bench-child").withParent(p.mainId);
        CreateBranchSpec target = CreateBranchSpec.named("bench-target").withParent(p.mainId);
        long[] total = new long[OPS.length];
        for (int i = 0; i < OPS_PER_BLOCK; i++) {
            long t0 = System.nanoTime();
            Fixtures.await(e, e.createBranch(child));
            total[0] += System.nanoTime() - t0;
            Fixtures.await(e, e.deleteBranch("bench-child"));

            e.write("bench-reset", tx -> tx.insert(Fixtures.DB, Fixtures.TABLE, Fixtures.row(-1)));
            t0 = System.nanoTime();
            Fixtures.await(e, e.resetFromParent("bench-reset", null));
            total[1] += System.nanoTime() - t0;

            Fixtures.await(e, e.createBranch(target));
            e.write("bench-target", tx -> tx.insert(Fixtures.DB, Fixtures.TABLE, Fixtures.row(-1)));
            t0 = System.nanoTime();
            Fixtures.await(e, e.restore("bench-target", restore));
            total[2] += System.nanoTime() - t0;
            Fixtures.await(e, e.deleteBranch("bench-target"));
            Fixtures.await(e, e.deleteBranch("bench-target_old"));
        }
        for (int k = 0; k < OPS.length; k++) {
            total[k] /= OPS_PER_BLOCK;
        }
        return total;
    }

    private static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }
}
