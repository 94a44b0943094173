package dev.arbor.bench;

import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.PointInTime;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Timestamp → LSN: {@code engine.resolve("main", PointInTime.at(t))} for a random {@code t} inside a history
 * of {@code commits} one-row commits, {@value #STEP_MS} ms apart on a {@link ManualClock} (1,000,000 commits
 * span 2 h 47 min). The project keeps 30 days of history, so every {@code t} is inside the window. The
 * history is written without a sync per commit; the setup prints how long it took per commit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class TimestampLookupBenchmark {
    static final long STEP_MS = 10;
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    @Param({"1000", "1000000"})
    public int commits;

    private Path dir;
    private EmbeddedEngine engine;
    private long firstMs;
    private long spanMs;
    private final SplittableRandom random = new SplittableRandom(7);

    @Setup(Level.Trial)
    public void setUp() {
        dir = Fixtures.scratchDir("resolve");
        ManualClock clock = new ManualClock(START);
        engine = EmbeddedEngine.open(dir, Fixtures.options(false, clock));
        engine.write("main", tx -> tx.createTable(Fixtures.itemsSchema()));
        Duration step = Duration.ofMillis(STEP_MS);
        long t0 = System.nanoTime();
        long lap = t0;
        for (int i = 0; i < commits; i++) {
            clock.advance(step);
            long id = i;
            engine.write("main", tx -> tx.insert(Fixtures.DB, Fixtures.TABLE, Fixtures.row(id)));
            if ((i + 1) % 100_000 == 0) {
                long now = System.nanoTime();
                Fixtures.log("%,d commits, last 100,000 at %.1f µs per commit", i + 1, (now - lap) / 1e3 / 100_000);
                lap = now;
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        Fixtures.log("wrote %,d commits in %.1f s: %.1f µs per commit (no sync)", commits, s, s * 1e6 / commits);
        firstMs = START.toEpochMilli() + STEP_MS;
        spanMs = (long) (commits - 1) * STEP_MS;
        long midMs = firstMs + (commits / 2) * STEP_MS;
        ResolvedPoint mid = engine.resolve("main", PointInTime.at(Instant.ofEpochMilli(midMs + STEP_MS / 2)));
        if (!mid.committedAt().equals(Instant.ofEpochMilli(midMs))) {
            throw new IllegalStateException("resolved " + mid + " for the middle of the history");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        Fixtures.deleteTree(dir);
    }

    @Benchmark
    public ResolvedPoint resolveTimestamp() {
        long t = firstMs + random.nextLong(spanMs + 1);
        return engine.resolve("main", PointInTime.at(Instant.ofEpochMilli(t)));
    }
}
