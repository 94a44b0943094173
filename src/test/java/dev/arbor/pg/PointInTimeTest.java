package dev.arbor.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Lsn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bad-migration story in miniature, on one project's storage: a table gets rows, LSN1 and T1 are noted, a
 * "migration" drops a column and deletes rows (LSN2); then points before it are materialized as branches and as
 * read-only views, while the original server keeps its post-migration state.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_2)
class PointInTimeTest {
    private static Path root;
    private static PgStorage storage;
    private static PostgresServer main;
    private static BaseBackup shutDownCopy;
    private static BaseBackup online;
    private static Lsn lsn1;
    private static Instant t1;
    private static Lsn lsn2;
    private static Instant beforeEverything;
    private static Lsn checkpointAtFirstStart;
    private static final List<PostgresServer> started = new ArrayList<>();

    @BeforeAll
    static void theBadMigration() throws Exception {
        beforeEverything = Instant.now();
        root = PgTestSupport.scratch("arbor-pg-pitr");
        storage = PgStorage.open(PgTestSupport.binaries(), PgTestSupport.account(), root.resolve("project"));
        main = storage.createRoot(root.resolve("main"));
        shutDownCopy = timed("base backup of the shut-down cluster after initdb",
                () -> storage.baseBackups().copyShutDown(main));
        main.start(0);
        try (Connection c = main.connectAsSuperuser("postgres")) {
            checkpointAtFirstStart = Lsn.parse(one(c, "select checkpoint_lsn::text from pg_control_checkpoint()"));
        }
        try (Connection c = main.connectAsOwner(); Statement s = c.createStatement()) {
            s.execute("create table items(id int primary key, name text, price int)");
            s.execute("insert into items values (1, 'apple', 3), (2, 'pear', 4), (3, 'plum', 5)");
            online = timed("online base backup", () -> storage.baseBackups().takeOnline(main));
            s.execute("insert into items values (4, 'fig', 6), (5, 'kiwi', 7)");
            lsn1 = Lsn.parse(one(c, "select pg_current_wal_lsn()::text"));
            t1 = Instant.parse(one(c, "select to_char(clock_timestamp() at time zone 'UTC', "
                    + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
            Thread.sleep(20);
            s.execute("alter table items drop column price");
            s.execute("delete from items where id > 2");
            lsn2 = Lsn.parse(one(c, "select pg_current_wal_lsn()::text"));
        }
        main.archiveWal();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        PgTestSupport.stopAndDelete(root, started, main);
    }

    @AfterEach
    void stopWhatTheTestStarted() {
        for (PostgresServer s : started) {
            s.stop();
        }
        started.clear();
    }

    interface Step<T> {
        T run() throws Exception;
    }

    private static <T> T timed(String what, Step<T> step) throws Exception {
        long t0 = System.nanoTime();
        T result = step.run();
        System.out.printf("[pg timing] %s: %d ms%n", what, (System.nanoTime() - t0) / 1_000_000);
        return result;
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    private static List<String> rows(PostgresServer server) throws SQLException {
        try (Connection c = server.connectAsOwner(); Statement s = c.createStatement()) {
            s.execute("set statement_timeout = '15s'"); // a lock held by a half-replayed transaction fails, not hangs
            return rows(s);
        }
    }

    private static List<String> rows(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("select * from items order by id")) {
            List<String> out = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "," : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
            return out;
        }
    }

    private static final List<String> BEFORE_MIGRATION = List.of("1,apple,3", "2,pear,4", "3,plum,5", "4,fig,6",
            "5,kiwi,7");
    private static final List<String> AFTER_MIGRATION = List.of("1,apple", "2,pear");

    private static Map<String, String> archiveContents() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.list(storage.archive())) {
            for (Path p : all.toList()) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                files.put(p.getFileName().toString(), HexFormat.of().formatHex(digest));
            }
        }
        return files;
    }

    private static void assertArchiveOnlyGrew(Map<String, String> before) throws Exception {
        Map<String, String> after = archiveContents();
        before.forEach((name, hash) -> assertEquals(hash, after.get(name), name + " is unchanged in the archive"));
    }

    private static PgStorage.Branched promote(int tli, RecoveryTarget target, String dir) throws Exception {
        PgStorage.Branched b = timed("materialize + promote (" + target + ")",
                () -> storage.promote(tli, target, root.resolve(dir)));
        started.add(b.server());
        return b;
    }

    @Test
    void aBranchAtLsn1HasTheRowsBackIsWritableAndOnANewTimeline() throws Exception {
        Map<String, String> archiveBefore = archiveContents();
        PgStorage.Branched b = promote(1, new RecoveryTarget.AtLsn(lsn1), "branch-at-lsn1");

        assertEquals(BEFORE_MIGRATION, rows(b.server()));
        try (Connection c = b.server().connectAsOwner(); Statement s = c.createStatement()) {
            s.execute("insert into items values (6, 'lime', 8)");
            assertEquals("f", one(c, "select pg_is_in_recovery()"));
        }
        assertTrue(b.timeline() > 1, "a new timeline: " + b.timeline());
        assertEquals(1, b.parentTimeline());
        assertEquals(lsn1, b.forkLsn(), "forked exactly where asked");
        assertEquals(online.directory(), b.from().directory(), "the newest backup that ends before LSN1");
        assertEquals(String.format("%08X.history", b.timeline()), b.historyFile().getFileName().toString());
        assertTrue(Files.readString(b.historyFile()).startsWith("1\t" + lsn1 + "\t"), Files.readString(b.historyFile()));
        assertEquals(AFTER_MIGRATION, rows(main), "the original keeps its post-migration state");
        String conf = Files.readString(b.server().dataDirectory().resolve("postgresql.conf"));
        assertFalse(conf.contains(PgStorage.RECOVERY_BEGIN) || conf.lines().anyMatch(l -> l.startsWith("recovery_")),
                "spent recovery settings are not left for a later copy");
        assertArchiveOnlyGrew(archiveBefore);
    }

    @Test
    void aBranchStartedFromACopiedBackupMakesItDurableWithOneSyncfsPerFileSystem() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(PostgresServer.SYNCFS, "syncfs reports errors on Linux 5.8 and later only");
        PgStorage.Branched b = promote(1, new RecoveryTarget.AtLsn(lsn1), "branch-syncfs");
        try (Connection c = b.server().connectAsSuperuser("postgres")) {
            assertEquals("syncfs", one(c, "select setting from pg_settings where name = 'recovery_init_sync_method'"));
            assertEquals("on", one(c, "select setting from pg_settings where name = 'fsync'"), "a writable branch syncs");
        }
        assertEquals(BEFORE_MIGRATION, rows(b.server()));
    }

    @Test
    void syncfsIsUsedOnlyWhereItReportsWriteBackErrors() {
        assertTrue(PostgresServer.syncfsReportsErrors("Linux", "6.18.0-1-amd64"));
        assertTrue(PostgresServer.syncfsReportsErrors("Linux", "5.8.0"));
        assertFalse(PostgresServer.syncfsReportsErrors("Linux", "5.4.0-150-generic"), "errors go unreported before 5.8");
        assertFalse(PostgresServer.syncfsReportsErrors("Linux", "4.19.0"));
        assertFalse(PostgresServer.syncfsReportsErrors("Mac OS X", "14.4"), "no syncfs outside Linux");
        assertFalse(PostgresServer.syncfsReportsErrors("Windows 11", "10.0"));
    }

    @Test
    void aBranchOfABranchForksItsOwnTimelineAtItsOwnLaterPoint() throws Exception {
        PgStorage.Branched first = promote(1, new RecoveryTarget.AtLsn(lsn1), "branch-first");
        Lsn onBranch;
        try (Connection c = first.server().connectAsOwner(); Statement s = c.createStatement()) {
            s.execute("insert into items values (10, 'on the branch', 1)");
            onBranch = Lsn.parse(one(c, "select pg_current_wal_lsn()::text"));
            s.execute("insert into items values (11, 'later on the branch', 1)");
        }
        // stopping switches WAL, so the branch's last commits are in the archive without anything else
        first.server().stop();
        assertNotNull(first.server().endLsn());
        assertTrue(first.server().endLsn().isAfter(onBranch));

        PgStorage.Branched second = promote(first.timeline(), new RecoveryTarget.AtLsn(onBranch), "branch-second");
        assertTrue(second.timeline() > first.timeline(), second.timeline() + " after " + first.timeline());
        assertEquals(first.timeline(), second.parentTimeline());
        assertEquals(onBranch, second.forkLsn());
        List<String> expected = new ArrayList<>(BEFORE_MIGRATION);
        expected.add("10,on the branch,1");
        assertEquals(expected, rows(second.server()));
        String history = Files.readString(second.historyFile());
        assertTrue(history.startsWith("1\t" + lsn1 + "\t"), history);
        assertTrue(history.contains("\n" + first.timeline() + "\t" + onBranch + "\t"), history);
    }

    @Test
    void aReadOnlyViewAtT1ShowsThePreMigrationRowsRefusesWritesAndT1ResolvesToWhereItStopped() throws Exception {
        PgStorage.Paused p = timed("materialize + pause read-only at T1",
                () -> storage.pause(1, new RecoveryTarget.AtTime(t1), root.resolve("view-at-t1")));
        started.add(p.server());

        assertEquals(BEFORE_MIGRATION, rows(p.server()));
        try (Connection c = p.server().connectAsOwner(); Statement s = c.createStatement()) {
            SQLException refused = assertThrows(SQLException.class,
                    () -> s.execute("insert into items values (9, 'nope', 1)"));
            assertEquals("25006", refused.getSQLState(), refused.getMessage()); // read_only_sql_transaction
            assertEquals("t", one(c, "select pg_is_in_recovery()"));
        }
        assertFalse(p.replayLsn().isAfter(lsn2), p.replayLsn() + " <= " + lsn2);
        assertFalse(lsn1.isAfter(p.replayLsn()), lsn1 + " <= " + p.replayLsn());
        assertFalse(p.lastCommit().isAfter(t1), "the last commit at or before T1");
        // made twice (at the moment, then just after its last commit); the second replays WAL placed in its pg_wal
        assertTrue(Files.readString(p.server().logFile()).contains("entering standby mode"));
        p.server().stop();

        PgStorage.Resolved r = timed("resolve T1 to an LSN", () -> storage.resolve(1, t1));
        assertEquals(p.replayLsn(), r.lsn(), "the same exact answer as the view");
        assertEquals(p.lastCommit(), r.lastCommit());
        try (Stream<Path> left = Files.list(root.resolve("project").resolve("tmp"))) {
            assertEquals(0, left.count(), "the ephemeral server's directory is gone");
        }
    }

    @Test
    void aReadOnlyViewAtAnExactLsnStopsThere() throws Exception {
        PgStorage.Paused p = storage.pause(1, new RecoveryTarget.AtLsn(lsn1), root.resolve("view-at-lsn1"));
        started.add(p.server());
        assertEquals(lsn1, p.replayLsn());
        assertEquals(BEFORE_MIGRATION, rows(p.server()));
    }

    @Test
    void twoPromotesAtOnceGetDistinctTimelines() throws Exception {
        Map<String, String> archiveBefore = archiveContents();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<PgStorage.Branched>> runs = new ArrayList<>();
        for (String dir : List.of("race-a", "race-b")) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return storage.promote(1, new RecoveryTarget.AtLsn(lsn1), root.resolve(dir));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        go.countDown();
        PgStorage.Branched a = runs.get(0).join();
        PgStorage.Branched b = runs.get(1).join();
        started.add(a.server());
        started.add(b.server());
        assertNotEquals(a.timeline(), b.timeline());
        for (PgStorage.Branched x : List.of(a, b)) {
            assertEquals(x.timeline(), Integer.parseInt(one(x.server().connectAsSuperuser("postgres"),
                    "select substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)"), 16));
            assertEquals(BEFORE_MIGRATION, rows(x.server()));
        }
        assertArchiveOnlyGrew(archiveBefore);
    }

    @Test
    void aPromoteWaitsWhileAnotherPromoteOfTheSameArchiveIsUnderWay() throws Exception {
        Path dir = root.resolve("waiting");
        CompletableFuture<PgStorage.Branched> waiting;
        try (PgStorage.PromoteLock held = storage.lockPromotes()) {
            waiting = CompletableFuture.supplyAsync(
                    () -> storage.promote(1, new RecoveryTarget.AtLsn(lsn1), dir));
            long deadline = System.currentTimeMillis() + 60_000;
            // standby.signal when the WAL is placed in pg_wal, recovery.signal when it is restored from the archive
            while (!Files.exists(dir.resolve("data/standby.signal")) && !Files.exists(dir.resolve("data/recovery.signal"))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(dir.resolve("data/standby.signal")), "copied, its WAL placed, ready to start");
            Thread.sleep(2000);
            assertFalse(waiting.isDone());
            assertEquals(List.of(), PgTestSupport.postgresOn(dir.resolve("data")),
                    "copied and ready, but not started while another promote holds the archive");
        }
        PgStorage.Branched b = waiting.join();
        started.add(b.server());
        assertEquals(BEFORE_MIGRATION, rows(b.server()));
    }

    @Test
    void baseBackupsRecordTheirTimelineAndLsnsAndLeaveOutWhatTheyMust() throws Exception {
        assertEquals(1, shutDownCopy.timeline());
        assertEquals(checkpointAtFirstStart, shutDownCopy.stopLsn(), "the shutdown checkpoint, read from pg_control");
        assertFalse(shutDownCopy.online());
        assertEquals(shutDownCopy.startLsn(), shutDownCopy.stopLsn());
        assertTrue(Files.isRegularFile(shutDownCopy.dataDirectory().resolve("global/pg_control")));
        assertFalse(Files.exists(shutDownCopy.dataDirectory().resolve("postmaster.pid")));

        assertEquals(1, online.timeline());
        assertTrue(online.online());
        assertTrue(online.stopLsn().isAfter(online.startLsn()));
        assertTrue(online.stopLsn().isAfter(shutDownCopy.stopLsn()));
        Path data = online.dataDirectory();
        assertTrue(Files.readString(data.resolve("backup_label")).contains("START WAL LOCATION: " + online.startLsn()));
        assertFalse(Files.exists(data.resolve("postmaster.pid")));
        assertFalse(Files.exists(data.resolve("postmaster.opts")));
        try (Stream<Path> wal = Files.list(data.resolve("pg_wal"))) {
            assertEquals(0, wal.count(), "pg_wal is empty: the WAL comes from the archive");
        }
        assertEquals(online.directory().getFileName().toString(), "1-" + WalSegments.hex(online.startLsn()));
        assertEquals(List.of(shutDownCopy, online), storage.baseBackups().list());
    }

    @Test
    void backingUpTheWrongWayIsASentence() throws Exception {
        List<BaseBackup> before = storage.baseBackups().list();
        ArborException running = assertThrows(ArborException.class, () -> storage.baseBackups().copyShutDown(main));
        assertEquals("The Postgres server in " + main.directory() + " is running, so a plain copy of it would not be "
                + "consistent; stop it first, or take an online base backup.", running.getMessage());
        PostgresServer stopped = PostgresServer.open(PgTestSupport.binaries(), PgTestSupport.account(),
                root.resolve("never-started"), storage.archive());
        ArborException notRunning = assertThrows(ArborException.class,
                () -> storage.baseBackups().takeOnline(stopped));
        assertEquals("The Postgres server in " + stopped.directory() + " is not running, so it cannot be backed up "
                + "online; back up its shut-down data directory instead.", notRunning.getMessage());
        assertEquals(before, storage.baseBackups().list());
        try (Stream<Path> dirs = Files.list(storage.baseBackups().directory())) {
            assertEquals(before.size(), dirs.count(), "no half-made backup is left");
        }
    }

    @Test
    void anExistingDirectoryIsNotOverwritten() throws Exception {
        Path dir = root.resolve("taken");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("keep.txt"), "mine");
        ArborException e = assertThrows(ArborException.class,
                () -> storage.promote(1, new RecoveryTarget.AtLsn(lsn1), dir));
        assertEquals("Arbor materializes a point into a new directory, and " + dir + " already exists; choose "
                + "another, or delete it.", e.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("keep.txt")));
    }

    private static void assertRefusedLeavingNothing(String expectedMessage, Step<?> attempt, Path dir)
            throws Exception {
        Map<String, String> archiveBefore = archiveContents();
        List<BaseBackup> backupsBefore = storage.baseBackups().list();
        ArborException e = assertThrows(ArborException.class, attempt::run);
        assertEquals(expectedMessage, e.getMessage());
        assertFalse(Files.exists(dir), "no stray directory " + dir);
        assertEquals(List.of(), PgTestSupport.postgresOn(dir.resolve("data")), "no postmaster left running");
        assertEquals(archiveBefore, archiveContents(), "the archive is untouched");
        assertEquals(backupsBefore, storage.baseBackups().list());
    }

    @Test
    void aTargetBeforeTheFirstBaseBackupIsASentence() throws Exception {
        Path dir = root.resolve("too-early");
        Lsn early = new Lsn(shutDownCopy.stopLsn().value() - 8);
        assertRefusedLeavingNothing("Timeline 1 has no base backup that ends at or before LSN " + early
                        + ", so Arbor cannot rebuild it; choose a later point.",
                () -> storage.promote(1, new RecoveryTarget.AtLsn(early), dir), dir);
        Instant before = beforeEverything.minus(Duration.ofHours(1));
        assertRefusedLeavingNothing("Timeline 1 has no base backup that ends at or before "
                        + new RecoveryTarget.AtTime(before)
                        + ", so Arbor cannot rebuild it; choose a later point.",
                () -> storage.pause(1, new RecoveryTarget.AtTime(before), dir), dir);
    }

    @Test
    void aTargetAfterTheTimelinesEndIsASentence() throws Exception {
        Path dir = root.resolve("too-late");
        Lsn far = new Lsn(lsn2.value() + (1L << 30));
        String beyond = "LSN " + far + " is after the end of timeline 1's WAL in the archive (it ends by ";
        ArborException e = assertThrows(ArborException.class,
                () -> storage.promote(1, new RecoveryTarget.AtLsn(far), dir));
        assertTrue(e.getMessage().startsWith(beyond) && e.getMessage().endsWith("); choose an earlier point."),
                e.getMessage());
        assertFalse(Files.exists(dir));

        // within the last archived segment but after its last record: Postgres finds out, and says so
        Lsn archivedEnd = Timelines.archivedEnd(storage.archive(), 1, Timelines.ancestry(storage.archive(), 1));
        Lsn inPadding = new Lsn(archivedEnd.value() - 4096);
        assertRefusedLeavingNothing("LSN " + inPadding + " is after the end of timeline 1's WAL in the archive; "
                        + "choose an earlier point.",
                () -> storage.promote(1, new RecoveryTarget.AtLsn(inPadding), dir), dir);
        // a moment after the last archived commit
        Instant now = Instant.now().minusMillis(1);
        assertRefusedLeavingNothing(new RecoveryTarget.AtTime(now) + " is after the end of timeline 1's WAL in the "
                        + "archive; choose an earlier point.",
                () -> storage.pause(1, new RecoveryTarget.AtTime(now), dir), dir);
    }

    @Test
    void aMalformedLsnIsASentence() {
        for (String bad : List.of("12345", "0/XYZ", "", "1/2/3", "123456789/0")) {
            ArborException e = assertThrows(ArborException.class, () -> RecoveryTarget.lsn(bad));
            assertEquals("\"" + bad + "\" is not an LSN. An LSN is two hexadecimal numbers of 1 to 8 digits separated by a"
                    + " slash, such as 0/1DE2850.", e.getMessage());
        }
        assertEquals("16/B374D848", RecoveryTarget.lsn("16/b374d848").toString().substring(4));
    }

    @Test
    void aMomentInTheFutureIsASentence() throws Exception {
        Path dir = root.resolve("future");
        Instant future = Instant.now().plus(Duration.ofHours(1));
        RecoveryTarget.AtTime at = new RecoveryTarget.AtTime(future);
        assertRefusedLeavingNothing("The moment " + at.time() + " is in the future; choose a moment up to now.",
                () -> storage.pause(1, at, dir), dir);
        assertRefusedLeavingNothing("The moment " + at.time() + " is in the future; choose a moment up to now.",
                () -> storage.resolve(1, future), root.resolve("project/tmp/none"));
    }

    @Test
    void anUnknownTimelineIsASentence() throws Exception {
        Path dir = root.resolve("unknown");
        assertRefusedLeavingNothing("Timeline 99 is not in this project's WAL archive (it has no 00000063.history).",
                () -> storage.promote(99, new RecoveryTarget.AtLsn(lsn1), dir), dir);
    }
}
