package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.arbor.ChildJvm;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Arbor killed with SIGKILL while a client writes through main's endpoint and branches are made between commits.
 * Postgres keeps running on its own, so every transaction it acknowledged is in that compute's directory: the next
 * open finds the orphaned postmaster, stops it cleanly, seals its WAL into the archive and removes the directory.
 * Every acknowledged commit is there, all or nothing (its row and the tally move together), no postmaster is left
 * serving the old directory, every branch whose creation was acknowledged exists and is ready (the operations the
 * kill interrupted finish on opening), and a branch made right after commit n holds exactly the rows up to n. Two
 * rounds: the second child continues where the first, killed, one left off.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(dev.arbor.testing.Parallel.POSTGRES_2)
class CrashSafetyTest {
    private static final String DB = EmbeddedEngine.DEFAULT_DATABASE;
    /** Acknowledged commits to wait for in each round before killing the child. */
    private static final int[] ACKS_PER_ROUND = {203, 131};
    private static final long ROUND_SECONDS = 90;
    private static final int SIGKILL_EXIT = 128 + 9;

    @TempDir
    Path dir;

    /** Branches whose creation a child acknowledged, over all rounds. */
    private final Set<String> branchesAcknowledged = new LinkedHashSet<>();
    private int port;
    private final Instant began = Instant.now();

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyAcknowledgedCommitAndBranchSurvivesSigkillOfArbor() throws Exception {
        Fixture.reachable(dir);
        long verified = 0;
        for (int round = 0; round < ACKS_PER_ROUND.length; round++) {
            long lastAck = runAndKill(round, verified, ACKS_PER_ROUND[round]);
            boolean last = round == ACKS_PER_ROUND.length - 1;
            verified = verifyAfterCrash(round, lastAck, last);
        }
        assertTrue(branchesAcknowledged.size() >= 5, "branches made between commits: " + branchesAcknowledged);
        assertTrue(verified >= 334, "commits that survived two crashes: " + verified);
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
                if (line == null || line.equals(ChildJvm.EOF)) {
                    fail("round " + round + ": the child stopped or stalled after " + seen + " acknowledgements"
                            + (child.process().isAlive() ? "" : " (exit " + child.process().exitValue() + ")")
                            + "; its output:\n" + tail(child.transcript().toString()));
                }
                if (line.startsWith("PORT ")) {
                    int p = Integer.parseInt(line.substring(5).strip());
                    if (port != 0) {
                        assertEquals(port, p, "round " + round + ": main's endpoint keeps its port");
                    }
                    port = p;
                } else if (line.startsWith("READY ")) {
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
        assertEquals(1, computes().size(), "round " + round + ": the killed Arbor left main's compute running");
        return lastAck;
    }

    /**
     * Opens the directory the killed child left and checks the acknowledged commits and branches; the tally found.
     * The last round opens it two hours later: the hours Arbor was not running are not the compute's.
     */
    private long verifyAfterCrash(int round, long lastAck, boolean later) throws Exception {
        long tally;
        Clock clock = later ? new ManualClock(Instant.now().plus(Duration.ofHours(2))) : Clock.systemUTC();
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir,
                EngineOptions.defaults().withMaintenanceInterval(null).withClock(clock))) {
            assertTrue(computes().isEmpty(), "round " + round + ": the orphaned compute was sealed, stopped and removed");
            assertTrue(postmastersUnder(dir.resolve("postgres/computes")).isEmpty(), "no postmaster serves the old directory");
            assertEquals(Endpoint.State.IDLE, engine.endpoints("main").get(0).currentState());
            if (later) {
                long realSeconds = Duration.between(began, Instant.now()).toSeconds() + 1;
                long active = engine.branch("main").activeTimeSeconds();
                assertTrue(active <= realSeconds, "main's compute counted " + active + " s in a test of " + realSeconds
                        + " s: until its last recorded activity, and not until the project was opened again");
            }
            ConnectionDetails main = engine.connectionDetails("main", null, null);
            assertEquals(port, main.port(), "the endpoint keeps its port");
            try (Connection c = DriverManager.getConnection(main.jdbcUrl(), main.jdbcProperties(null));
                 Statement st = c.createStatement()) {
                tally = single(st, "select n from tally where k = 'rows'");
                assertTrue(tally >= lastAck, "round " + round + ": acknowledged up to " + lastAck + " but the tally is " + tally);
                assertEquals(tally, single(st, "select count(*) from crash"), "round " + round + ": rows and tally committed together");
                assertEquals(tally, single(st, "select coalesce(max(id), 0) from crash"), "round " + round + ": no row is missing");
                assertEquals(1, single(st, "select count(*) from crash where id = " + lastAck + " and payload = '"
                        + CommitLoop.PAYLOAD + lastAck + "'"), "the last acknowledged row " + lastAck + " is present");
            }
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
     * Every acknowledged branch exists; the operations a kill interrupted are finished on opening, so every branch
     * becomes ready and no operation stays unfinished; the newest branch holds exactly the rows committed before it
     * (read at its head, as the console reads it: one time-travel view, not a compute per branch).
     */
    private void checkBranches(EmbeddedEngine engine, int round, long tally) throws InterruptedException {
        long settleBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
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
        Branch newest = null;
        for (Branch b : all) {
            assertEquals(BranchState.READY, b.currentState(), "round " + round + ": " + b.name() + " is ready after reopening");
            if (b.id().equals(main.id())) {
                continue;
            }
            assertEquals(main.id(), b.parentId(), b.name());
            long at = Long.parseLong(b.name().substring("crash-".length()));
            assertTrue(at <= tally);
            if (newest == null || at > Long.parseLong(newest.name().substring("crash-".length()))) {
                newest = b;
            }
        }
        if (newest != null) {
            long at = Long.parseLong(newest.name().substring("crash-".length()));
            var rows = engine.readPostgres(newest.id(), DB, PointInTime.HEAD, r -> r.readRows("tally", 0, 1)).rows();
            assertEquals(at, ((Number) rows.get(0).get("n")).longValue(), newest.name() + " was made right after commit " + at);
            assertEquals(at, engine.readPostgres(newest.id(), DB, PointInTime.HEAD, r -> r.readRows("crash", 0, 1)).total(),
                    newest.name() + " sees exactly the rows committed before it");
        }
        List<Operation> open = engine.operations(0, 100_000).stream().filter(o -> !o.status().isTerminal()).toList();
        assertTrue(open.isEmpty(), "round " + round + ": operations left unfinished after reopening: " + open);
    }

    private static long single(Statement st, String query) throws Exception {
        try (ResultSet rs = st.executeQuery(query)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private List<Path> computes() throws Exception {
        return computesUnder(dir);
    }

    /** The compute directories of the project in {@code dir}. */
    static List<Path> computesUnder(Path dir) throws Exception {
        Path computes = dir.resolve("postgres/computes");
        if (!Files.isDirectory(computes)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(computes)) {
            return s.toList();
        }
    }

    /** The postmasters running on a data directory under {@code dir}. */
    static List<Long> postmastersUnder(Path dir) {
        String prefix = dir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(prefix)).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }
}
