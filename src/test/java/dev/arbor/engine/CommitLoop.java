package dev.arbor.engine;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Column;
import dev.arbor.domain.ColumnType;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.TableSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Child process for {@link CrashSafetyTest}: opens the engine on a directory, makes sure the tables exist,
 * then commits forever; after each {@code write} returns it prints {@code ACK <n>} and flushes. Every commit
 * inserts row n of {@code crash} and sets {@code tally.n = n} in the same transaction; every
 * {@value #BRANCH_EVERY}th it also creates branch {@code crash-<n>} and prints {@code BRANCH crash-<n>} once
 * {@code createBranch} returned (its operations may still be running). It stops by itself
 * when its parent goes away (stdin closes) or after a minute, so it never outlives the test.
 */
public final class CommitLoop {
    static final String DB = EmbeddedEngine.DEFAULT_DATABASE;
    static final String PAYLOAD = "p".repeat(2048);
    static final int BRANCH_EVERY = 40;

    private CommitLoop() {
    }

    public static void main(String[] args) {
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
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null))) {
            boolean exists = engine.read("main", PointInTime.HEAD).tables(DB).stream().anyMatch(t -> t.name().equals("crash"));
            if (!exists) {
                engine.write("main", tx -> {
                    tx.createTable(new TableSchema(DB, "crash", List.of(Column.required("id", ColumnType.BIGINT),
                            Column.of("payload", ColumnType.TEXT)), List.of("id")));
                    tx.createTable(new TableSchema(DB, "tally", List.of(Column.required("k", ColumnType.TEXT),
                            Column.required("n", ColumnType.BIGINT)), List.of("k")));
                    tx.insert(DB, "tally", Map.of("k", "rows", "n", 0L));
                });
            }
            long n = ((Number) engine.read("main", PointInTime.HEAD).get(DB, "tally", "rows").get("n")).longValue();
            out.println("READY " + n);
            out.flush();
            while (System.nanoTime() < stopAt) {
                long id = ++n;
                engine.write("main", tx -> {
                    tx.insert(DB, "crash", Map.of("id", id, "payload", PAYLOAD + id));
                    tx.upsert(DB, "tally", Map.of("k", "rows", "n", id));
                });
                out.println("ACK " + id);
                out.flush();
                if (id % BRANCH_EVERY == 0) {
                    // a control-plane change whose operations may still be running when the kill comes
                    String name = "crash-" + id;
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
        }
        System.exit(0);
    }
}
