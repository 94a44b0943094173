package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Column;
import dev.arbor.domain.ColumnType;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import dev.arbor.domain.TableSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;

/** A real engine in a temp directory with a manual clock, and the helpers the engine tests share. */
final class Fixture implements AutoCloseable {
    static final String DB = "neondb";
    static final Instant START = Instant.parse("2026-11-20T09:00:00Z");

    final ManualClock clock = new ManualClock(START);
    final Path dir;
    final EmbeddedEngine engine;
    final EmbeddedBackend backend;

    Fixture(Path dir) {
        this(dir, null, Project.Limits.DEFAULT);
    }

    Fixture(Path dir, Executor operations, Project.Limits limits) {
        this.dir = dir;
        this.engine = EmbeddedEngine.open(dir, new EngineOptions(clock, operations, null,
                new EngineOptions.NewProject("test", 86_400, limits)));
        this.backend = new EmbeddedBackend(engine);
    }

    /** Creates table {@code items(id bigint primary key, label text)} on main. */
    Fixture withItems() {
        engine.write("main", tx -> tx.createTable(new TableSchema(DB, "items",
                List.of(Column.required("id", ColumnType.BIGINT), Column.of("label", ColumnType.TEXT)), List.of("id"))));
        return this;
    }

    void tick() {
        clock.advance(Duration.ofMinutes(1));
    }

    void put(String branch, long id, String label) {
        tick();
        engine.write(branch, tx -> tx.upsert(DB, "items", Map.of("id", id, "label", label)));
    }

    void remove(String branch, long id) {
        tick();
        engine.write(branch, tx -> tx.delete(DB, "items", id));
    }

    /** The items on a branch at a point, as id → label. */
    Map<Long, String> items(String branch, PointInTime at) {
        return engine.read(branch, at).rows(DB, "items").stream()
                .collect(Collectors.toMap(r -> (Long) r.get("id"), r -> String.valueOf(r.get("label"))));
    }

    Map<Long, String> items(String branch) {
        return items(branch, PointInTime.HEAD);
    }

    Branch branch(String name) {
        return engine.branch(name);
    }

    /** Asserts the call fails with the code and reason, and that the project is unchanged by it. */
    ArborException refused(ErrorCode code, String reason, Executable call) {
        List<Branch> before = engine.branches();
        long versions = engine.storedVersions();
        ArborException e = assertThrows(ArborException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        if (reason != null) {
            assertEquals(reason, e.reason(), e.getMessage());
        }
        assertEquals(before, engine.branches(), "a refused call changes no branch");
        assertEquals(versions, engine.storedVersions(), "a refused call writes no data");
        return e;
    }

    @Override
    public void close() {
        engine.close();
    }
}
