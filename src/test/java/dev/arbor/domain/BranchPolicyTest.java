package dev.arbor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.BranchPolicy.Action;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdicts the console shows next to each action, for each kind of branch. */
class BranchPolicyTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final Project PROJECT = new Project("p", "p", 86400, new Project.Limits(10, 3, 1), NOW, NOW);

    static Branch branch(String id, String parent, boolean isDefault, boolean isProtected, Instant expires, boolean firstRoot) {
        return new Branch(id, "p", id, parent, parent == null ? null : Lsn.parse("0/10"), null, isDefault, isProtected,
                BranchState.READY, null, NOW, 0, "arbor", "me", NOW, NOW, expires, expires == null ? null : 3600L, null,
                InitSource.PARENT_DATA, firstRoot, false, false, Lsn.parse("0/20"), NOW);
    }

    final Branch main = branch("main", null, true, false, null, true);
    final Branch prod = branch("prod", "main", false, true, null, false);
    final Branch staging = branch("staging", "main", false, false, null, false);
    final Branch kid = branch("kid", "staging", false, false, null, false);
    final Branch preview = branch("preview", "main", false, false, NOW.plusSeconds(3600), false);
    final BranchPolicy policy = BranchPolicy.of(PROJECT, List.of(main, prod, staging, kid, preview));

    @Test
    void everyRefusalSaysWhyInWordsAboutTheBranch() {
        Map<Action, BranchPolicy.Verdict> onMain = policy.verdicts(main);
        assertFalse(onMain.get(Action.DELETE).allowed());
        assertTrue(onMain.get(Action.DELETE).message().contains("first root"), onMain.get(Action.DELETE).message());
        assertFalse(onMain.get(Action.RESET_FROM_PARENT).allowed());
        assertTrue(onMain.get(Action.RESET_FROM_PARENT).message().contains("no parent"));
        assertFalse(onMain.get(Action.SET_DEFAULT).allowed());
        assertFalse(onMain.get(Action.SET_EXPIRATION).allowed());
        assertTrue(onMain.get(Action.RENAME).allowed());
        assertTrue(onMain.get(Action.RESTORE).allowed());
    }

    @Test
    void protectedBranchesCannotBeDeletedResetOrExpire() {
        assertEquals("PROTECTED_BRANCH_DELETION_NOT_ALLOWED", policy.check(Action.DELETE, prod).reason());
        assertEquals("PROTECTED_BRANCH_RESET_NOT_ALLOWED", policy.check(Action.RESET_FROM_PARENT, prod).reason());
        assertEquals("PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED", policy.check(Action.SET_EXPIRATION, prod).reason());
        assertTrue(policy.check(Action.UNPROTECT, prod).allowed());
        assertEquals("PROTECTED_BRANCHES_LIMIT_EXCEEDED", policy.check(Action.PROTECT, staging).reason(), "the limit is 1");
    }

    @Test
    void parentsNeedABackupNameToResetAndCannotBeDeletedOrExpire() {
        assertTrue(policy.check(Action.RESET_FROM_PARENT, staging).allowed(), "offered, with the children dialog");
        assertEquals("BRANCH_HAS_CHILDREN", policy.canReset(staging, null).reason());
        assertTrue(policy.canReset(staging, "staging_old").allowed());
        assertEquals("BRANCH_HAS_CHILDREN", policy.check(Action.DELETE, staging).reason());
        assertEquals("BRANCH_WITH_CHILDREN_EXPIRATION_NOT_ALLOWED", policy.check(Action.SET_EXPIRATION, staging).reason());
        assertEquals(List.of(kid), policy.childrenOf("staging"));
    }

    @Test
    void expiringBranchesCannotBecomeDefaultProtectedOrParents() {
        assertEquals("EXPIRING_BRANCH_CANNOT_BE_DEFAULT", policy.check(Action.SET_DEFAULT, preview).reason());
        assertEquals("PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED", policy.check(Action.PROTECT, preview).reason());
        assertEquals("EXPIRING_BRANCH_CHILD_NOT_ALLOWED", policy.check(Action.CREATE_CHILD, preview).reason());
        assertTrue(policy.check(Action.DELETE, preview).allowed());
    }

    @Test
    void expirationTimesMustBeFutureAndWithinThirtyDays() {
        assertEquals("EXPIRATION_IN_PAST", BranchPolicy.expirationTime(NOW, NOW).reason());
        assertTrue(BranchPolicy.expirationTime(NOW.plusSeconds(30L * 86400), NOW).allowed());
        assertEquals("EXPIRATION_TOO_FAR", BranchPolicy.expirationTime(NOW.plusSeconds(30L * 86400 + 1), NOW).reason());
    }

    @Test
    void restoreRulesForOwnHistoryAndChildren() {
        assertEquals("RESTORE_POINT_REQUIRED", policy.canRestore(main, main, PointInTime.HEAD, "b").reason());
        assertEquals("BACKUP_NAME_REQUIRED", policy.canRestore(main, main, PointInTime.at(NOW), null).reason());
        assertEquals("BACKUP_NAME_REQUIRED", policy.canRestore(staging, main, PointInTime.HEAD, null).reason());
        assertTrue(policy.canRestore(kid, main, PointInTime.HEAD, null).allowed());
        assertEquals("BRANCH_NAME_TAKEN", policy.canRestore(main, main, PointInTime.at(NOW), "prod").reason());
    }

    @Test
    void rootCapacityCountsEveryRoot() {
        assertTrue(policy.branchCapacity(true).allowed());
        BranchPolicy full = BranchPolicy.of(PROJECT, List.of(main, branch("r2", null, false, false, null, false),
                branch("r3", null, false, false, null, false)));
        assertEquals("ROOT_BRANCHES_LIMIT_EXCEEDED", full.branchCapacity(true).reason());
        assertTrue(full.branchCapacity(false).allowed());
    }
}
