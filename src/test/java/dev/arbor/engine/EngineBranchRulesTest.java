package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchResult;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's rules for the project, branch creation, the branch attributes and deletion (issue points 1–3, 6, 13),
 * on real Postgres. A test that reads or writes rows makes its table first ({@code withItems}), which starts main's
 * compute; the others only open the project.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_2)
class EngineBranchRulesTest {
    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void open() {
        f = Fixture.postgres(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    // ---- 1. the new project ----------------------------------------------------------------------

    @Test
    void newProjectHasOneDefaultRootMainWithNeondbOwnedByNeondbOwner() {
        List<Branch> all = f.engine.branches();
        assertEquals(1, all.size());
        Branch main = all.get(0);
        assertEquals("main", main.name());
        assertTrue(main.isDefault() && main.isRoot() && main.firstRoot());
        assertEquals(List.of("neondb"), f.backend.listDatabases(main.id()).stream().map(d -> d.name()).toList());
        assertEquals("neondb_owner", f.backend.listDatabases(main.id()).get(0).ownerName());
        assertEquals(List.of("neondb_owner"), f.backend.listRoles(main.id()).stream().map(r -> r.name()).toList());
        Project p = f.engine.project();
        assertEquals(86_400, p.historyRetentionSeconds());
        assertEquals(Project.Limits.DEFAULT, p.limits());
    }

    @Test
    void projectSettingsAreConfigurableAndSurviveReopening() {
        f.engine.updateProject(3600, new Project.Limits(20, 3, 1));
        f.close();
        f = Fixture.postgres(dir);
        assertEquals(3600, f.engine.project().historyRetentionSeconds());
        assertEquals(new Project.Limits(20, 3, 1), f.engine.project().limits());
        f.refused(ErrorCode.INVALID_INPUT, "INVALID_HISTORY_RETENTION", () -> f.engine.updateProject(-1, Project.Limits.DEFAULT));
    }

    // ---- 2. creation ------------------------------------------------------------------------------

    @Test
    void createAtHeadSeesParentDataAndCopiesNothing() throws Exception {
        f.withItems().put("main", 1, "one");
        Lsn head = f.head("main").lsn();
        long stored = bytesUnder(f.dir.resolve("postgres"));
        Branch dev = f.backend.createBranch(CreateBranchSpec.named("dev")).branch();
        assertEquals(stored, bytesUnder(f.dir.resolve("postgres")), "branch creation copies no data");
        assertEquals(Map.of(1L, "one"), f.items("dev"));
        assertEquals(f.branch("main").id(), dev.parentId());
        assertEquals(head, dev.parentLsn());
        assertEquals(BranchState.READY, dev.currentState());
        assertTrue(dev.id().matches("br-[a-z]+-[a-z]+-[0-9a-f]{8}"), dev.id());
    }

    @Test
    void childAndParentDivergeIndependently() {
        f.withItems().put("main", 1, "one");
        f.backend.createBranch(CreateBranchSpec.named("dev"));
        f.put("dev", 2, "two");
        f.put("main", 3, "three");
        assertEquals(Map.of(1L, "one", 2L, "two"), f.items("dev"));
        assertEquals(Map.of(1L, "one", 3L, "three"), f.items("main"));
    }

    @Test
    void createAtTimestampOrLsnSeesExactlyTheDataThen() {
        f.withItems().put("main", 1, "one");
        Instant afterOne = f.clock.instant();
        Lsn lsnOne = f.head("main").lsn();
        f.put("main", 2, "two");
        Lsn lsnTwo = f.head("main").lsn();
        Branch byTime = f.backend.createBranch(CreateBranchSpec.named("t").at(PointInTime.at(afterOne))).branch();
        Branch byLsn = f.backend.createBranch(CreateBranchSpec.named("l").at(PointInTime.at(lsnOne))).branch();
        assertEquals(Map.of(1L, "one"), f.items("t"));
        assertEquals(Map.of(1L, "one"), f.items("l"));
        assertTrue(!byTime.parentLsn().isBefore(lsnOne) && byTime.parentLsn().isBefore(lsnTwo), "a timestamp resolves "
                + "to where the last commit at or before it ends: " + byTime.parentLsn());
        assertEquals(afterOne, byTime.parentTimestamp());
        assertEquals(lsnOne, byLsn.parentLsn());
    }

    @Test
    void nameDefaultsToTheId() {
        Branch b = f.backend.createBranch(new CreateBranchSpec(null, null, null, null, false, null, null, null)).branch();
        assertEquals(b.id(), b.name());
    }

    @Test
    void namesAreOneTo256CharactersAndUnique() {
        f.backend.createBranch(CreateBranchSpec.named("x".repeat(256)));
        f.refused(ErrorCode.INVALID_INPUT, "INVALID_BRANCH_NAME", () -> f.backend.createBranch(CreateBranchSpec.named("y".repeat(257))));
        f.refused(ErrorCode.INVALID_INPUT, "INVALID_BRANCH_NAME", () -> f.backend.createBranch(CreateBranchSpec.named("")));
        var e = f.refused(ErrorCode.CONFLICT, "BRANCH_NAME_TAKEN", () -> f.backend.createBranch(CreateBranchSpec.named("main")));
        assertTrue(e.getMessage().contains("\"main\""), e.getMessage());
    }

    @Test
    void readWriteEndpointIsCreatedActive() {
        BranchResult r = f.backend.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite()));
        assertEquals(1, r.endpoints().size());
        Endpoint ep = r.endpoints().get(0);
        assertEquals(Endpoint.Type.READ_WRITE, ep.type());
        assertEquals(Endpoint.State.ACTIVE, ep.currentState());
        assertTrue(ep.id().matches("ep-[a-z]+-[a-z]+-[0-9a-f]{8}"));
        assertEquals(List.of(Operation.Action.CREATE_BRANCH, Operation.Action.START_COMPUTE),
                r.operations().stream().map(Operation::action).toList());
        assertTrue(r.operations().stream().allMatch(o -> o.status() == Operation.Status.FINISHED));
    }

    @Test
    void schemaOnlyBranchIsANewRootWithTheSchemaAndNoRows() {
        f.withItems().put("main", 1, "one");
        Branch s = f.backend.createBranch(CreateBranchSpec.named("schema").schemaOnly()).branch();
        assertTrue(s.isRoot() && s.isSchemaOnly());
        assertNull(s.parentLsn());
        assertEquals(Map.of(), f.items("schema"));
        assertEquals(schemaSql("main"), schemaSql("schema"));
        f.put("schema", 5, "five");
        assertEquals(Map.of(1L, "one"), f.items("main"));
    }

    @Test
    void protectedAndExpiringOptions() {
        Branch p = f.backend.createBranch(CreateBranchSpec.named("p").protect()).branch();
        assertTrue(p.isProtected());
        f.toWholeSecond();
        Instant at = f.clock.instant().plus(Duration.ofDays(2));
        Branch e = f.backend.createBranch(CreateBranchSpec.named("e").expiringAt(at)).branch();
        assertEquals(at, e.expiresAt());
        assertEquals(2 * 86_400L, e.ttlIntervalSeconds());
        f.refused(ErrorCode.RULE_VIOLATED, "PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED",
                () -> f.backend.createBranch(CreateBranchSpec.named("pe").protect().expiringAt(at)));
        f.refused(ErrorCode.INVALID_INPUT, "EXPIRATION_IN_PAST",
                () -> f.backend.createBranch(CreateBranchSpec.named("past").expiringAt(f.clock.instant().minusSeconds(1))));
        f.refused(ErrorCode.INVALID_INPUT, "EXPIRATION_TOO_FAR",
                () -> f.backend.createBranch(CreateBranchSpec.named("far").expiringAt(f.clock.instant().plus(Duration.ofDays(31)))));
        f.refused(ErrorCode.RULE_VIOLATED, "EXPIRING_BRANCH_CHILD_NOT_ALLOWED",
                () -> f.backend.createBranch(CreateBranchSpec.named("child").withParent("e")));
    }

    @Test
    void limitsOnBranchesRootsAndProtectedBranchesAreEnforced() {
        f.close();
        f = Fixture.postgres(dir.resolve("limited"), null, new Project.Limits(3, 2, 1));
        f.backend.createBranch(CreateBranchSpec.named("root2").schemaOnly());
        f.refused(ErrorCode.RULE_VIOLATED, "ROOT_BRANCHES_LIMIT_EXCEEDED", () -> f.backend.createBranch(CreateBranchSpec.named("root3").schemaOnly()));
        f.backend.createBranch(CreateBranchSpec.named("p").protect());
        f.refused(ErrorCode.RULE_VIOLATED, "BRANCHES_LIMIT_EXCEEDED", () -> f.backend.createBranch(CreateBranchSpec.named("four")));
        f.backend.deleteBranch("root2");
        f.refused(ErrorCode.RULE_VIOLATED, "PROTECTED_BRANCHES_LIMIT_EXCEEDED", () -> f.backend.createBranch(CreateBranchSpec.named("p2").protect()));
    }

    // ---- 3. attributes ----------------------------------------------------------------------------

    @Test
    void renameKeepsIdAndRefusesTakenNames() {
        Branch dev = f.backend.createBranch(CreateBranchSpec.named("dev")).branch();
        Branch renamed = f.backend.updateBranch(dev.id(), BranchPatch.rename("feature")).branch();
        assertEquals(dev.id(), renamed.id());
        assertEquals("feature", f.branch(dev.id()).name());
        f.refused(ErrorCode.CONFLICT, "BRANCH_NAME_TAKEN", () -> f.backend.updateBranch(dev.id(), BranchPatch.rename("main")));
    }

    @Test
    void exactlyOneDefaultAlways() {
        Branch dev = f.backend.createBranch(CreateBranchSpec.named("dev")).branch();
        f.backend.setDefault(dev.id());
        assertEquals(List.of("dev"), f.engine.branches().stream().filter(Branch::isDefault).map(Branch::name).toList());
        f.refused(ErrorCode.CONFLICT, "ALREADY_DEFAULT", () -> f.backend.setDefault("dev"));
        Branch e = f.backend.createBranch(CreateBranchSpec.named("e").expiringAt(f.clock.instant().plusSeconds(3600))).branch();
        f.refused(ErrorCode.RULE_VIOLATED, "EXPIRING_BRANCH_CANNOT_BE_DEFAULT", () -> f.backend.setDefault(e.id()));
    }

    @Test
    void protectAndUnprotectWithinTheLimit() {
        f.engine.updateProject(86_400, new Project.Limits(100, 10, 1));
        f.backend.createBranch(CreateBranchSpec.named("a"));
        f.backend.createBranch(CreateBranchSpec.named("b"));
        BranchResult r = f.backend.updateBranch("a", BranchPatch.protect(true));
        assertTrue(r.branch().isProtected());
        assertEquals(Operation.Action.APPLY_CONFIG, r.operations().get(0).action());
        f.refused(ErrorCode.RULE_VIOLATED, "PROTECTED_BRANCHES_LIMIT_EXCEEDED", () -> f.backend.updateBranch("b", BranchPatch.protect(true)));
        f.backend.updateBranch("a", BranchPatch.protect(false));
        assertTrue(f.backend.updateBranch("b", BranchPatch.protect(true)).branch().isProtected());
    }

    @Test
    void setAndClearExpirationFollowTheRules() {
        f.backend.createBranch(CreateBranchSpec.named("dev"));
        f.toWholeSecond();
        Instant at = f.clock.instant().plus(Duration.ofHours(5));
        Branch dev = f.backend.updateBranch("dev", BranchPatch.expireAt(at)).branch();
        assertEquals(at, dev.expiresAt());
        assertEquals(5 * 3600L, dev.ttlIntervalSeconds());
        assertNull(f.backend.updateBranch("dev", BranchPatch.clearExpiration()).branch().expiresAt());
        f.refused(ErrorCode.RULE_VIOLATED, "DEFAULT_BRANCH_EXPIRATION_NOT_ALLOWED", () -> f.backend.updateBranch("main", BranchPatch.expireAt(at)));
        f.backend.updateBranch("dev", BranchPatch.protect(true));
        f.refused(ErrorCode.RULE_VIOLATED, "PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED", () -> f.backend.updateBranch("dev", BranchPatch.expireAt(at)));
        f.backend.updateBranch("dev", BranchPatch.protect(false));
        f.backend.createBranch(CreateBranchSpec.named("kid").withParent("dev"));
        f.refused(ErrorCode.RULE_VIOLATED, "BRANCH_WITH_CHILDREN_EXPIRATION_NOT_ALLOWED", () -> f.backend.updateBranch("dev", BranchPatch.expireAt(at)));
    }

    @Test
    void expiredBranchIsDeletedByTheEngineAsAnOperation() {
        String id = f.backend.createBranch(CreateBranchSpec.named("short")
                .expiringAt(f.clock.instant().plus(Duration.ofMinutes(30)))).branch().id();
        assertEquals(List.of(), f.engine.runMaintenance().expiredBranches());
        f.clock.advance(Duration.ofMinutes(31));
        assertEquals(List.of("short"), f.engine.runMaintenance().expiredBranches());
        assertFalse(f.engine.branches().stream().anyMatch(b -> b.name().equals("short")));
        Operation deletion = f.engine.operations(0, 20).stream().filter(o -> id.equals(o.branchId()))
                .filter(o -> o.action() == Operation.Action.DELETE_TIMELINE).findFirst().orElseThrow();
        assertEquals(Operation.Status.FINISHED, deletion.status());
    }

    // ---- 6. deletion ------------------------------------------------------------------------------

    @Test
    void deletionIsRefusedForFirstRootDefaultParentAndProtected() {
        f.refused(ErrorCode.RULE_VIOLATED, "ROOT_BRANCH_DELETION_NOT_ALLOWED", () -> f.backend.deleteBranch("main"));
        Branch dev = f.backend.createBranch(CreateBranchSpec.named("dev")).branch();
        f.backend.createBranch(CreateBranchSpec.named("kid").withParent("dev"));
        var e = f.refused(ErrorCode.RULE_VIOLATED, "BRANCH_HAS_CHILDREN", () -> f.backend.deleteBranch("dev"));
        assertTrue(e.getMessage().contains("1 child branch"), e.getMessage());
        f.backend.createBranch(CreateBranchSpec.named("d2"));
        f.backend.setDefault("d2");
        f.refused(ErrorCode.RULE_VIOLATED, "DEFAULT_BRANCH_DELETION_NOT_ALLOWED", () -> f.backend.deleteBranch("d2"));
        f.backend.createBranch(CreateBranchSpec.named("p").protect());
        f.refused(ErrorCode.RULE_VIOLATED, "PROTECTED_BRANCH_DELETION_NOT_ALLOWED", () -> f.backend.deleteBranch("p"));
        assertNotEquals(null, dev);
    }

    @Test
    void deleteRemovesTheBranchItsEndpointsAndReclaimsItsStorage() {
        f.withItems().put("main", 1, "one");
        f.backend.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite()));
        int timelines = f.engine.storedTimelines();
        String compute = f.engine.endpoints("dev").get(0).id();
        for (int i = 0; i < 20; i++) {
            f.put("dev", 100 + i, "row" + i);
        }
        Path computeDir = f.dir.resolve("postgres").resolve("computes").resolve(compute);
        assertTrue(Files.isDirectory(computeDir), "dev's compute holds its data directory while it runs");
        f.backend.deleteBranch("dev");
        f.refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> f.backend.getBranch("dev"));
        assertTrue(f.engine.allEndpoints().stream().noneMatch(e -> e.branchId().equals("dev")));
        assertEquals(1, f.engine.allEndpoints().size(), "only main's endpoint remains");
        assertEquals(timelines - 1, f.engine.storedTimelines());
        assertFalse(Files.exists(computeDir), "the deleted branch's compute directory is reclaimed");
        assertEquals(Map.of(1L, "one"), f.items("main"));
    }

    @Test
    void aDeletedBranchesStorageStaysWhileADescendantNeedsIt() {
        f.withItems();
        f.backend.createBranch(CreateBranchSpec.named("a"));
        f.put("a", 7, "on a");
        // main (a root) restored from a's head stays a root, but its new timeline descends from a's
        f.backend.restore("main", new dev.arbor.domain.RestoreSpec(f.branch("a").id(), PointInTime.HEAD, "main_old"));
        assertTrue(f.branch("main").isRoot());
        f.backend.deleteBranch("a");
        assertEquals(Map.of(7L, "on a"), f.items("main"));
    }

    private String schemaSql(String branch) {
        return f.engine.readPostgres(branch, "neondb", PointInTime.HEAD, r -> r.schemaSql());
    }

    /**
     * The bytes of the project's Postgres files, without the copy of the newest base backup kept ready for the next
     * compute (made in the background after the project opened, whatever the branches do).
     */
    private static long bytesUnder(Path dir) throws java.io.IOException {
        long[] bytes = {0};
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path d, java.nio.file.attribute.BasicFileAttributes a) {
                return d.getFileName().toString().equals("ready") && d.getParent().getParent().getFileName().toString()
                        .equals("roots") ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) {
                bytes[0] += a.isRegularFile() ? a.size() : 0;
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return bytes[0];
    }

    // ---- 13. bad input ----------------------------------------------------------------------------

    @Test
    void badInputIsRefusedWithACodeAndChangesNothing() {
        f.withItems();
        f.refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> f.backend.getBranch("nope"));
        f.refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> f.backend.createBranch(CreateBranchSpec.named("x").withParent("nope")));
        f.refused(ErrorCode.INVALID_INPUT, "INVALID_LSN", () -> f.backend.createBranch(CreateBranchSpec.named("x").at(PointInTime.at(Lsn.parse("zz/1")))));
        f.refused(ErrorCode.INVALID_INPUT, "POINT_AFTER_HEAD",
                () -> f.backend.createBranch(CreateBranchSpec.named("x").at(PointInTime.at(Lsn.parse("FF/0")))));
        f.refused(ErrorCode.INVALID_INPUT, "POINT_IN_FUTURE",
                () -> f.backend.createBranch(CreateBranchSpec.named("x").at(PointInTime.at(f.clock.instant().plusSeconds(60)))));
        f.refused(ErrorCode.NOT_FOUND, null, () -> f.backend.deleteBranch("nope"));
        f.refused(ErrorCode.NOT_FOUND, null, () -> f.backend.updateBranch("nope", BranchPatch.rename("y")));
        f.refused(ErrorCode.INVALID_INPUT, "INVALID_BRANCH_NAME", () -> f.backend.updateBranch("main", BranchPatch.rename("a\nb")));
    }
}
