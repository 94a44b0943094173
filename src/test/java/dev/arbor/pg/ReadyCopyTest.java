package dev.arbor.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Lsn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A storage keeps a copy of its newest base backup ready: a server materialized from that backup takes the copy
 * (the same files, renamed, not copied while the user waits) and has the right data; a new copy is made for the
 * next; a newer backup replaces it; closing the storage stops the making and leaves nothing half-made, and servers
 * then copy the backup as before.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(dev.arbor.testing.Parallel.POSTGRES_3)
class ReadyCopyTest {
    private final List<PostgresServer> started = new ArrayList<>();
    private Path root;

    @AfterEach
    void stopAndDelete() throws Exception {
        for (PostgresServer s : started) {
            s.stop();
        }
        if (root != null) {
            PgTestSupport.delete(root);
        }
    }

    @Test
    void serversStartFromTheReadyCopyOfTheNewestBackup() throws Exception {
        root = PgTestSupport.scratch("arbor-pg-ready");
        PgStorage storage = PgStorage.open(PgTestSupport.binaries(), PgTestSupport.account(), root.resolve("project"));
        Path ready = root.resolve("project").resolve("ready");
        PostgresServer main = storage.createRoot(root.resolve("main"));
        started.add(main);
        storage.baseBackups().copyShutDown(main);
        main.start(0);
        sql(main, "create table items(id int primary key, name text)", "insert into items values (1, 'apple')");
        storage.keepReadyCopy();

        BaseBackup first = storage.baseBackups().takeOnline(main);
        Path copy = ready.resolve(first.directory().getFileName().toString()).resolve("data");
        await("a ready copy of the newest backup", () -> Files.isRegularFile(copy.resolve("PG_VERSION")));
        Object copied = fileKey(copy.resolve("PG_VERSION"));
        assertEquals(List.of(first.directory().getFileName().toString()), entries(ready));

        sql(main, "insert into items values (2, 'pear')");
        Lsn point = Lsn.parse(one(main, "select pg_current_wal_lsn()::text"));
        main.archiveWal();
        PgStorage.Branched branch = storage.promote(1, new RecoveryTarget.AtLsn(point), root.resolve("branch"));
        started.add(branch.server());
        assertEquals(copied, fileKey(branch.server().dataDirectory().resolve("PG_VERSION")),
                "the branch's data directory is the ready copy, renamed");
        assertEquals("1 apple, 2 pear", rows(branch.server()));

        await("a new ready copy after the first was taken", () -> Files.isRegularFile(copy.resolve("PG_VERSION")));
        assertNotEquals(copied, fileKey(copy.resolve("PG_VERSION")));

        sql(main, "insert into items values (3, 'plum')");
        BaseBackup second = storage.baseBackups().takeOnline(main);
        String secondName = second.directory().getFileName().toString();
        await("the copy of the older backup replaced by one of the newer",
                () -> entries(ready).equals(List.of(secondName))
                        && Files.isRegularFile(ready.resolve(secondName).resolve("data").resolve("PG_VERSION")));

        // a backup published while the storage closes: the making stops, nothing half-made stays, nothing is taken
        sql(main, "insert into items values (4, 'fig')");
        storage.baseBackups().takeOnline(main);
        storage.close();
        List<String> afterClose = entries(ready);
        assertTrue(afterClose.stream().noneMatch(n -> n.startsWith(".")), "half-made copies left: " + afterClose);
        Thread.sleep(300);
        assertEquals(afterClose, entries(ready), "nothing is written into ready/ after close");

        Lsn later = Lsn.parse(one(main, "select pg_current_wal_lsn()::text"));
        main.archiveWal();
        PgStorage.Paused view = storage.pause(1, new RecoveryTarget.AtLsn(later), root.resolve("view"));
        started.add(view.server());
        assertEquals(afterClose, entries(ready), "a closed storage copies the backup instead of taking a ready copy");
        assertEquals("1 apple, 2 pear, 3 plum, 4 fig", rows(view.server()));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "waited 60 s for " + what);
            Thread.sleep(20);
        }
    }

    private static Object fileKey(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private static List<String> entries(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(dir)) {
            return all.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of("(unreadable: " + e + ")");
        }
    }

    private static void sql(PostgresServer server, String... statements) throws SQLException {
        try (Connection c = server.connectAsOwner(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static String one(PostgresServer server, String query) throws SQLException {
        try (Connection c = server.connectAsOwner(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String rows(PostgresServer server) throws SQLException {
        try (Connection c = server.connectAsOwner(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id || ' ' || name from items order by id")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return String.join(", ", out);
        }
    }
}
