package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchResult;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.InitSource;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reset from parent (seed 000) and restore (seed 001), on real Postgres: issue points 4 and 5. */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_2)
class EngineRestoreTest {
    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void open() {
        f = Fixture.postgres(dir).withItems();
        f.put("main", 1, "one");
    }

    @AfterEach
    void close() {
        f.close();
    }

    // ---- reset from parent ------------------------------------------------------------------------

    @Test
    void resetTakesTheParentsLatestSchemaAndData() {
        f.backend.createBranch(CreateBranchSpec.named("dev"));
        f.put("dev", 2, "dev only");
        f.put("main", 3, "three");
        Lsn parentHead = f.head("main").lsn();
        BranchResult r = f.backend.resetFromParent("dev", null);
        assertEquals(Map.of(1L, "one", 3L, "three"), f.items("dev"));
        assertEquals(f.clock.instant(), r.branch().lastResetAt());
        assertEquals(f.branch("main").id(), r.branch().parentId(), "a reset keeps the parent");
        assertEquals(parentHead, r.branch().parentLsn(), "and moves the branch point to the parent's head");
        assertTrue(f.engine.branches().stream().noneMatch(Branch::backup), "a reset keeps no backup");
    }

    @Test
    void resetIsRefusedForRootsSchemaOnlyAndProtectedBranches() {
        f.refused(ErrorCode.RULE_VIOLATED, "ROOT_BRANCH_RESET_NOT_ALLOWED", () -> f.backend.resetFromParent("main", null));
        f.backend.createBranch(CreateBranchSpec.named("schema").schemaOnly());
        var e = f.refused(ErrorCode.RULE_VIOLATED, "ROOT_BRANCH_RESET_NOT_ALLOWED", () -> f.backend.resetFromParent("schema", null));
        assertTrue(e.getMessage().contains("schema-only"), e.getMessage());
        f.backend.createBranch(CreateBranchSpec.named("p").protect());
        f.refused(ErrorCode.RULE_VIOLATED, "PROTECTED_BRANCH_RESET_NOT_ALLOWED", () -> f.backend.resetFromParent("p", null));
    }

    @Test
    void resetWithChildrenNeedsANameUnderWhichTheOldStateAndChildrenAreKept() {
        f.backend.createBranch(CreateBranchSpec.named("staging"));
        f.put("staging", 5, "staging only");
        Branch kid = f.backend.createBranch(CreateBranchSpec.named("kid").withParent("staging")).branch();
        f.refused(ErrorCode.RULE_VIOLATED, "BRANCH_HAS_CHILDREN", () -> f.backend.resetFromParent("staging", null));
        f.put("main", 6, "six");
        f.backend.resetFromParent("staging", "staging_before_reset");
        Branch kept = f.branch("staging_before_reset");
        assertEquals(kept.id(), f.branch(kid.id()).parentId(), "the children move to the kept state");
        assertEquals(Map.of(1L, "one", 5L, "staging only"), f.items("staging_before_reset"));
        assertEquals(Map.of(1L, "one", 6L, "six"), f.items("staging"));
        assertEquals(Map.of(1L, "one", 5L, "staging only"), f.items("kid"), "the child's data is untouched");
    }

    @Test
    void resetRestartsAnExpiringBranchsExpirationFromItsTtl() {
        Instant created = f.clock.instant();
        Instant expires = created.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS); // Neon keeps seconds
        f.backend.createBranch(CreateBranchSpec.named("dev").expiringAt(expires));
        long ttl = Duration.between(created, expires).toSeconds();
        f.clock.advance(Duration.ofMinutes(90));
        Branch after = f.backend.resetFromParent("dev", null).branch();
        assertEquals(f.clock.instant().plusSeconds(ttl), after.expiresAt());
    }

    // ---- restore ----------------------------------------------------------------------------------

    @Test
    void restoreToOwnHistoryBringsBackDeletedRowsAndKeepsTheOldStateAsBackup() {
        f.put("main", 2, "two");
        Instant beforeDelete = f.clock.instant();
        f.remove("main", 1);
        f.remove("main", 2);
        f.put("main", 9, "after");
        Branch main = f.branch("main");
        String backupName = RestoreSpec.consoleBackupName("main", main.headTimestamp());
        f.tick();
        BranchResult r = f.backend.restore(main.id(), new RestoreSpec(main.id(), PointInTime.at(beforeDelete), backupName));
        assertEquals(Map.of(1L, "one", 2L, "two"), f.items("main"));
        assertEquals(Map.of(9L, "after"), f.items(backupName));
        Branch restored = r.branch();
        assertEquals(main.id(), restored.id());
        assertEquals("main", restored.name());
        assertTrue(restored.isDefault(), "the target keeps its attributes");
        assertNotNull(restored.lastResetAt());
        Branch backup = f.branch(backupName);
        assertTrue(backup.isRoot() && restored.isRoot(), "restoring a root leaves both as roots");
        assertTrue(backup.backup());
        assertTrue(backupName.matches("main_old_\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), backupName);
        f.backend.deleteBranch(backupName);
    }

    @Test
    void restoreOfNonRootMakesBackupTheParentAndMovesTheChildren() {
        Branch dev = f.backend.createBranch(CreateBranchSpec.named("dev")).branch();
        Instant good = f.clock.instant();
        f.put("dev", 2, "two");
        Branch kid = f.backend.createBranch(CreateBranchSpec.named("kid").withParent("dev")).branch();
        f.tick();
        f.backend.restore("dev", new RestoreSpec(dev.id(), PointInTime.at(good), "dev_old"));
        Branch backup = f.branch("dev_old");
        assertEquals(backup.id(), f.branch("dev").parentId(), "the backup becomes the restored branch's parent");
        assertEquals(dev.parentId(), backup.parentId(), "the backup keeps the old parent");
        assertEquals(backup.id(), f.branch(kid.id()).parentId(), "the children move to the backup");
        assertEquals(Map.of(1L, "one"), f.items("dev"));
        assertEquals(Map.of(1L, "one", 2L, "two"), f.items("dev_old"));
        assertEquals(Map.of(1L, "one", 2L, "two"), f.items("kid"));
        // a later reset from parent resets from the backup, as seed 001 warns
        f.backend.resetFromParent("dev", null);
        assertEquals(Map.of(1L, "one", 2L, "two"), f.items("dev"));
    }

    @Test
    void ownHistoryRestoreNeedsAPointAndABackupName() {
        String id = f.branch("main").id();
        f.refused(ErrorCode.RULE_VIOLATED, "RESTORE_POINT_REQUIRED", () -> f.backend.restore(id, new RestoreSpec(id, PointInTime.HEAD, "b")));
        f.refused(ErrorCode.RULE_VIOLATED, "BACKUP_NAME_REQUIRED",
                () -> f.backend.restore(id, new RestoreSpec(id, PointInTime.at(f.clock.instant()), null)));
        f.refused(ErrorCode.CONFLICT, "BRANCH_NAME_TAKEN",
                () -> f.backend.restore(id, new RestoreSpec(id, PointInTime.at(f.clock.instant()), "main")));
        f.refused(ErrorCode.INVALID_INPUT, "POINT_OUTSIDE_HISTORY",
                () -> f.backend.restore(id, new RestoreSpec(id, PointInTime.at(f.clock.instant().minus(Duration.ofDays(2))), "b")));
    }

    @Test
    void restoreFromAnotherBranchsHeadKeepsIdNameAndEndpoints() {
        Branch dev = f.backend.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite())).branch();
        Endpoint ep = f.backend.listEndpoints(dev.id()).get(0);
        f.backend.createBranch(CreateBranchSpec.named("source"));
        f.put("source", 4, "from source");
        BranchResult r = f.backend.restore("dev", new RestoreSpec(f.branch("source").id(), PointInTime.HEAD, null));
        assertEquals(Map.of(1L, "one", 4L, "from source"), f.items("dev"));
        assertEquals(dev.id(), r.branch().id());
        assertEquals("dev", r.branch().name());
        assertEquals(List.of(ep.id()), f.backend.listEndpoints(dev.id()).stream().map(Endpoint::id).toList(), "endpoints stay");
        assertEquals(Endpoint.State.ACTIVE, f.backend.listEndpoints(dev.id()).get(0).currentState(), "a running compute restarts");
        assertEquals(List.of(Operation.Action.SUSPEND_COMPUTE, Operation.Action.CREATE_TIMELINE, Operation.Action.START_COMPUTE,
                Operation.Action.DELETE_TIMELINE), r.operations().stream().map(Operation::action).toList());
        assertEquals(f.branch("source").id(), r.branch().parentId(), "without a backup the source becomes the parent");
        assertTrue(f.engine.branches().stream().noneMatch(Branch::backup), "no name, no backup");
    }

    @Test
    void restoreToAPointInAnotherBranchsHistory() {
        f.backend.createBranch(CreateBranchSpec.named("source"));
        f.put("source", 4, "four");
        Instant between = f.clock.instant();
        f.put("source", 5, "five");
        f.backend.createBranch(CreateBranchSpec.named("dev"));
        f.backend.restore("dev", new RestoreSpec(f.branch("source").id(), PointInTime.at(between), "dev_old"));
        assertEquals(Map.of(1L, "one", 4L, "four"), f.items("dev"));
        assertEquals(Map.of(1L, "one"), f.items("dev_old"));
    }

    @Test
    void theBackupOfARootRestoredFromAnotherBranchCannotBeDeleted() {
        f.backend.createBranch(CreateBranchSpec.named("other"));
        f.put("other", 8, "eight");
        f.backend.restore("main", new RestoreSpec(f.branch("other").id(), PointInTime.HEAD, "main_old"));
        Branch backup = f.branch("main_old");
        assertTrue(backup.isRoot() && f.branch("main").isRoot());
        assertTrue(backup.deletionBlocked());
        assertEquals(backup.id(), f.branch("other").parentId(), "main's children move to the backup");
        f.backend.deleteBranch("other");
        f.refused(ErrorCode.RULE_VIOLATED, "RESTORE_BACKUP_DELETION_NOT_ALLOWED", () -> f.backend.deleteBranch(backup.id()));
        assertEquals(Map.of(1L, "one", 8L, "eight"), f.items("main"));
        assertNull(f.branch("main").parentId());
    }

    @Test
    void restoringASchemaOnlyRootCopiesSchemaAndData() {
        f.backend.createBranch(CreateBranchSpec.named("schema").schemaOnly());
        f.backend.restore("schema", new RestoreSpec(f.branch("main").id(), PointInTime.HEAD, null));
        assertEquals(Map.of(1L, "one"), f.items("schema"));
        assertTrue(f.branch("schema").isRoot());
        assertEquals(InitSource.SCHEMA_ONLY, f.branch("schema").initSource());
    }

    @Test
    void undoARestoreByRestoringFromTheBackup() {
        Instant t = f.clock.instant();
        f.put("main", 2, "two");
        String id = f.branch("main").id();
        f.backend.restore(id, new RestoreSpec(id, PointInTime.at(t), "main_undo"));
        assertEquals(Map.of(1L, "one"), f.items("main"));
        f.backend.restore(id, new RestoreSpec(f.branch("main_undo").id(), PointInTime.HEAD, null));
        assertEquals(Map.of(1L, "one", 2L, "two"), f.items("main"));
        f.backend.updateBranch("main_undo", BranchPatch.rename("kept"));
        assertNotEquals(null, f.branch("kept"));
    }
}
