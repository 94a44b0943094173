package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.arbor.ChildJvm;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit the engine acknowledged survives the process being killed with SIGKILL at an arbitrary moment,
 * the directory opens again afterwards, and a commit is all-or-nothing (its row and the tally move together).
 * Branches created between commits (acknowledged once {@code createBranch} returns, their operations perhaps
 * still running) survive too and are ready after reopening. Several rounds: each child continues where the
 * previous, killed, one left off.
 */
class CrashSafetyTest {
    private static final String DB = CommitLoop.DB;
    /** Acknowledged commits to wait for in each round before killing the child. */
    private static final int[] ACKS_PER_ROUND = {203, 131, 117};
    private static final long ROUND_SECONDS = 40;
    private static final int SIGKILL_EXIT = 128 + 9;

    @TempDir
    Path dir;

    /** Branches whose creation a child acknowledged, over all rounds. */
    private final Set<String> branchesAcknowledged = new LinkedHashSet<>();

    @Test
    @Timeout(value = 110, unit = TimeUnit.SECONDS)
    void everyAcknowledgedCommitSurvivesSigkill() throws Exception {
        long verified = 0;
        for (int round = 0; round < ACKS_PER_ROUND.length; round++) {
            long lastAck = runAndKill(round, verified, ACKS_PER_ROUND[round]);
            verified = verifyAfterCrash(round, lastAck);
        }
        assertTrue(branchesAcknowledged.size() >= 5, "branches made between commits: " + branchesAcknowledged);
        assertTrue(verified >= 451, "commits that survived three crashes: " + verified);
    }

    /** Starts a child, reads acknowledgements until {@code acks} more arrived, SIGKILLs it; the last acknowledged id. */
    private long runAndKill(int round, long startsAfter, int acks) throws Exception {
        ChildJvm.Running child = ChildJvm.start(false, CommitLoop.class, dir.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ROUND_SECONDS);
        long lastAck = -1;
        long seen = 0;
        try {
            while (seen < acks) {
                String line = child.nextLine(deadline);
                if (line == null) {
                    fail("round " + round + ": the child stopped or stalled after " + seen + " acknowledgements"
                            + (child.process().isAlive() ? "" : " (exit " + child.process().exitValue() + ")")
                            + "; its output:\n" + tail(child.transcript().toString()));
                }
                if (line.startsWith("READY ")) {
                    long n = Long.parseLong(line.substring(6).strip());
                    assertEquals(startsAfter, n, "round " + round + ": the child found the tally the last check saw");
                    lastAck = n;
                } else if (line.startsWith("ACK ")) {
                    long id = Long.parseLong(line.substring(4).strip());
                    assertEquals(lastAck + 1, id, "acknowledgements arrive in order");
                    lastAck = id;
                    seen++;
                } else if (line.startsWith("BRANCH ")) {
                    branchesAcknowledged.add(line.substring(7).strip());
                }
            }
        } finally {
            child.process().destroyForcibly();
            assertTrue(child.process().waitFor(15, TimeUnit.SECONDS), "the killed child ended");
        }
        assertEquals(SIGKILL_EXIT, child.process().exitValue(), "round " + round + ": the child died of SIGKILL, mid-loop");
        return lastAck;
    }

    /** Opens the directory the killed child left and checks the acknowledged commits; the tally found. */
    private long verifyAfterCrash(int round, long lastAck) throws Exception {
        long tally;
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null))) {
            Snapshot head = engine.read("main", PointInTime.HEAD);
            Map<String, Object> t = head.get(DB, "tally", "rows");
            assertNotNull(t, "the tally row survived");
            tally = ((Number) t.get("n")).longValue();
            assertTrue(tally >= lastAck, "round " + round + ": acknowledged up to " + lastAck + " but the tally is " + tally);
            List<Long> ids = head.rows(DB, "crash").stream().map(r -> ((Number) r.get("id")).longValue()).sorted().toList();
            assertEquals(tally, ids.size(), "round " + round + ": rows and tally committed together");
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i) != i + 1) {
                    fail("round " + round + ": row " + (i + 1) + " is missing (found " + ids.get(i) + " in its place)");
                }
            }
            Map<String, Object> last = head.get(DB, "crash", lastAck);
            assertNotNull(last, "the last acknowledged row " + lastAck + " is present");
            assertEquals(CommitLoop.PAYLOAD + lastAck, last.get("payload"));
            assertTrue(engine.branch("main").isDefault());
            checkBranches(engine, round, tally);
            System.out.println("crash round " + round + ": last acknowledged " + lastAck + ", committed " + tally);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Store.DB_FILE));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            assertTrue(rs.next());
            assertEquals("ok", rs.getString(1), "SQLite integrity after round " + round);
        }
        return tally;
    }

    /**
     * Every acknowledged branch exists; the operations a kill interrupted are finished on opening, so every
     * branch becomes ready and no operation stays unfinished; each branch reads consistently.
     */
    private void checkBranches(EmbeddedEngine engine, int round, long tally) throws InterruptedException {
        long settleBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Branch> all = engine.branches();
        while (System.nanoTime() < settleBy && all.stream().anyMatch(b -> b.currentState() != BranchState.READY)) {
            Thread.sleep(50);
            all = engine.branches();
        }
        Set<String> names = all.stream().map(Branch::name).collect(Collectors.toSet());
        for (String acked : branchesAcknowledged) {
            assertTrue(names.contains(acked), "round " + round + ": the acknowledged branch " + acked + " is missing; have "
                    + names);
        }
        Branch main = engine.branch("main");
        for (Branch b : all) {
            assertEquals(BranchState.READY, b.currentState(), "round " + round + ": " + b.name() + " is ready after reopening");
            if (b.id().equals(main.id())) {
                continue;
            }
            assertEquals(main.id(), b.parentId(), b.name());
            long at = Long.parseLong(b.name().substring("crash-".length()));
            Snapshot s = engine.read(b.id(), PointInTime.HEAD);
            assertEquals(at, ((Number) s.get(DB, "tally", "rows").get("n")).longValue(),
                    b.name() + " was made right after commit " + at);
            assertEquals(at, s.rows(DB, "crash").size(), b.name() + " sees exactly the rows committed before it");
            assertTrue(at <= tally);
        }
        List<Operation> open = engine.operations(0, 100_000).stream().filter(o -> !o.status().isTerminal()).toList();
        assertTrue(open.isEmpty(), "round " + round + ": operations left unfinished after reopening: " + open);
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }
}
