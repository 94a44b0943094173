package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;

/**
 * A real engine in a temp directory and the helpers the engine tests share. {@link #postgres} opens it on real
 * Postgres: rows are written in SQL through a branch's own connection string (pgjdbc) and read through
 * {@code readPostgres}, at the head or a point. Commit times are then the real ones Postgres records, so the clock
 * is a manual one that follows real time: {@link #tick()} moves it to the next millisecond once real time has
 * passed it, so that every commit before a tick is at or before the clock's time, and every commit after it later
 * (the engine keeps times to the millisecond).
 */
final class Fixture implements AutoCloseable {
    static final String DB = "neondb";

    final ManualClock clock;
    final Path dir;
    final EmbeddedEngine engine;
    final EmbeddedBackend backend;

    private Fixture(Path dir, Executor operations, Project.Limits limits) {
        this.dir = dir;
        this.clock = new ManualClock(nextMillisecond(null));
        reachable(dir);
        this.engine = EmbeddedEngine.open(dir, new EngineOptions(clock, operations, null,
                new EngineOptions.NewProject("test", 86_400, limits)));
        this.backend = new EmbeddedBackend(engine);
    }

    /** An engine on real Postgres in {@code dir}. */
    static Fixture postgres(Path dir) {
        return new Fixture(dir, null, Project.Limits.DEFAULT);
    }

    static Fixture postgres(Path dir, Executor operations, Project.Limits limits) {
        return new Fixture(dir, operations, limits);
    }

    /** As root, Postgres runs as nobody, which must reach the data directory (JUnit makes it private). */
    static Path reachable(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                java.nio.file.Files.setPosixFilePermissions(dir,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Creates table {@code items(id bigint primary key, label text)} on main. */
    Fixture withItems() {
        sql("main", "create table items (id bigint primary key, label text)");
        tick();
        return this;
    }

    /**
     * Moves the clock on to the next millisecond of real time (waiting for real time to reach it, at most a
     * millisecond), never back.
     */
    void tick() {
        clock.set(nextMillisecond(clock.instant()));
    }

    /**
     * Moves the clock to the next whole second, as Neon keeps expiration times, for tests of the control plane's own
     * times (expirations). On Postgres the clock is then up to a second ahead of real time: write nothing after it
     * whose commit time matters.
     */
    void toWholeSecond() {
        Instant now = clock.instant();
        Instant whole = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        clock.set(whole.equals(now) ? now : whole.plusSeconds(1));
    }

    private static Instant nextMillisecond(Instant notBefore) {
        Instant next = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plusMillis(1);
        if (notBefore != null && !next.isAfter(notBefore)) {
            return notBefore.plusMillis(1);
        }
        while (Instant.now().isBefore(next)) {
            Thread.onSpinWait();
        }
        return next;
    }

    void put(String branch, long id, String label) {
        sql(branch, "insert into items values (" + id + ", '" + label.replace("'", "''")
                + "') on conflict (id) do update set label = excluded.label");
        tick();
    }

    void remove(String branch, long id) {
        sql(branch, "delete from items where id = " + id);
        tick();
    }

    /** Runs {@code statement} on the branch's database {@code neondb}, through its connection string. */
    void sql(String branch, String statement) {
        if (engine.endpoints(branch).stream()
                .noneMatch(e -> e.type() == dev.arbor.domain.Endpoint.Type.READ_WRITE)) {
            // a write needs the branch's compute
            engine.awaitOperations(engine.createEndpoint(branch, dev.arbor.domain.EndpointSpec.readWrite())
                    .operations(), Duration.ofMinutes(2));
        }
        var d = engine.connectionDetails(branch, null, null);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(null));
             java.sql.Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (java.sql.SQLException e) {
            throw new AssertionError("on " + branch + ": " + statement + ": " + e.getMessage(), e);
        }
    }

    /** The items on a branch at a point, as id → label. */
    Map<Long, String> items(String branch, PointInTime at) {
        return engine.readPostgres(branch, DB, at, r -> r.readRows("items", 0, 10_000)).rows().stream()
                .collect(Collectors.toMap(r -> ((Number) r.get("id")).longValue(), r -> String.valueOf(r.get("label"))));
    }

    /** The branch's head now (on Postgres, where its running compute's WAL is). */
    dev.arbor.backend.ResolvedPoint head(String branch) {
        return engine.resolve(branch, PointInTime.HEAD);
    }

    Map<Long, String> items(String branch) {
        return items(branch, PointInTime.HEAD);
    }

    Branch branch(String name) {
        return engine.branch(name);
    }

    /** Asserts the call fails with the code and reason, and that the project is unchanged by it. */
    ArborException refused(ErrorCode code, String reason, Executable call) {
        // a running compute's head is read when asked for; ask now, so only the call's own changes show
        engine.branches().forEach(b -> head(b.id()));
        List<Branch> before = engine.branches();
        int timelines = engine.storedTimelines();
        ArborException e = assertThrows(ArborException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        if (reason != null) {
            assertEquals(reason, e.reason(), e.getMessage());
        }
        assertEquals(before, engine.branches(), "a refused call changes no branch");
        assertEquals(timelines, engine.storedTimelines(), "a refused call makes no timeline");
        return e;
    }

    @Override
    public void close() {
        engine.close();
    }
}
