package dev.arbor.bench;

import dev.arbor.backend.BranchResult;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Branching on real Postgres (issue 12's Speed section), not JMH: every measure is a whole user action on a real
 * engine ({@code EngineOptions}) with real Postgres computes, timed end to end.
 *
 * <ol>
 *   <li>create a branch without a compute, parent with 1 MB and with {@code --mb} (and, with {@code --big}, 1 GB)
 *       of data written, the parent's compute running and stopped;</li>
 *   <li>first query on a new branch: create with a compute, connect, {@code select 1}; parent running (the branch
 *       replays all WAL since the root's first base backup) and stopped (it took a base backup on the way down);</li>
 *   <li>connection downtime a client looping {@code select 1} sees through a reset from parent and a restore;</li>
 *   <li>Time Travel first query ({@code options=neon_lsn:<point>}) in the middle and at the end of the history with
 *       no base backup since the root's first, and just after a base backup;</li>
 *   <li>disk: the project with one branch, with 100 branches never started, and with them each started once.</li>
 * </ol>
 *
 * <p>Bounded: the sizes are arguments, 1 GB only with {@code --big}; only 127.0.0.1 is contacted; every scratch
 * project is deleted at the end. The scratch directory is 0755 under the system temp directory, because as root
 * Postgres runs as another account, which must reach it.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp target/benchmarks.jar dev.arbor.bench.PgBranching
 * [--mb 100] [--runs 5] [--branches 100] [--started 100] [--big | --big-only] [--big-mb 1024] [--no-far]};
 * {@code --no-far} leaves out Time Travel far from a backup (minutes at 1 GB).
 */
public final class PgBranching {
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final long MB = 1024L * 1024;
    private static final int CREATE_RUNS = 20;

    private final int runs;
    private final Path scratch;
    private final boolean far;

    private PgBranching(int runs, Path scratch, boolean far) {
        this.runs = runs;
        this.scratch = scratch;
        this.far = far;
    }

    public static void main(String[] args) throws Exception {
        int mb = 100;
        int bigMb = 1024;
        boolean big = false;
        boolean bigOnly = false;
        boolean far = true;
        boolean downtimeOnly = false;
        boolean diskOnly = false;
        int runs = 5;
        int branches = 100;
        int started = 100;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mb" -> mb = Integer.parseInt(args[++i]);
                case "--big-mb" -> bigMb = Integer.parseInt(args[++i]);
                case "--big" -> big = true;
                case "--no-far" -> far = false;
                case "--downtime-only" -> downtimeOnly = true;
                case "--disk-only" -> diskOnly = true;
                case "--big-only" -> {
                    big = true;
                    bigOnly = true;
                }
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--branches" -> branches = Integer.parseInt(args[++i]);
                case "--started" -> started = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i] + "; the arguments are "
                        + "--mb N, --big, --big-only, --no-far, --downtime-only, --disk-only, --big-mb N, --runs N, --branches N, "
                        + "--started N");
            }
        }
        if (mb < 2 || mb > 4096 || bigMb < 2 || bigMb > 8192 || runs < 1 || runs > 50 || branches < 1
                || branches > 1000 || started < 0 || started > branches) {
            throw new IllegalArgumentException("Out of range: --mb 2..4096, --big-mb 2..8192, --runs 1..50, "
                    + "--branches 1..1000, --started 0..branches");
        }
        Path scratch = Files.createTempDirectory("arbor-pg-bench");
        searchable(scratch);
        System.out.printf(Locale.ROOT, "# PgBranching: --mb %d%s --runs %d --branches %d --started %d; %d CPUs; "
                        + "scratch on %s%n", mb, big ? " --big-mb " + bigMb : "", runs, branches, started,
                Runtime.getRuntime().availableProcessors(), fileSystemOf(scratch));
        System.out.println("# uptime before: " + command("uptime").trim());
        PgBranching bench = new PgBranching(runs, scratch, far);
        try {
            if (downtimeOnly) {
                bench.downtimeOnly(mb);
            } else if (diskOnly) {
                bench.disk(mb, branches, started);
            } else {
                double[] small = bench.createWithoutCompute(1);
                if (!bigOnly) {
                    bench.history(mb, small, true, branches, started);
                }
                if (big) {
                    bench.history(bigMb, small, false, 0, 0);
                }
            }
        } finally {
            deleteTree(scratch);
        }
        System.out.println("# uptime after: " + command("uptime").trim());
    }

    // ---- the parts -----------------------------------------------------------------------------------------------

    /** Part 1 on a project of its own: the median create times (ms) with the parent's compute running and stopped. */
    private double[] createWithoutCompute(int mb) throws Exception {
        try (Scratch p = open("small")) {
            p.write(mb);
            double running = createBranches(p, mb + " MB, parent running")[0];
            p.await(p.engine.suspendEndpoint(p.mainEndpoint()));
            double stopped = createBranches(p, mb + " MB, parent stopped")[0];
            return new double[] {running, stopped};
        }
    }

    /** Parts 1 to 4 on a project with {@code mb} MB written, then part 5 on a second one when asked. */
    private void history(int mb, double[] smallCreate, boolean all, int branches, int started) throws Exception {
        String label = mb + " MB";
        try (Scratch p = open("history-" + mb)) {
            Loaded loaded = p.write(mb);
            System.out.printf(Locale.ROOT, "%s written: %.0f MB of table data, %.0f MB of WAL, in %.1f s%n", label,
                    loaded.dataBytes() / (double) MB, loaded.walBytes() / (double) MB, loaded.seconds());

            double[] running = createBranches(p, label + ", parent running");
            System.out.printf(Locale.ROOT, "1. create without compute: ratio %s ÷ 1 MB (parent running) = %.2f%n",
                    label, running[0] / smallCreate[0]);

            // Time Travel with no base backup since the root's first: the compute has run since then
            if (far) { // Time Travel far from a backup: the slowest part at 1 GB
                timeTravel(p, label + ", no backup, middle", loaded.points(), loaded.points().size() / 2, loaded.start());
                timeTravel(p, label + ", no backup, end", loaded.points(), loaded.points().size() - runs - 1, loaded.start());
            }
            firstQuery(p, label + ", parent running (no backup since the root's)");

            long backups = p.baseBackups();
            long t0 = System.nanoTime();
            p.await(p.engine.suspendEndpoint(p.mainEndpoint()));
            boolean backedUp = p.baseBackups() > backups;
            System.out.printf(Locale.ROOT, "   stopping main's compute (seal%s): %.0f ms%n",
                    backedUp ? ", and a base backup: more than 64 MB written since the last" : "; no base backup",
                    ms(System.nanoTime() - t0));
            System.out.printf(Locale.ROOT, "   on disk after the stop: %s%n", p.storageSummary());
            double[] stopped = createBranches(p, label + ", parent stopped");
            System.out.printf(Locale.ROOT, "1. create without compute: ratio %s ÷ 1 MB (parent stopped) = %.2f%n",
                    label, stopped[0] / smallCreate[1]);
            firstQuery(p, label + ", parent stopped" + (backedUp ? " (base backup at its head)" : " (no new backup)"));
            copyOfNewestBackup(p);

            // a few more points after the backup, for Time Travel near a backup and for restore
            Loaded after = p.write(Math.max(1, (runs + 3) / 2), runs + 3);
            timeTravel(p, label + (backedUp ? ", just after a backup" : ", after the stop (no new backup)"),
                    after.points(), 0, after.start());
            if (all) {
                downtime(p, after.points().get(0));
            }
        }
        if (all) {
            disk(mb, branches, started);
        }
    }

    /** Part 3 alone, on the same history as a full run: {@code mb} MB written, main stopped (a backup), a little more. */
    private void downtimeOnly(int mb) throws Exception {
        try (Scratch p = open("downtime-" + mb)) {
            Loaded loaded = p.write(mb);
            System.out.printf(Locale.ROOT, "%d MB written: %.0f MB of table data, %.0f MB of WAL, in %.1f s%n", mb,
                    loaded.dataBytes() / (double) MB, loaded.walBytes() / (double) MB, loaded.seconds());
            p.await(p.engine.suspendEndpoint(p.mainEndpoint()));
            Loaded after = p.write(Math.max(1, (runs + 3) / 2), runs + 3);
            downtime(p, after.points().get(0));
        }
    }

    /** Part 1: create a branch without a compute, {@link #CREATE_RUNS} times after 3 warm-ups; median, min, max. */
    private double[] createBranches(Scratch p, String label) {
        List<Double> times = new ArrayList<>();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < CREATE_RUNS + 3; i++) {
            String name = "nocompute-" + made.size() + "-" + System.nanoTime();
            long t0 = System.nanoTime();
            BranchResult r = p.engine.createBranch(CreateBranchSpec.named(name));
            p.await(r);
            long t = System.nanoTime() - t0;
            made.add(name);
            if (i >= 3) {
                times.add(ms(t));
            }
        }
        for (String name : made) {
            p.await(p.engine.deleteBranch(name));
        }
        double[] s = stats(times);
        System.out.printf(Locale.ROOT, "1. create without compute, %s: median %.2f ms (min %.2f, max %.2f; %d runs)%n",
                label, s[0], s[1], s[2], times.size());
        return s;
    }

    /** Part 2: create a branch with a compute, connect, select 1; the phases and the whole. */
    private void firstQuery(Scratch p, String label) throws Exception {
        List<Double> create = new ArrayList<>();
        List<Double> query = new ArrayList<>();
        List<Double> total = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            String name = "first-" + i + "-" + System.nanoTime();
            long t0 = System.nanoTime();
            try {
                p.await(p.engine.createBranch(CreateBranchSpec.named(name).withEndpoint(EndpointSpec.readWrite())));
            } catch (ArborException e) {
                // a start that fails once fails every time: say so and go on with the other parts
                System.out.printf(Locale.ROOT, "2. first query on a new branch, %s: FAILED after %.0f ms: %s%n", label,
                        ms(System.nanoTime() - t0), e.getMessage().lines().findFirst().orElse(""));
                p.await(p.engine.deleteBranch(name));
                return;
            }
            long t1 = System.nanoTime();
            try (Connection c = connect(p.engine.connectionDetails(name, null, null), null)) {
                one(c, "select 1");
            }
            long t2 = System.nanoTime();
            p.await(p.engine.deleteBranch(name));
            if (i > 0) { // the first is a warm-up (class loading, the JDBC driver)
                create.add(ms(t1 - t0));
                query.add(ms(t2 - t1));
                total.add(ms(t2 - t0));
            }
        }
        double[] c = stats(create);
        double[] q = stats(query);
        double[] t = stats(total);
        System.out.printf(Locale.ROOT, "2. first query on a new branch, %s: median %.0f ms end to end (min %.0f, max %.0f);"
                + " create + compute start %.0f ms, connect + select 1 %.0f ms; %d runs%n", label, t[0], t[1], t[2], c[0],
                q[0], total.size());
    }

    /** Part 2's split: what copying the newest base backup's data directory costs here, and whether reflinks work. */
    private void copyOfNewestBackup(Scratch p) throws Exception {
        Path backup;
        // base backups live under roots/; tmp/ holds stopped computes' directories being deleted meanwhile
        try (Stream<Path> all = Files.walk(p.dir.resolve("postgres").resolve("roots"))) {
            backup = all.filter(f -> f.getFileName().toString().equals("data") && f.getParent().getParent() != null
                            && f.getParent().getParent().getFileName().toString().equals("basebackups"))
                    .max(Comparator.comparingLong(PgBranching::sizeOf)).orElse(null);
        }
        if (backup == null) {
            System.out.println("   (no base backup found to copy)");
            return;
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            Path to = scratch.resolve("copy-" + i);
            long t0 = System.nanoTime();
            String out = command("cp", "-a", backup.toString(), to.toString());
            long t = System.nanoTime() - t0;
            if (!out.isBlank()) {
                System.out.println("   cp said: " + out.trim());
            }
            deleteTree(to);
            if (i > 0) {
                times.add(ms(t));
            }
        }
        double[] s = stats(times);
        Path to = scratch.resolve("reflink");
        String reflink = command("cp", "-a", "--reflink=always", backup.toString(), to.toString()).trim();
        deleteTree(to);
        System.out.printf(Locale.ROOT, "2. the newest base backup's data directory is %.0f MB; cp -a of it: median "
                        + "%.0f ms (min %.0f, max %.0f); cp --reflink=always: %s%n", sizeOf(backup) / (double) MB, s[0], s[1],
                s[2], reflink.isEmpty() ? "works" : reflink.lines().findFirst().orElse(reflink));
    }

    /** Part 4: connect with {@code neon_lsn} at {@code points[from + i]} (a new view each run), first row. */
    private void timeTravel(Scratch p, String label, List<Point> points, int from, long backupLsn) throws Exception {
        ConnectionDetails main = p.engine.connectionDetails("main", null, null);
        List<Double> times = new ArrayList<>();
        long replay = 0;
        for (int i = 0; i <= runs && from + i < points.size(); i++) {
            Point point = points.get(from + i);
            long t0 = System.nanoTime();
            try (Connection c = connect(main, "neon_lsn:" + new Lsn(point.lsn()))) {
                one(c, "select exists (select 1 from filler)"); // one row: a count would scan the whole table
            }
            long t = System.nanoTime() - t0;
            if (i > 0) {
                times.add(ms(t));
                replay = backupLsn < 0 ? -1 : point.lsn() - backupLsn;
            }
        }
        double[] s = stats(times);
        System.out.printf(Locale.ROOT, "4. Time Travel first query, %s: median %.0f ms (min %.0f, max %.0f; %d runs)%s%n",
                label, s[0], s[1], s[2], times.size(), replay < 0 ? ""
                        : String.format(Locale.ROOT, "; about %.0f MB of WAL to replay after the newest base backup", replay / (double) MB));
    }

    /** Part 3: a client looping select 1 (reconnecting on failure) through resets and restores. */
    private void downtime(Scratch p, Point restorePoint) throws Exception {
        p.await(p.engine.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite())));
        measureDowntime(p, "reset from parent of dev (parent running)", "dev",
                () -> p.await(p.engine.resetFromParent("dev", null)));
        String mainId = p.engine.branch("main").id();
        int[] n = {0};
        measureDowntime(p, "restore of main to a point just after its base backup", "main",
                () -> p.await(p.engine.restore("main", new RestoreSpec(mainId, PointInTime.at(new Lsn(restorePoint.lsn())),
                        "main_old_" + n[0]++))));
    }

    private void measureDowntime(Scratch p, String label, String branch, Runnable action) throws Exception {
        List<Double> gaps = new ArrayList<>();
        List<Double> actions = new ArrayList<>();
        List<Double> syncs = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            Pinger pinger = new Pinger(p.engine.connectionDetails(branch, null, null));
            Thread thread = Thread.ofPlatform().name("pinger").start(pinger);
            pinger.awaitSuccesses(50);
            long t0 = System.nanoTime();
            action.run();
            long t1 = System.nanoTime();
            pinger.awaitSuccessAfter(t1);
            Thread.sleep(200);
            pinger.stop = true;
            thread.join();
            if (i > 0) {
                gaps.add(ms(pinger.longestGap(t0)));
                actions.add(ms(t1 - t0));
                Path log = p.dir.resolve("postgres").resolve("computes")
                        .resolve(p.engine.endpoints(branch).get(0).id()).resolve("postgres.log");
                double synced = untilBackupLabelRead(log);
                if (synced >= 0) {
                    syncs.add(synced);
                }
            }
        }
        double[] g = stats(gaps);
        double[] a = stats(actions);
        double[] s = stats(syncs);
        System.out.printf(Locale.ROOT, "   the new compute's start, from the postmaster's first line to the backup label "
                + "read (the copied data directory synced): median %.0f ms (min %.0f, max %.0f)%n", s[0], s[1], s[2]);
        System.out.printf(Locale.ROOT, "3. downtime, %s: longest gap between successful select 1s median %.0f ms (min %.0f, "
                + "max %.0f); the call with its operations %.0f ms; %d runs; %s%n", label, g[0], g[1], g[2], a[0], gaps.size(),
                loadAverage());
    }

    /**
     * Milliseconds from a Postgres log's first line (the postmaster starting) to "starting backup recovery": a server
     * started from a copied online backup first syncs its data directory; -1 when the log does not say.
     */
    private static double untilBackupLabelRead(Path log) throws IOException {
        if (!Files.exists(log)) {
            return -1;
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        java.time.LocalDateTime start = null;
        for (String line : lines) {
            java.time.LocalDateTime at = logTime(line);
            if (start == null) {
                start = at;
            }
            if (line.contains("starting backup recovery") && start != null && at != null) {
                return Duration.between(start, at).toNanos() / 1e6;
            }
        }
        return -1;
    }

    /** The time a Postgres log line starts with ({@code 2026-12-05 20:02:34.514 UTC [pid] ...}), or null. */
    private static java.time.LocalDateTime logTime(String line) {
        if (line.length() < 23) {
            return null;
        }
        try {
            return java.time.LocalDateTime.parse(line.substring(0, 23).replace(' ', 'T'));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Part 5: du of a project with one branch, with {@code branches} more never started, then each started once. */
    private void disk(int mb, int branches, int started) throws Exception {
        try (Scratch p = open("disk-" + mb)) {
            p.write(mb);
            p.await(p.engine.suspendEndpoint(p.mainEndpoint()));
            long one = p.settledSize();
            System.out.printf(Locale.ROOT, "5. disk, one branch (%d MB written, compute stopped): %.1f MB%n", mb, one / (double) MB);
            for (int i = 0; i < branches; i++) {
                p.await(p.engine.createBranch(CreateBranchSpec.named("idle-" + i)));
            }
            long idle = p.settledSize();
            System.out.printf(Locale.ROOT, "5. disk, + %d branches never started: %.1f MB, %.3f× the one branch%n",
                    branches, idle / (double) MB, idle / (double) one);
            if (started == 0) {
                return;
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < started; i++) {
                String name = "idle-" + i;
                p.await(p.engine.createEndpoint(name, EndpointSpec.readWrite()));
                try (Connection c = connect(p.engine.connectionDetails(name, null, null), null)) {
                    one(c, "select 1");
                }
                String endpoint = p.engine.endpoints(name).get(0).id();
                p.await(p.engine.suspendEndpoint(endpoint));
            }
            long each = p.settledSize();
            System.out.printf(Locale.ROOT, "5. disk, %d of them started once (connect, select 1, stop; %.1f s each): "
                            + "%.1f MB, %.3f× the one branch%n", started, (System.nanoTime() - t0) / 1e9 / started,
                    each / (double) MB, each / (double) one);
            System.out.printf(Locale.ROOT, "   on disk: %s%n", p.storageSummary());
        }
    }

    // ---- the project -------------------------------------------------------------------------------------------

    private record Point(long lsn, long dataBytes) {
    }

    private record Loaded(long start, long dataBytes, long walBytes, double seconds, List<Point> points) {
    }

    private Scratch open(String name) throws IOException {
        Path dir = scratch.resolve(name);
        Files.createDirectories(dir);
        searchable(dir);
        EmbeddedEngine engine = EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null));
        var project = engine.project();
        // restores leave backup branches that are roots
        engine.updateProject(project.historyRetentionSeconds(), new Project.Limits(5000, 100, 5));
        return new Scratch(dir, engine);
    }

    private final class Scratch implements AutoCloseable {
        final Path dir;
        final EmbeddedEngine engine;

        Scratch(Path dir, EmbeddedEngine engine) {
            this.dir = dir;
            this.engine = engine;
        }

        String mainEndpoint() {
            return engine.endpoints("main").get(0).id();
        }

        void await(BranchResult r) {
            engine.awaitOperations(r.operations(), WAIT);
        }

        /** Writes about {@code mb} MB of table data to main in about 64 chunks, a point recorded after each. */
        Loaded write(int mb) throws SQLException {
            return write(mb, Math.min(64, Math.max(1, mb)));
        }

        Loaded write(int mb, int chunks) throws SQLException {
            long target = mb * MB;
            // a row is about 1 kB: an id, 900 characters of md5 text (not compressed: below the TOAST threshold)
            long rowsPerChunk = Math.max(50, target / chunks / 1000);
            List<Point> points = new ArrayList<>();
            long t0 = System.nanoTime();
            try (Connection c = connect(engine.connectionDetails("main", null, null), null)) {
                run(c, "create table if not exists filler (id bigint primary key, pad text not null)");
                long startLsn = Lsn.parse(one(c, "select pg_current_wal_lsn()")).value();
                long startSize = Long.parseLong(one(c, "select pg_database_size(current_database())"));
                long next = Long.parseLong(one(c, "select coalesce(max(id), 0) + 1 from filler"));
                long written = 0;
                while (written < target || points.size() < chunks) {
                    run(c, "insert into filler select g, rpad(md5(random()::text), 900, md5(g::text)) "
                            + "from generate_series(" + next + ", " + (next + rowsPerChunk - 1) + ") g");
                    next += rowsPerChunk;
                    written = Long.parseLong(one(c, "select pg_database_size(current_database())")) - startSize;
                    points.add(new Point(Lsn.parse(one(c, "select pg_current_wal_lsn()")).value(), written));
                }
                long end = points.get(points.size() - 1).lsn();
                return new Loaded(startLsn, written, end - startLsn, (System.nanoTime() - t0) / 1e9, points);
            }
        }

        long baseBackups() throws IOException {
            try (Stream<Path> all = Files.walk(dir.resolve("postgres").resolve("roots"))) {
                return all.filter(f -> f.getParent() != null && f.getParent().getFileName().toString().equals("basebackups")
                        && Files.isDirectory(f)).count();
            }
        }

        String storageSummary() throws IOException {
            Path pg = dir.resolve("postgres");
            return String.format(Locale.ROOT, "project %.1f MB; WAL archives %.1f MB, base backups %.1f MB, the "
                            + "ready copy of the newest backup %.1f MB", du(dir) / (double) MB, sumOf(pg, "wal") / (double) MB,
                    sumOf(pg, "basebackups") / (double) MB, sumOf(pg, "ready") / (double) MB);
        }

        /**
         * {@code du} of the project once the copy of the newest backup kept ready is made (none being made or removed
         * for half a second), so that sizes compare like with like.
         */
        long settledSize() throws Exception {
            Path roots = dir.resolve("postgres").resolve("roots");
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            int quiet = 0;
            while (quiet < 5 && System.nanoTime() < deadline) {
                boolean busy;
                try (Stream<Path> all = Files.list(roots)) {
                    busy = all.map(r -> r.resolve("ready")).filter(Files::isDirectory).anyMatch(r -> {
                        try (Stream<Path> entries = Files.list(r)) {
                            return entries.anyMatch(e -> e.getFileName().toString().startsWith("."));
                        } catch (IOException e) {
                            return true;
                        }
                    });
                }
                quiet = busy ? 0 : quiet + 1;
                Thread.sleep(100);
            }
            return du(dir);
        }

        @Override
        public void close() throws IOException {
            engine.close();
            deleteTree(dir);
        }
    }

    /** A client looping select 1 on one branch, reconnecting after every failure, remembering each success. */
    private static final class Pinger implements Runnable {
        private final ConnectionDetails details;
        private final long[] successes = new long[2_000_000];
        private volatile int count;
        volatile boolean stop;

        Pinger(ConnectionDetails details) {
            this.details = details;
        }

        @Override
        public void run() {
            Connection c = null;
            while (!stop && count < successes.length) {
                try {
                    if (c == null) {
                        c = connect(details, null);
                    }
                    one(c, "select 1");
                    successes[count] = System.nanoTime();
                    count++;
                } catch (SQLException e) {
                    close(c);
                    c = null;
                    sleep(5);
                }
            }
            close(c);
        }

        void awaitSuccesses(int n) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (count < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }

        void awaitSuccessAfter(long t) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((count == 0 || successes[count - 1] <= t) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }

        /** The longest time between two successes, the later one after {@code from}. */
        long longestGap(long from) {
            long gap = 0;
            for (int i = 1; i < count; i++) {
                if (successes[i] > from) {
                    gap = Math.max(gap, successes[i] - successes[i - 1]);
                }
            }
            return gap;
        }

        private static void close(Connection c) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the connection is gone already
                }
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    static Connection connect(ConnectionDetails d, String options) throws SQLException {
        return DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(options));
    }

    static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The load average part of {@code uptime}, to print beside a number taken on a shared machine. */
    private static String loadAverage() {
        String up = command("uptime").trim();
        int at = up.indexOf("load average");
        return at < 0 ? up : up.substring(at);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Median, min and max. */
    private static double[] stats(List<Double> values) {
        if (values.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new double[] {median, sorted.get(0), sorted.get(n - 1)};
    }

    private static void searchable(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Bytes allocated on disk under {@code dir}, as {@code du} counts them. */
    private static long du(Path dir) {
        // the size is du's last line: a file deleted while du reads (a stopped compute's directory going away in
        // the background) adds a complaint before it
        String[] lines = command("du", "-sB1", dir.toString()).trim().split("\n");
        return Long.parseLong(lines[lines.length - 1].trim().split("\\s+")[0]);
    }

    private static long sumOf(Path root, String dirName) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        // a stopped compute's directory is deleted in the background meanwhile: what vanishes is skipped
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path d,
                    java.nio.file.attribute.BasicFileAttributes attrs) {
                if (d.getFileName().toString().equals(dirName)) {
                    found.add(d);
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return found.stream().mapToLong(PgBranching::du).sum();
    }

    private static long sizeOf(Path dir) {
        return du(dir);
    }

    private static String fileSystemOf(Path dir) {
        String[] lines = command("df", "-T", dir.toString()).trim().split("\n");
        String[] cols = lines[lines.length - 1].trim().split("\\s+");
        return cols.length > 1 ? cols[1] : "unknown";
    }

    private static String command(String... args) {
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
