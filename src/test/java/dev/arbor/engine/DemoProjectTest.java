package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.domain.PointInTime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoProjectTest {
    @TempDir
    Path dir;

    @Test
    void demoHasEveryKindOfBranchTheConsoleShows() {
        assertTrue(DemoProject.seedIfEmpty(dir, EngineOptions.defaults()));
        assertFalse(DemoProject.seedIfEmpty(dir, EngineOptions.defaults()), "a directory with a project is left alone");
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null))) {
            Map<String, Branch> byName = engine.branches().stream().collect(Collectors.toMap(Branch::name, Function.identity()));
            Branch main = byName.get("main");
            assertTrue(main.isDefault() && main.isRoot() && main.firstRoot());
            assertTrue(byName.get("production").isProtected());
            Branch staging = byName.get("staging");
            Branch arjun = byName.get("dev/arjun");
            assertEquals(staging.id(), arjun.parentId());
            assertEquals(arjun.id(), byName.get("feature/checkout-v2").parentId(), "a grandchild of staging");
            assertTrue(byName.get("analytics-sandbox").isSchemaOnly() && byName.get("analytics-sandbox").isRoot());
            assertTrue(byName.get("preview/pr-139").expires());
            List<Branch> backups = byName.values().stream().filter(Branch::backup).toList();
            assertEquals(1, backups.size());
            assertTrue(backups.get(0).name().startsWith("dev/maria_old_"));
            assertEquals(backups.get(0).id(), byName.get("dev/maria").parentId(), "the backup became the parent");

            long ordersOnMain = engine.read("main", PointInTime.HEAD).rows("neondb", "orders").size();
            assertTrue(ordersOnMain > 50, "orders on main: " + ordersOnMain);
            assertTrue(engine.read("analytics-sandbox", PointInTime.HEAD).rows("neondb", "orders").isEmpty());
            assertTrue(main.logicalSize() > 0);
            var window = engine.historyWindow("main");
            assertTrue(window.start().isBefore(main.headTimestamp().minusSeconds(6 * 3600)), "history spans hours");
            byName.values().forEach(b -> System.out.println(b.name() + " parent=" + b.parentId() + " size=" + b.logicalSize()
                    + " head=" + b.headLsn()));
        }
    }
}
