package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import dev.arbor.testing.PgProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The engine with the ready copy on (the app's default; the rest of the suite runs without it): a new branch's
 * compute starts from the copy of the newest base backup made in the background, with the parent's data at the
 * branch point; a reset from parent and a Time Travel read work on top, each taking the copy made again meanwhile or
 * copying the backup; closing the engine leaves nothing half-made.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(dev.arbor.testing.Parallel.POSTGRES_3)
class ReadyCopyEngineTest {
    private static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void branchesStartFromTheReadyCopyWithTheirParentsData() throws Exception {
        Path ready;
        try (EmbeddedEngine engine = PgProjects.open(dir, PgProjects.options().withReadyCopy(true))) {
            PgProjects.sql(engine, "main", "create table t (id int)", "insert into t values (1)");
            ready = awaitReadyCopy();
            Object copied = key(ready.resolve("PG_VERSION"));

            engine.awaitOperations(engine.createBranch(CreateBranchSpec.named("dev")
                    .withEndpoint(EndpointSpec.readWrite())).operations(), WAIT);
            Path devData = dir.resolve("postgres/computes").resolve(engine.endpoints("dev").get(0).id()).resolve("data");
            assertEquals(copied, key(devData.resolve("PG_VERSION")), "dev's compute took the ready copy");
            assertEquals(List.of("1"), PgProjects.column(engine, "dev", "select count(*) from t"));

            PgProjects.sql(engine, "main", "insert into t values (2)");
            Lsn two = Lsn.parse(PgProjects.column(engine, "main", "select pg_current_wal_lsn()::text").get(0));
            PgProjects.sql(engine, "main", "insert into t values (3)");
            engine.awaitOperations(engine.resetFromParent("dev", null).operations(), WAIT);
            assertEquals(List.of("3"), PgProjects.column(engine, "dev", "select count(*) from t"));
            assertEquals(2L, engine.readPostgres("main", EmbeddedEngine.DEFAULT_DATABASE, PointInTime.at(two),
                    r -> r.readRows("t", 0, 10)).total(), "main at the LSN after its second row");
        }
        try (Stream<Path> left = Files.list(ready.getParent().getParent())) {
            List<String> names = left.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().noneMatch(n -> n.startsWith(".")), "half-made copies left after close: " + names);
        }
    }

    /** The data directory of the one ready copy, once it is made. */
    private Path awaitReadyCopy() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> roots = Files.list(dir.resolve("postgres/roots"))) {
                for (Path root : roots.toList()) {
                    Path readyDir = root.resolve("ready");
                    if (!Files.isDirectory(readyDir)) {
                        continue;
                    }
                    try (Stream<Path> copies = Files.list(readyDir)) {
                        for (Path c : copies.toList()) {
                            if (!c.getFileName().toString().startsWith(".")
                                    && Files.isRegularFile(c.resolve("data").resolve("PG_VERSION"))) {
                                return c.resolve("data");
                            }
                        }
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no ready copy was made within " + WAIT);
    }

    private static Object key(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }
}
