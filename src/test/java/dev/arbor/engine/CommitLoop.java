package dev.arbor.engine;

import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.ErrorCode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Child process for {@link CrashSafetyTest}: opens a project on real Postgres, prints {@code PORT <port>} of main's
 * endpoint, makes sure the tables exist, then commits forever through main's connection string, as a client does;
 * after each commit returns it prints {@code ACK <n>} and flushes. Every commit inserts row n of {@code crash} and
 * sets {@code tally.n = n} in the same transaction; every {@value #BRANCH_EVERY}th it also creates branch
 * {@code crash-<n>} through the engine and prints {@code BRANCH crash-<n>} once {@code createBranch} returned (its
 * operations may still be running). It stops by itself when its parent goes away (stdin closes) or after a minute,
 * so it never outlives the test.
 */
public final class CommitLoop {
    static final String PAYLOAD = "p".repeat(2048);
    static final int BRANCH_EVERY = 40;

    private CommitLoop() {
    }

    public static void main(String[] args) throws SQLException {
        Path dir = Path.of(args[0]);
        PrintStream out = System.out;
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent keeps stdin open while it lives
                }
            } catch (IOException ignored) {
                // treated like end of input
            }
            Runtime.getRuntime().halt(4);
        }, "parent-watch");
        watchdog.setDaemon(true);
        watchdog.start();
        long stopAt = System.nanoTime() + 60_000_000_000L;
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir,
                EngineOptions.defaults().withMaintenanceInterval(null))) {
            ConnectionDetails main = engine.connectionDetails("main", null, null);
            out.println("PORT " + main.port());
            try (Connection c = DriverManager.getConnection(main.jdbcUrl(), main.jdbcProperties(null))) {
                try (Statement st = c.createStatement()) {
                    st.execute("create table if not exists crash (id bigint primary key, payload text)");
                    st.execute("create table if not exists tally (k text primary key, n bigint not null)");
                    st.execute("insert into tally values ('rows', 0) on conflict (k) do nothing");
                }
                long n;
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select n from tally")) {
                    rs.next();
                    n = rs.getLong(1);
                }
                out.println("READY " + n);
                out.flush();
                c.setAutoCommit(false);
                try (PreparedStatement insert = c.prepareStatement("insert into crash values (?, ?)");
                     PreparedStatement count = c.prepareStatement("update tally set n = ? where k = 'rows'")) {
                    while (System.nanoTime() < stopAt) {
                        long id = ++n;
                        insert.setLong(1, id);
                        insert.setString(2, PAYLOAD + id);
                        insert.executeUpdate();
                        count.setLong(1, id);
                        count.executeUpdate();
                        c.commit();
                        out.println("ACK " + id);
                        out.flush();
                        if (id % BRANCH_EVERY == 0) {
                            branch(engine, out, "crash-" + id);
                        }
                    }
                }
            }
        }
        System.exit(0);
    }

    /** A control-plane change whose operations may still be running when the kill comes. */
    private static void branch(EmbeddedEngine engine, PrintStream out, String name) {
        try {
            engine.createBranch(CreateBranchSpec.named(name));
            out.println("BRANCH " + name);
            out.flush();
        } catch (ArborException e) {
            if (e.code() != ErrorCode.LOCKED) {
                throw e;
            }
        }
    }
}
