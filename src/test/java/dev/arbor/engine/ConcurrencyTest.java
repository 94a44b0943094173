package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.arbor.backend.BranchResult;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.opentest4j.AssertionFailedError;

/**
 * Eight threads for a few seconds mix data writes (a shared counter and a counter of their own, in one transaction
 * through main's connection string, as clients write), reads at head as the console reads them, and branch
 * operations (create, rename, protect, set default, reset, delete) both through {@link EmbeddedBackend} (which waits
 * out LOCKED) and straight through the engine, on real Postgres. Refusals by the rules (LOCKED, CONFLICT,
 * RULE_VIOLATED) are fine; anything else is a failure. Afterwards, and again after reopening: no lost update, no
 * deadlock, no broken rule, branches readable, and exactly the branches the threads believe they made.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(dev.arbor.testing.Parallel.POSTGRES_2)
class ConcurrencyTest {
    private static final String DB = EmbeddedEngine.DEFAULT_DATABASE;
    private static final int THREADS = 8;
    private static final Duration RUN = Duration.ofSeconds(4);
    private static final Duration JOIN = Duration.ofSeconds(40);
    private static final Project.Limits LIMITS = new Project.Limits(5000, 10, 3);
    private static final EngineOptions OPTIONS = PgProjects.options()
            .withNewProject(new EngineOptions.NewProject("concurrency", 86_400, LIMITS));
    /** Branches read at their head in the final checks: each is a time-travel view to start, so a few of them. */
    private static final int BRANCHES_READ = 3;
    private static final Set<ErrorCode> ACCEPTABLE = Set.of(ErrorCode.LOCKED, ErrorCode.CONFLICT, ErrorCode.RULE_VIOLATED);

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void mixedWorkloadLosesNothingAndBreaksNoRule() throws Exception {
        EmbeddedEngine engine = PgProjects.open(dir, OPTIONS);
        EmbeddedBackend backend = new EmbeddedBackend(engine);
        PgProjects.sql(engine, "main", "create table counters (id text primary key, n bigint not null)",
                "insert into counters select 't' || k, 0 from generate_series(0, " + (THREADS - 1) + ") k",
                "insert into counters values ('shared', 0)");

        long deadline = System.nanoTime() + RUN.toNanos();
        CountDownLatch start = new CountDownLatch(1);
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < THREADS; k++) {
            Worker w = new Worker(k, engine, backend, deadline, start);
            workers.add(w);
            Thread t = new Thread(w, "worker-" + k);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        start.countDown();
        long joinBy = System.nanoTime() + JOIN.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
        }
        List<Thread> stuck = threads.stream().filter(Thread::isAlive).toList();
        if (!stuck.isEmpty()) {
            StringBuilder sb = new StringBuilder("threads still running " + JOIN.toSeconds() + " s after the run (deadlock?):\n");
            for (Thread t : stuck) {
                sb.append(t.getName()).append('\n');
                for (StackTraceElement el : t.getStackTrace()) {
                    sb.append("    at ").append(el).append('\n');
                }
            }
            fail(sb.toString());
        }
        assertTrue(failures.isEmpty(), failures.size() + " unexpected outcome(s):\n" + String.join("\n", failures));

        long total = workers.stream().mapToLong(w -> w.increments).sum();
        System.out.println("concurrency: " + total + " increments, "
                + workers.stream().mapToLong(w -> w.reads).sum() + " reads, "
                + workers.stream().mapToLong(w -> w.branchOps).sum() + " branch operations succeeded; refusals: "
                + new TreeMap<>(outcomes.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum()))));
        assertTrue(total >= THREADS, "every thread got some writes in: " + total);
        assertTrue(workers.stream().mapToLong(w -> w.branchOps).sum() >= THREADS, "branch operations happened");

        Map<String, String> expectedParents = new HashMap<>();
        workers.forEach(w -> expectedParents.putAll(w.mine));
        Map<String, Branch> before = checkEverything(engine, workers, total, expectedParents);
        for (Worker w : workers) {
            w.close();
        }
        engine.close();

        try (EmbeddedEngine reopened = EmbeddedEngine.open(dir, OPTIONS)) {
            Map<String, Branch> after = checkEverything(reopened, workers, total, expectedParents);
            assertEquals(before.keySet(), after.keySet(), "the same branches after reopening");
            for (Branch b : before.values()) {
                Branch a = after.get(b.id());
                assertEquals(b.name(), a.name());
                assertEquals(b.parentId(), a.parentId());
                assertEquals(b.isDefault(), a.isDefault());
                assertEquals(b.isProtected(), a.isProtected());
            }
        }
    }

    /**
     * Closing while other threads read and write ends every one of them promptly: each call either completes
     * or is refused as closed (UNAVAILABLE / ENGINE_CLOSED); none hangs, fails with a storage error, or still
     * succeeds when it was started after {@code close()} returned.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closingWhileThreadsReadAndWriteEndsEveryCallPromptly() throws Exception {
        EmbeddedEngine engine = PgProjects.open(dir, OPTIONS);
        PgProjects.sql(engine, "main", "create table counters (id text primary key, n bigint not null)",
                "insert into counters values ('shared', 0)");
        CountDownLatch running = new CountDownLatch(THREADS);
        long[] closedAt = {0};
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < THREADS; k++) {
            boolean writer = k % 2 == 0;
            Thread t = new Thread(() -> {
                String me = Thread.currentThread().getName();
                running.countDown();
                try {
                    while (!stop.get()) {
                        long began = System.nanoTime();
                        if (writer) {
                            try {
                                engine.createBranch(CreateBranchSpec.named(me + "-" + began));
                            } catch (ArborException e) {
                                if (!ACCEPTABLE.contains(e.code())) {
                                    throw e;
                                }
                            }
                        } else {
                            shared(engine, "main");
                            engine.operations(0, 5);
                        }
                        long closed;
                        synchronized (closedAt) {
                            closed = closedAt[0];
                        }
                        if (closed != 0 && began - closed > 0) {
                            failures.add(me + ": a " + (writer ? "write" : "read") + " begun after close() returned succeeded");
                            return;
                        }
                    }
                } catch (ArborException e) {
                    if (e.code() != ErrorCode.UNAVAILABLE || !e.reason().equals("ENGINE_CLOSED")) {
                        failures.add(me + ": " + e.code() + "/" + e.reason() + ": " + e.getMessage());
                    }
                } catch (Throwable t2) {
                    failures.add(me + ": " + t2);
                }
            }, (writer ? "writer-" : "reader-") + k);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        running.await();
        Thread.sleep(300);
        long closing = System.nanoTime();
        engine.close();
        System.out.println("close() took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing) + " ms while threads ran");
        synchronized (closedAt) {
            closedAt[0] = System.nanoTime();
        }
        long joinBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(2000);
        }
        for (Thread t : threads) {
            if (t.isAlive()) {
                StackTraceElement[] st = t.getStackTrace();
                failures.add(t.getName() + " still blocked 7 s after close, at " + List.of(st).subList(0, Math.min(12, st.length)));
                t.interrupt();
            }
        }
        assertTrue(failures.isEmpty(), "calls racing close() that did not end as closed:\n" + String.join("\n", failures));
    }

    /**
     * A read under way when the project closes (its compute stopped under the read) ends refused as closed, not as a
     * Postgres failure the user should retry.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aReadCutOffByClosingIsRefusedAsClosed() throws Exception {
        EmbeddedEngine engine = PgProjects.open(dir, OPTIONS);
        PgProjects.sql(engine, "main", "create table counters (id text primary key, n bigint not null)");
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> ended = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            try {
                engine.readPostgres("main", DB, PointInTime.HEAD, r -> {
                    reading.countDown();
                    try {
                        closed.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return r.readRows("counters", 0, 5);
                });
                ended.add(new AssertionFailedError("the read succeeded after its compute was stopped"));
            } catch (Throwable t) {
                ended.add(t);
            }
        });
        reader.start();
        reading.await();
        engine.close();
        closed.countDown();
        reader.join(10_000);
        Throwable t = ended.poll();
        ArborException e = assertInstanceOf(ArborException.class, t);
        assertEquals("ENGINE_CLOSED", e.reason(), e.getMessage());
        assertEquals("The project is closed.", e.getMessage());
    }

    /** Every call on a closed engine is refused as closed at once; none blocks. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void callsOnAClosedEngineAreRefusedNotBlocked() {
        EmbeddedEngine engine = PgProjects.open(dir, OPTIONS);
        PgProjects.sql(engine, "main", "create table counters (id text primary key, n bigint not null)");
        engine.close();
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("createBranch", () -> engine.createBranch(CreateBranchSpec.named("late")));
        calls.put("createRole", () -> engine.createRole("main", "late", false));
        calls.put("branches", engine::branches);
        calls.put("rows at head", () -> engine.readPostgres("main", DB, PointInTime.HEAD, r -> r.readRows("counters", 0, 5)));
        calls.put("connectionDetails", () -> engine.connectionDetails("main", null, null));
        calls.put("operations", () -> engine.operations(0, 5));
        calls.put("historyWindow", () -> engine.historyWindow("main"));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Runnable> call : calls.entrySet()) {
            try {
                assertTimeoutPreemptively(Duration.ofMillis(1500), () -> call.getValue().run());
                wrong.add(call.getKey() + ": succeeded on a closed engine");
            } catch (ArborException e) {
                if (e.code() != ErrorCode.UNAVAILABLE || !e.reason().equals("ENGINE_CLOSED")) {
                    wrong.add(call.getKey() + ": " + e.code() + "/" + e.reason() + ": " + e.getMessage());
                }
            } catch (AssertionFailedError e) {
                wrong.add(call.getKey() + ": " + e.getMessage());
            }
        }
        assertTrue(wrong.isEmpty(), "calls on a closed engine:\n" + String.join("\n", wrong));
    }

    /** The invariants that must hold once every thread is done; the branches by id. */
    private Map<String, Branch> checkEverything(EmbeddedEngine engine, List<Worker> workers, long total,
                                                Map<String, String> expectedParents) {
        List<Branch> all = engine.branches();
        Map<String, Branch> byId = new LinkedHashMap<>();
        all.forEach(b -> byId.put(b.id(), b));
        assertEquals(all.size(), byId.size(), "branch ids are unique");
        assertEquals(all.size(), all.stream().map(Branch::name).distinct().count(),
                "branch names are unique: " + all.stream().map(Branch::name).sorted().toList());
        List<Branch> defaults = all.stream().filter(Branch::isDefault).toList();
        assertEquals(1, defaults.size(), "exactly one default branch: " + defaults.stream().map(Branch::name).toList());
        long protectedCount = all.stream().filter(Branch::isProtected).count();
        assertTrue(protectedCount <= LIMITS.maxProtectedBranches(), protectedCount + " protected branches, limit "
                + LIMITS.maxProtectedBranches());
        for (Branch b : all) {
            if (b.parentId() != null) {
                assertTrue(byId.containsKey(b.parentId()), b.name() + " has a parent that does not exist: " + b.parentId());
            }
            assertEquals(BranchState.READY, b.currentState(), b.name() + " settled");
            assertNull(b.pendingState(), b.name() + " has nothing pending");
        }
        Branch main = engine.branch("main");
        assertTrue(main.firstRoot() && main.isRoot(), "main is still the first root");

        // exactly the branches the threads made and did not delete, with the parents they chose
        Map<String, String> actualParents = new HashMap<>();
        all.stream().filter(b -> !b.id().equals(main.id())).forEach(b -> actualParents.put(b.id(), b.parentId()));
        assertEquals(expectedParents, actualParents, "branches (id → parent) the threads made, minus those they deleted");

        // no lost update
        Map<String, Long> head = counters(engine, "main");
        assertEquals(total, head.get("shared"), "the shared counter counts every successful increment");
        for (Worker w : workers) {
            assertEquals(w.increments, head.get(w.own), "the counter of thread " + w.k);
        }

        // branches readable (main and the newest few: each is a view to start), and never ahead of main
        List<Branch> newest = all.stream().filter(b -> !b.id().equals(main.id()))
                .sorted(java.util.Comparator.comparing(Branch::createdAt).reversed()).limit(BRANCHES_READ).toList();
        for (Branch b : newest) {
            Map<String, Long> counters = counters(engine, b.id());
            assertEquals(THREADS + 1, counters.size(), b.name() + " reads all its counters");
            assertTrue(counters.get("shared") <= total, b.name());
        }

        // every operation ended, and ended well
        List<Operation> ops = engine.operations(0, 100_000);
        List<Operation> bad = ops.stream().filter(o -> !o.status().isSuccess()).toList();
        assertTrue(bad.isEmpty(), "operations not finished: " + bad);
        return byId;
    }

    /** The counters on a branch at its head, read as the console reads them. */
    private static Map<String, Long> counters(EmbeddedEngine engine, String branch) {
        Map<String, Long> out = new HashMap<>();
        engine.readPostgres(branch, DB, PointInTime.HEAD, r -> r.readRows("counters", 0, 100)).rows()
                .forEach(r -> out.put(String.valueOf(r.get("id")), ((Number) r.get("n")).longValue()));
        return out;
    }

    /** The shared counter on a branch at its head. */
    private static long shared(EmbeddedEngine engine, String branch) {
        Long n = counters(engine, branch).get("shared");
        assertNotNull(n);
        return n;
    }

    private final class Worker implements Runnable {
        final int k;
        final String own;
        final EmbeddedEngine engine;
        final EmbeddedBackend backend;
        final long deadline;
        final CountDownLatch start;
        final Random random;
        /** Branches this thread made and has not deleted: id → parent id. */
        final Map<String, String> mine = new LinkedHashMap<>();
        long increments;
        long reads;
        long branchOps;
        long lastShared;
        int seq;
        /** What the thread is doing, for naming outcomes. */
        String what = "?";
        /** The thread's own session with main, as a client holds one. */
        private Connection session;
        /** Reads of one of its branches so far: each may start a view, so only a few. */
        private int branchReads;

        Worker(int k, EmbeddedEngine engine, EmbeddedBackend backend, long deadline, CountDownLatch start) {
            this.k = k;
            this.own = "t" + k;
            this.engine = engine;
            this.backend = backend;
            this.deadline = deadline;
            this.start = start;
            this.random = new Random(1000 + k);
        }

        @Override
        public void run() {
            try {
                start.await();
            } catch (InterruptedException e) {
                return;
            }
            while (System.nanoTime() < deadline && failures.size() < 20) {
                int dice = random.nextInt(100);
                try {
                    if (dice < 45) {
                        what = "increment";
                        increment();
                    } else if (dice < 70) {
                        what = "read";
                        read();
                    } else {
                        branchOperation();
                    }
                } catch (ArborException e) {
                    if (ACCEPTABLE.contains(e.code())) {
                        outcomes.computeIfAbsent(what + ":" + e.code() + "/" + e.reason(), x -> new LongAdder()).increment();
                    } else {
                        failures.add("thread " + k + " " + what + ": " + e.code() + "/" + e.reason() + ": " + e.getMessage());
                    }
                } catch (Throwable t) {
                    failures.add("thread " + k + " " + what + ": " + t);
                }
            }
        }

        /** Both counters up by one in one transaction, through main's connection string. */
        void increment() throws SQLException {
            if (session == null) {
                ConnectionDetails d = engine.connectionDetails("main", null, null);
                session = DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(null));
                session.setAutoCommit(false);
            }
            try (Statement st = session.createStatement()) {
                st.executeUpdate("update counters set n = n + 1 where id = 'shared'");
                st.executeUpdate("update counters set n = n + 1 where id = '" + own + "'");
                session.commit();
            } catch (SQLException e) {
                session.rollback();
                throw e;
            }
            increments++;
        }

        void close() throws SQLException {
            if (session != null) {
                session.close();
            }
        }

        void read() {
            Map<String, Long> s = counters(engine, "main");
            long mineNow = s.get(own);
            long shared = s.get("shared");
            if (mineNow != increments) {
                failures.add("thread " + k + " read its counter at head as " + mineNow + " after " + increments + " increments");
            }
            if (shared < lastShared || shared < mineNow) {
                failures.add("thread " + k + " read the shared counter as " + shared + " after " + lastShared
                        + " (own " + mineNow + ")");
            }
            lastShared = shared;
            if (!mine.isEmpty() && branchReads < 2) {
                branchReads++;
                String id = pick();
                Map<String, Long> b = counters(engine, id);
                long v = b.get(own);
                if (v > increments || b.size() != THREADS + 1) {
                    failures.add("thread " + k + " read its branch " + id + " wrongly: counter " + v + " > " + increments);
                }
            }
            reads++;
        }

        String pick() {
            List<String> ids = new ArrayList<>(mine.keySet());
            return ids.get(random.nextInt(ids.size()));
        }

        /** Runs through the backend (LOCKED retried, operations awaited) or the engine (awaited here). */
        BranchResult mutate(Supplier<BranchResult> viaBackend, Supplier<BranchResult> viaEngine) {
            BranchResult r;
            if (random.nextBoolean()) {
                r = viaBackend.get();
            } else {
                r = viaEngine.get();
                engine.awaitOperations(r.operations(), Duration.ofSeconds(30));
            }
            branchOps++;
            return r;
        }

        void branchOperation() {
            int op = random.nextInt(100);
            if (mine.isEmpty() || (op < 20 && mine.size() < 4)) {
                String name = "w" + k + "-" + seq++;
                String parent = mine.isEmpty() || random.nextInt(3) > 0 ? "main" : pick();
                String parentId = parent.equals("main") ? engine.branch("main").id() : parent;
                CreateBranchSpec spec = CreateBranchSpec.named(name).withParent(parent);
                what = "create";
                BranchResult r = mutate(() -> backend.createBranch(spec), () -> engine.createBranch(spec));
                assertEquals(name, r.branch().name());
                mine.put(r.branch().id(), parentId);
                return;
            }
            String id = pick();
            if (op < 35) {
                String name = random.nextBoolean() ? "pool-" + random.nextInt(3) : "w" + k + "-r" + seq++;
                what = "rename";
                mutate(() -> backend.updateBranch(id, BranchPatch.rename(name)), () -> engine.updateBranch(id, BranchPatch.rename(name)));
                return;
            }
            if (op < 55) {
                boolean on = !engine.branch(id).isProtected();
                what = on ? "protect" : "unprotect";
                mutate(() -> backend.updateBranch(id, BranchPatch.protect(on)), () -> engine.updateBranch(id, BranchPatch.protect(on)));
                return;
            }
            if (op < 65) {
                String target = random.nextBoolean() ? id : "main";
                what = "set-default";
                mutate(() -> backend.setDefault(target), () -> engine.setDefault(target));
                return;
            }
            if (op < 72) {
                what = "reset";
                mutate(() -> backend.resetFromParent(id, null), () -> engine.resetFromParent(id, null));
                return;
            }
            if (op < 75) {
                what = "delete-main";
                mutate(() -> backend.deleteBranch("main"), () -> engine.deleteBranch("main"));
                failures.add("thread " + k + " deleted main");
                return;
            }
            what = "delete";
            mutate(() -> backend.deleteBranch(id), () -> engine.deleteBranch(id));
            mine.remove(id);
        }
    }
}
