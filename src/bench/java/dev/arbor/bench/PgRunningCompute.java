package dev.arbor.bench;

import dev.arbor.backend.BranchResult;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Lsn;
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
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a running compute costs the rest of a project on real Postgres, before and after in one JVM (a plain
 * {@code main}, not JMH; {@code docs/benchmarks.md}, "Branching on real Postgres"):
 *
 * <ol>
 *   <li>Time Travel and a new branch's first query at the end of a history written by a compute that kept running:
 *       in a project whose maintenance did not run while it wrote (no base backup since the root's, which is also what
 *       the engine left before running computes kept their backups) and in one whose maintenance ran between the
 *       writes (as the app's does every 15 s), interleaved; each view's and compute's start split into phases from
 *       its Postgres log;</li>
 *   <li>create a branch of a running parent (its head asked on the compute's kept connection) beside what the
 *       question cost on a new connection (a backend start and a SCRAM exchange), interleaved;</li>
 *   <li>delete a branch whose compute is far from a backup beside suspending one (which takes a backup), interleaved.</li>
 * </ol>
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp target/benchmarks.jar dev.arbor.bench.PgRunningCompute
 * [--mb 100] [--runs 3]}.
 */
public final class PgRunningCompute {
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final long MB = 1024L * 1024;
    private static final int CHUNKS = 64;
    private static final int CREATE_RUNS = 20;
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    /** The phases of a Postgres start from a base backup, as its log names them. */
    private static final Map<String, String> PHASES = phases();

    private final int runs;
    private final Path scratch;

    private PgRunningCompute(int runs, Path scratch) {
        this.runs = runs;
        this.scratch = scratch;
    }

    public static void main(String[] args) throws Exception {
        int mb = 100;
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mb" -> mb = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i] + "; the arguments are "
                        + "--mb N, --runs N");
            }
        }
        if (mb < 2 || mb > 4096 || runs < 1 || runs > 20) {
            throw new IllegalArgumentException("Out of range: --mb 2..4096, --runs 1..20");
        }
        Path scratch = Files.createTempDirectory("arbor-pg-running");
        searchable(scratch);
        System.out.printf(Locale.ROOT, "# PgRunningCompute: --mb %d --runs %d; %d CPUs%n", mb, runs,
                Runtime.getRuntime().availableProcessors());
        System.out.println("# uptime before: " + command("uptime").trim());
        PgRunningCompute bench = new PgRunningCompute(runs, scratch);
        try {
            bench.all(mb);
        } finally {
            deleteTree(scratch);
        }
        System.out.println("# uptime after: " + command("uptime").trim());
    }

    private void all(int mb) throws Exception {
        try (Scratch without = open("no-upkeep"); Scratch with = open("upkeep")) {
            List<Long> pointsWithout = without.write(mb, false);
            List<Long> pointsWith = with.write(mb, true);
            System.out.printf(Locale.ROOT, "written: %d MB on main, compute running; base backups: %d without "
                    + "maintenance, %d with maintenance between writes%n", mb, without.backups(), with.backups());
            System.out.println("# " + command("uptime").trim());
            timeTravel(without, pointsWithout, with, pointsWith);
            System.out.println("# " + command("uptime").trim());
            firstQuery(without, with);
            System.out.println("# " + command("uptime").trim());
            createOfRunningParent(with);
            System.out.println("# " + command("uptime").trim());
            deleteAndSuspend(without);
        }
    }

    // ---- 1. Time Travel and first query, without and with a running compute's backups -------------------------

    private void timeTravel(Scratch a, List<Long> pointsA, Scratch b, List<Long> pointsB) throws Exception {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (int i = 0; i <= runs; i++) {
            for (Scratch s : List.of(a, b)) {
                List<Long> points = s == a ? pointsA : pointsB;
                long lsn = points.get(points.size() - 1 - i);
                Set<Path> before = s.logs("views");
                long t0 = System.nanoTime();
                try (Connection c = connect(s.engine.connectionDetails("main", null, null), "neon_lsn:" + new Lsn(lsn))) {
                    long t1 = System.nanoTime();
                    one(c, "select exists (select 1 from filler)");
                    long t2 = System.nanoTime();
                    one(c, "select count(*) from filler");
                    long t3 = System.nanoTime();
                    if (i == 0) {
                        continue; // warm-up
                    }
                    String key = s.name;
                    add(times, key + " connect (view made)", ms(t1 - t0));
                    add(times, key + " first query (one row)", ms(t2 - t1));
                    add(times, key + " count(*) of the table", ms(t3 - t2));
                    Set<Path> made = s.logs("views");
                    made.removeAll(before);
                    for (Path log : made) {
                        phases(log).forEach((phase, took) -> add(times, key + " view log: " + phase, took));
                        add(times, key + " WAL replayed (MB)", replayedMb(log));
                    }
                }
            }
        }
        print("1. Time Travel at the end of the history", times);
    }

    private void firstQuery(Scratch a, Scratch b) throws Exception {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (int i = 0; i <= runs; i++) {
            for (Scratch s : List.of(a, b)) {
                String name = "first-" + i;
                long t0 = System.nanoTime();
                s.await(s.engine.createBranch(CreateBranchSpec.named(name).withEndpoint(EndpointSpec.readWrite())));
                try (Connection c = connect(s.engine.connectionDetails(name, null, null), null)) {
                    one(c, "select 1");
                }
                long t1 = System.nanoTime();
                Path log = s.pg().resolve("computes").resolve(s.engine.endpoints(name).get(0).id()).resolve("postgres.log");
                Map<String, Double> phases = phases(log);
                double replayed = replayedMb(log);
                s.await(s.engine.deleteBranch(name));
                if (i > 0) {
                    add(times, s.name + " create + start + select 1", ms(t1 - t0));
                    phases.forEach((phase, took) -> add(times, s.name + " compute log: " + phase, took));
                    add(times, s.name + " WAL replayed (MB)", replayed);
                }
            }
        }
        print("1. First query on a new branch of the running main (create with a compute, connect, select 1)", times);
    }

    // ---- 2. create of a running parent ------------------------------------------------------------------------

    private void createOfRunningParent(Scratch s) throws Exception {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        ConnectionDetails main = s.engine.connectionDetails("main", null, null);
        int computePort;
        try (Connection c = connect(main, null)) {
            computePort = Integer.parseInt(one(c, "show port"));
        }
        List<String> made = new ArrayList<>();
        for (int i = 0; i < CREATE_RUNS + 3; i++) {
            String name = "nocompute-" + i;
            long t0 = System.nanoTime();
            s.await(s.engine.createBranch(CreateBranchSpec.named(name)));
            long t1 = System.nanoTime();
            made.add(name);
            // what each create paid before: a new connection to the compute for one question
            Properties p = new Properties();
            p.setProperty("user", main.role());
            p.setProperty("password", main.password());
            p.setProperty("sslmode", "disable");
            p.setProperty("gssEncMode", "disable");
            long t2 = System.nanoTime();
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + computePort + "/postgres", p)) {
                one(c, "select pg_current_wal_lsn()::text");
            }
            long t3 = System.nanoTime();
            if (i >= 3) {
                add(times, "create without a compute, parent running", ms(t1 - t0));
                add(times, "a new connection to the compute + select pg_current_wal_lsn()", ms(t3 - t2));
            }
        }
        for (String name : made) {
            s.await(s.engine.deleteBranch(name));
        }
        print("2. Create a branch of a running parent (" + CREATE_RUNS + " runs, interleaved)", times);
    }

    // ---- 3. delete and suspend ----------------------------------------------------------------------------------

    private void deleteAndSuspend(Scratch s) throws Exception {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (int i = 0; i < Math.max(2, runs); i++) {
            List<String> names = List.of("gone-" + i, "kept-" + i);
            for (String name : names) {
                s.await(s.engine.createBranch(CreateBranchSpec.named(name).withEndpoint(EndpointSpec.readWrite())));
            }
            long backups = s.backups();
            long t0 = System.nanoTime();
            s.await(s.engine.deleteBranch(names.get(0)));
            long t1 = System.nanoTime();
            long afterDelete = s.backups();
            s.await(s.engine.suspendEndpoint(s.engine.endpoints(names.get(1)).get(0).id()));
            long t2 = System.nanoTime();
            long afterSuspend = s.backups();
            add(times, "delete the branch (base backups taken: " + (afterDelete - backups) + ")", ms(t1 - t0));
            add(times, "suspend its compute (base backups taken: " + (afterSuspend - afterDelete) + ")", ms(t2 - t1));
            s.await(s.engine.deleteBranch(names.get(1)));
        }
        print("3. A branch whose compute is far from a backup (all of main's WAL since the root's backup): delete "
                + "vs suspend", times);
    }

    // ---- the projects ------------------------------------------------------------------------------------------

    private Scratch open(String name) throws IOException {
        Path dir = scratch.resolve(name);
        Files.createDirectories(dir);
        searchable(dir);
        return new Scratch(name, dir, EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null)));
    }

    private static final class Scratch implements AutoCloseable {
        final String name;
        final Path dir;
        final EmbeddedEngine engine;

        Scratch(String name, Path dir, EmbeddedEngine engine) {
            this.name = name;
            this.dir = dir;
            this.engine = engine;
        }

        Path pg() {
            return dir.resolve("postgres");
        }

        void await(BranchResult r) {
            engine.awaitOperations(r.operations(), WAIT);
        }

        /** Writes {@code mb} MB to main in {@link #CHUNKS} chunks; maintenance runs after each when asked. */
        List<Long> write(int mb, boolean maintenance) throws SQLException {
            long rowsPerChunk = Math.max(50, mb * MB / CHUNKS / 1000);
            List<Long> points = new ArrayList<>();
            try (Connection c = connect(engine.connectionDetails("main", null, null), null)) {
                run(c, "create table filler (id bigint primary key, pad text not null)");
                long next = 1;
                for (int i = 0; i < CHUNKS; i++) {
                    run(c, "insert into filler select g, rpad(md5(random()::text), 900, md5(g::text)) "
                            + "from generate_series(" + next + ", " + (next + rowsPerChunk - 1) + ") g");
                    next += rowsPerChunk;
                    points.add(Lsn.parse(one(c, "select pg_current_wal_lsn()")).value());
                    if (maintenance) {
                        engine.runMaintenance();
                    }
                }
            }
            return points;
        }

        /** The base backups of every root (not walking the computes, whose files come and go meanwhile). */
        long backups() throws IOException {
            long n = 0;
            try (Stream<Path> roots = Files.list(pg().resolve("roots"))) {
                for (Path root : roots.toList()) {
                    Path backups = root.resolve("basebackups");
                    if (Files.isDirectory(backups)) {
                        try (Stream<Path> list = Files.list(backups)) {
                            n += list.filter(b -> !b.getFileName().toString().startsWith(".")).count();
                        }
                    }
                }
            }
            return n;
        }

        Set<Path> logs(String under) throws IOException {
            Path d = pg().resolve(under);
            if (!Files.isDirectory(d)) {
                return new HashSet<>();
            }
            try (Stream<Path> all = Files.list(d)) { // one directory per server, each with its log
                return new HashSet<>(all.map(p -> p.resolve("postgres.log")).filter(Files::exists).toList());
            }
        }

        @Override
        public void close() throws IOException {
            engine.close();
            deleteTree(dir);
        }
    }

    // ---- reading a Postgres log ---------------------------------------------------------------------------------

    private static Map<String, String> phases() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("t(backup label read)", "starting backup recovery");
        m.put("t(data directory synced, redo begun)", "redo starts at");
        m.put("t(consistent)", "consistent recovery state reached");
        m.put("t(at the point)", "recovery stopping");
        m.put("t(paused)", "pausing at the end of recovery");
        m.put("t(promoted, ready)", "archive recovery complete");
        return m;
    }

    /** Milliseconds from the log's first line (the postmaster's start) to each phase the log shows. */
    private static Map<String, Double> phases(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        Map<String, Double> out = new LinkedHashMap<>();
        LocalDateTime start = lines.isEmpty() ? null : timeOf(lines.get(0));
        for (var phase : PHASES.entrySet()) {
            for (String line : lines) {
                if (line.contains(phase.getValue())) {
                    LocalDateTime at = timeOf(line);
                    if (at != null && start != null) {
                        out.put(phase.getKey(), Duration.between(start, at).toNanos() / 1e6);
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** The WAL replayed, from "redo starts at X" to the last "redo done at" or "recovery stopping" position. */
    private static double replayedMb(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        var redo = java.util.regex.Pattern.compile("redo starts at ([0-9A-F]+/[0-9A-F]+)").matcher(text);
        var stop = java.util.regex.Pattern.compile("(?:recovery stopping[^\\n]*?LSN\\)|redo done at) \"?([0-9A-F]+/[0-9A-F]+)")
                .matcher(text);
        if (!redo.find()) {
            return -1;
        }
        long from = Lsn.parse(redo.group(1)).value();
        long to = from;
        while (stop.find()) {
            to = Math.max(to, Lsn.parse(stop.group(1)).value());
        }
        return (to - from) / (double) MB;
    }

    private static LocalDateTime timeOf(String line) {
        try {
            return LocalDateTime.parse(line.substring(0, 23), LOG_TIME);
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static void add(Map<String, List<Double>> times, String key, double value) {
        times.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    private static void print(String title, Map<String, List<Double>> times) {
        System.out.println(title);
        times.forEach((key, values) -> {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            System.out.printf(Locale.ROOT, "   %-70s median %8.1f (min %.1f, max %.1f; %d)%n", key, median,
                    sorted.get(0), sorted.get(n - 1), n);
        });
    }

    private static Connection connect(ConnectionDetails d, String options) throws SQLException {
        return DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(options));
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void searchable(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
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
