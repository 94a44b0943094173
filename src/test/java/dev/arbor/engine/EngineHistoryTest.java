package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.HistoryWindow;
import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History on real Postgres: LSNs are Postgres's, commit times the ones Postgres records, the window and retention
 * (issue point 7).
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_3)
class EngineHistoryTest {
    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void open() {
        f = Fixture.postgres(dir).withItems();
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void everyCommitHasAStrictlyIncreasingLsnAndItsCommitTime() {
        List<Lsn> lsns = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Instant before = f.clock.instant();
            f.put("main", i, "v" + i);
            ResolvedPoint head = f.head("main");
            lsns.add(head.lsn());
            times.add(head.committedAt());
            assertTrue(head.committedAt().isAfter(before) && !head.committedAt().isAfter(f.clock.instant()),
                    "the head's time is its commit's: " + head.committedAt() + " after " + before);
        }
        for (int i = 1; i < lsns.size(); i++) {
            assertTrue(lsns.get(i).isAfter(lsns.get(i - 1)), lsns.toString());
            assertTrue(times.get(i).isAfter(times.get(i - 1)));
        }
        f.backend.createBranch(CreateBranchSpec.named("dev"));
        f.put("dev", 100, "x");
        assertTrue(f.head("dev").lsn().isAfter(lsns.get(lsns.size() - 1)), "a child's commits continue past its branch point");
    }

    @Test
    void aTimestampResolvesToTheLastLsnCommittedAtOrBeforeIt() {
        f.put("main", 1, "a");
        Instant t1 = f.clock.instant();
        ResolvedPoint first = f.head("main");
        f.put("main", 2, "b");
        ResolvedPoint exact = f.engine.resolve("main", PointInTime.at(t1));
        assertEquals(first.committedAt(), exact.committedAt(), "the last commit at or before the moment");
        assertTrue(!exact.lsn().isBefore(first.lsn()) && exact.lsn().isBefore(f.head("main").lsn()), exact.lsn()
                + " lies between the first commit's " + first.lsn() + " and the second's");
        assertEquals(Map.of(1L, "a"), f.items("main", PointInTime.at(exact.lsn())), "its LSN reads what was there then");
        assertEquals(Map.of(1L, "a"), f.items("main", PointInTime.at(t1)));
        assertEquals(f.head("main").lsn(), f.engine.resolve("main", PointInTime.at(f.clock.instant())).lsn(),
                "a moment after the last commit is the head");
    }

    @Test
    void pointsOutsideTheWindowAreRefusedWithASentenceThatStatesIt() {
        f.put("main", 1, "a");
        HistoryWindow w = f.engine.historyWindow("main");
        var before = f.refused(ErrorCode.INVALID_INPUT, "POINT_OUTSIDE_HISTORY",
                () -> f.engine.resolve("main", PointInTime.at(w.start().minusMillis(1))));
        assertTrue(before.getMessage().contains("history window of \"main\" runs from " + w.start()), before.getMessage());
        var future = f.refused(ErrorCode.INVALID_INPUT, "POINT_IN_FUTURE",
                () -> f.engine.resolve("main", PointInTime.at(f.clock.instant().plusSeconds(1))));
        assertTrue(future.getMessage().contains("in the future"), future.getMessage());
        var afterHead = f.refused(ErrorCode.INVALID_INPUT, "POINT_AFTER_HEAD",
                () -> f.engine.resolve("main", PointInTime.at(f.head("main").lsn().plus(8))));
        assertTrue(afterHead.getMessage().contains("after the head"), afterHead.getMessage());
    }

    @Test
    void theWindowStartsAtTheRetentionHorizonOnceHistoryIsOlder() {
        f.engine.updateProject(3600, Project.Limits.DEFAULT);
        f.put("main", 1, "old");
        // the control plane's clock moves on; Postgres commits only in real time, so nothing is written after this
        f.clock.advance(Duration.ofHours(3));
        HistoryWindow w = f.engine.historyWindow("main");
        assertEquals(f.clock.instant().minusSeconds(3600), w.start());
        assertEquals(f.clock.instant(), w.head());
        f.refused(ErrorCode.INVALID_INPUT, "POINT_OUTSIDE_HISTORY",
                () -> f.engine.resolve("main", PointInTime.at(f.clock.instant().minus(Duration.ofHours(2)))));
        assertEquals(Map.of(1L, "old"), f.items("main", PointInTime.at(w.start())), "the state at the horizon is readable");
    }

    @Test
    void retentionKeepsEveryChildsBranchPointAndTheHeadReadable() {
        f.engine.updateProject(3600, Project.Limits.DEFAULT);
        for (int round = 0; round < 5; round++) {
            for (long id = 1; id <= 10; id++) {
                f.put("main", id, "round " + round);
            }
        }
        Map<Long, String> atFork = f.items("main");
        f.backend.createBranch(CreateBranchSpec.named("old-child"));
        for (int round = 5; round < 8; round++) {
            for (long id = 1; id <= 10; id++) {
                f.put("main", id, "round " + round);
            }
        }
        Map<Long, String> latest = f.items("main");
        f.clock.advance(Duration.ofHours(5));
        f.engine.collectHistory();
        assertEquals(atFork, f.items("old-child"), "a child's branch point stays readable");
        assertEquals(latest, f.items("main"));
        f.engine.collectHistory();
        assertEquals(atFork, f.items("old-child"), "and after a second pass");
    }

    @Test
    void historySurvivesReopening() {
        f.put("main", 1, "a");
        Instant t = f.clock.instant();
        f.put("main", 1, "b");
        Lsn head = f.head("main").lsn();
        f.close();
        f = Fixture.postgres(dir);
        assertTrue(!f.head("main").lsn().isBefore(head), "the head is kept (closing seals the WAL past it)");
        assertEquals(Map.of(1L, "a"), f.items("main", PointInTime.at(t)));
        f.put("main", 2, "c");
        assertTrue(f.head("main").lsn().isAfter(head));
    }
}
