package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Over random histories on a parent and a child, on real Postgres: reading, branching and restoring at time t all
 * give exactly the rows the branch held at t, as a plain in-memory model of the history says. Each try makes a
 * project and starts computes and Time Travel views, so there are few tries of short histories.
 */
class EngineHistoryPropertyTest {

    /** One write: {@code key → value}, or a deletion of {@code key} when value is null; on the child when {@code onChild}. */
    record Step(boolean onChild, int key, String value) {
    }

    @Provide
    Arbitrary<Step> steps() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 7),
                Arbitraries.strings().alpha().ofLength(3).injectNull(0.25)).as(Step::new);
    }

    @Property(tries = 2)
    void readsBranchesAndRestoresAtTimeTEqualTheHistory(@ForAll @Size(min = 5, max = 10) List<@net.jqwik.api.From("steps") Step> steps,
                                                         @ForAll @IntRange(min = 0, max = 1000) int forkSeed,
                                                         @ForAll @IntRange(min = 0, max = 1000) int pointSeed) throws IOException {
        Path dir = Files.createTempDirectory("arbor-prop");
        try (Fixture f = Fixture.postgres(dir).withItems()) {
            Map<String, List<Instant>> times = new HashMap<>();
            // when each state stopped being the branch's: just before its next write began (that write commits
            // later, at a time only Postgres knows, so a moment after this one may already see it)
            Map<String, List<Instant>> ends = new HashMap<>();
            Map<String, List<Map<Long, String>>> states = new HashMap<>();
            Map<Long, String> main = new HashMap<>();
            Map<Long, String> child = null;
            int fork = forkSeed % steps.size();
            record(times, states, "main", f.clock.instant(), main);
            for (int i = 0; i < steps.size(); i++) {
                if (i == fork) {
                    f.tick();
                    f.backend.createBranch(CreateBranchSpec.named("child"));
                    child = new HashMap<>(main);
                    record(times, states, "child", f.clock.instant(), child);
                }
                Step s = steps.get(i);
                String branch = s.onChild() && child != null ? "child" : "main";
                Map<Long, String> model = branch.equals("child") ? child : main;
                ends.computeIfAbsent(branch, k -> new ArrayList<>()).add(beforeWrite(f));
                if (s.value() == null) {
                    f.remove(branch, s.key());
                    model.remove((long) s.key());
                } else {
                    f.put(branch, s.key(), s.value());
                    model.put((long) s.key(), s.value());
                }
                record(times, states, branch, f.clock.instant(), model);
            }
            f.tick();
            for (String branch : times.keySet()) {
                List<Instant> ts = times.get(branch);
                int k = pointSeed % ts.size();
                // a moment from the k-th state's time up to (not including) the start of the write that ended it
                Instant until = k + 1 < ts.size() ? ends.get(branch).get(k) : f.clock.instant().plusMillis(1);
                Instant t = ts.get(k).plusMillis(pointSeed % Math.max(1, until.toEpochMilli() - ts.get(k).toEpochMilli()));
                Map<Long, String> expected = stateAt(ts, states.get(branch), t);
                assertEquals(expected, f.items(branch, PointInTime.at(t)), "read " + branch + " at " + t);

                String copy = branch + "-copy";
                f.backend.createBranch(CreateBranchSpec.named(copy).withParent(branch).at(PointInTime.at(t)));
                assertEquals(expected, f.items(copy), "branch of " + branch + " at " + t);

                Map<Long, String> head = f.items(branch);
                String id = f.branch(branch).id();
                f.backend.restore(id, new RestoreSpec(id, PointInTime.at(t), branch + "-backup"));
                assertEquals(expected, f.items(branch), "restore of " + branch + " to " + t);
                assertEquals(head, f.items(branch + "-backup"), "the backup holds the pre-restore state");
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * A moment before the next write begins and after the state before it was recorded: the recorded times are the
     * fixture's clock, a millisecond ahead of real time after each write, so this waits until real time is past it.
     */
    private static Instant beforeWrite(Fixture f) {
        Instant after = f.clock.instant().plusMillis(2);
        while (Instant.now().isBefore(after)) {
            Thread.onSpinWait();
        }
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static void record(Map<String, List<Instant>> times, Map<String, List<Map<Long, String>>> states,
                               String branch, Instant at, Map<Long, String> state) {
        times.computeIfAbsent(branch, k -> new ArrayList<>()).add(at);
        states.computeIfAbsent(branch, k -> new ArrayList<>()).add(Map.copyOf(state));
    }

    private static Map<Long, String> stateAt(List<Instant> ts, List<Map<Long, String>> states, Instant t) {
        Map<Long, String> s = Map.of();
        for (int i = 0; i < ts.size(); i++) {
            if (!ts.get(i).isAfter(t)) {
                s = states.get(i);
            }
        }
        return s;
    }
}
