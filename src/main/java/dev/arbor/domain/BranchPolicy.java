package dev.arbor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The branch rules of the seeds and the API contract (reference §7), in one place: for a project and
 * its branches, which actions are allowed on a branch and, when not, why. The engine enforces these
 * verdicts and the UI shows them, so the console never offers what a backend will refuse.
 */
public final class BranchPolicy {

    public enum Action {
        RENAME("Rename"),
        SET_DEFAULT("Set as default"),
        PROTECT("Set as protected"),
        UNPROTECT("Remove protection"),
        SET_EXPIRATION("Set expiration"),
        RESET_FROM_PARENT("Reset from parent"),
        RESTORE("Restore"),
        DELETE("Delete"),
        CREATE_CHILD("Create child branch");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Allowed, or refused with a stable reason code and a sentence for a person. */
    public record Verdict(boolean allowed, ErrorCode code, String reason, String message) {
        public static final Verdict ALLOWED = new Verdict(true, null, null, null);

        static Verdict refuse(String reason, String message) {
            return new Verdict(false, ErrorCode.RULE_VIOLATED, reason, message);
        }

        static Verdict conflict(String reason, String message) {
            return new Verdict(false, ErrorCode.CONFLICT, reason, message);
        }

        public void orThrow() {
            if (!allowed) {
                throw new ArborException(code, reason, message);
            }
        }
    }

    public static final int MAX_NAME_LENGTH = BranchName.MAX_LENGTH;
    public static final Duration MAX_EXPIRATION = Duration.ofDays(30);

    private final Project project;
    private final Map<String, Branch> byId = new HashMap<>();
    private final Map<String, List<Branch>> children = new HashMap<>();
    /** Branches by {@link BranchName#comparable} name, so names that only look alike are taken too. */
    private final Map<String, Branch> byName = new HashMap<>();
    private int roots;
    private int protectedCount;

    private BranchPolicy(Project project, Collection<Branch> branches) {
        this.project = project;
        for (Branch b : branches) {
            byId.put(b.id(), b);
            byName.put(BranchName.comparable(b.name()), b);
            if (b.parentId() != null) {
                children.computeIfAbsent(b.parentId(), k -> new ArrayList<>()).add(b);
            } else {
                roots++;
            }
            if (b.isProtected()) {
                protectedCount++;
            }
        }
    }

    public static BranchPolicy of(Project project, Collection<Branch> branches) {
        return new BranchPolicy(project, branches);
    }

    public List<Branch> childrenOf(String branchId) {
        return List.copyOf(children.getOrDefault(branchId, List.of()));
    }

    public boolean hasChildren(Branch b) {
        return !children.getOrDefault(b.id(), List.of()).isEmpty();
    }

    /** Every action's verdict for a branch, in menu order. */
    public Map<Action, Verdict> verdicts(Branch b) {
        Map<Action, Verdict> all = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            all.put(a, check(a, b));
        }
        return all;
    }

    /** The verdict for an action on a branch in general; some actions need more (see the specific checks). */
    public Verdict check(Action action, Branch b) {
        Verdict restricted = restricted(action, b);
        if (!restricted.allowed()) {
            return restricted;
        }
        return switch (action) {
            case RENAME -> Verdict.ALLOWED;
            case SET_DEFAULT -> canSetDefault(b);
            case PROTECT -> canProtect(b);
            case UNPROTECT -> b.isProtected() ? Verdict.ALLOWED
                    : Verdict.conflict("BRANCH_NOT_PROTECTED", quote(b) + " is not protected.");
            case SET_EXPIRATION -> expirationAllowed(b);
            case RESET_FROM_PARENT -> resetAllowed(b);
            case RESTORE -> Verdict.ALLOWED;
            case DELETE -> canDelete(b);
            case CREATE_CHILD -> canCreateChild(b);
        };
    }

    public Verdict canDelete(Branch b) {
        Verdict restricted = restricted(Action.DELETE, b);
        if (!restricted.allowed()) {
            return restricted;
        }
        if (b.firstRoot()) {
            return Verdict.refuse("ROOT_BRANCH_DELETION_NOT_ALLOWED",
                    quote(b) + " is the project's first root branch and cannot be deleted.");
        }
        if (b.isDefault()) {
            return Verdict.refuse("DEFAULT_BRANCH_DELETION_NOT_ALLOWED",
                    quote(b) + " is the default branch and cannot be deleted. Make another branch the default first.");
        }
        if (b.isProtected()) {
            return Verdict.refuse("PROTECTED_BRANCH_DELETION_NOT_ALLOWED",
                    quote(b) + " is protected and cannot be deleted. Remove its protection first.");
        }
        int kids = children.getOrDefault(b.id(), List.of()).size();
        if (kids > 0) {
            return Verdict.refuse("BRANCH_HAS_CHILDREN",
                    quote(b) + " has " + kids + (kids == 1 ? " child branch" : " child branches")
                            + " and cannot be deleted. Delete its children first.");
        }
        if (b.deletionBlocked()) {
            return Verdict.refuse("RESTORE_BACKUP_DELETION_NOT_ALLOWED",
                    quote(b) + " is the backup left by restoring a root branch from another branch and cannot be deleted.");
        }
        return Verdict.ALLOWED;
    }

    public Verdict canSetDefault(Branch b) {
        if (b.isDefault()) {
            return Verdict.conflict("ALREADY_DEFAULT", quote(b) + " is already the default branch.");
        }
        if (b.expires()) {
            return Verdict.refuse("EXPIRING_BRANCH_CANNOT_BE_DEFAULT",
                    quote(b) + " has an expiration date, so it cannot be the default branch. Remove its expiration first.");
        }
        return Verdict.ALLOWED;
    }

    public Verdict canProtect(Branch b) {
        if (b.isProtected()) {
            return Verdict.conflict("ALREADY_PROTECTED", quote(b) + " is already protected.");
        }
        if (b.expires()) {
            return Verdict.refuse("PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED",
                    quote(b) + " has an expiration date, and a protected branch cannot expire. Remove its expiration first.");
        }
        return protectedCapacity();
    }

    /** Room for one more protected branch within the plan's limit. */
    public Verdict protectedCapacity() {
        if (protectedCount >= project.limits().maxProtectedBranches()) {
            return Verdict.refuse("PROTECTED_BRANCHES_LIMIT_EXCEEDED", "The project already has " + protectedCount
                    + " protected branches, the most its plan allows. Remove protection from another branch first.");
        }
        return Verdict.ALLOWED;
    }

    private Verdict expirationAllowed(Branch b) {
        if (b.isProtected()) {
            return Verdict.refuse("PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED",
                    quote(b) + " is protected, and a protected branch cannot expire.");
        }
        if (b.isDefault()) {
            return Verdict.refuse("DEFAULT_BRANCH_EXPIRATION_NOT_ALLOWED",
                    quote(b) + " is the default branch, and the default branch cannot expire.");
        }
        if (hasChildren(b)) {
            return Verdict.refuse("BRANCH_WITH_CHILDREN_EXPIRATION_NOT_ALLOWED",
                    quote(b) + " has child branches, and a branch with children cannot expire.");
        }
        return Verdict.ALLOWED;
    }

    /** Setting {@code expiresAt} (null clears it, which is always allowed) at time {@code now}. */
    public Verdict canSetExpiration(Branch b, Instant expiresAt, Instant now) {
        if (expiresAt == null) {
            return Verdict.ALLOWED;
        }
        Verdict v = expirationAllowed(b);
        return v.allowed() ? expirationTime(expiresAt, now) : v;
    }

    /** An expiration time must be in the future and at most 30 days ahead. */
    public static Verdict expirationTime(Instant expiresAt, Instant now) {
        if (!expiresAt.isAfter(now)) {
            return new Verdict(false, ErrorCode.INVALID_INPUT, "EXPIRATION_IN_PAST",
                    "The expiration time " + expiresAt + " is not in the future.");
        }
        if (expiresAt.isAfter(now.plus(MAX_EXPIRATION))) {
            return new Verdict(false, ErrorCode.INVALID_INPUT, "EXPIRATION_TOO_FAR",
                    "The expiration time " + expiresAt + " is more than 30 days ahead; choose a time before "
                            + now.plus(MAX_EXPIRATION).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ".");
        }
        return Verdict.ALLOWED;
    }

    private Verdict resetAllowed(Branch b) {
        if (b.isRoot()) {
            return Verdict.refuse("ROOT_BRANCH_RESET_NOT_ALLOWED", b.isSchemaOnly()
                    ? quote(b) + " is a schema-only branch: it has no parent to reset from."
                    : quote(b) + " is a root branch: it has no parent to reset from.");
        }
        if (b.isProtected()) {
            return Verdict.refuse("PROTECTED_BRANCH_RESET_NOT_ALLOWED",
                    quote(b) + " is protected and cannot be reset. Remove its protection first.");
        }
        return Verdict.ALLOWED;
    }

    /** Reset from parent; a branch with children needs a name under which its current state and children are kept. */
    public Verdict canReset(Branch b, String preserveUnderName) {
        Verdict v = restricted(Action.RESET_FROM_PARENT, b);
        if (!v.allowed()) {
            return v;
        }
        v = resetAllowed(b);
        if (!v.allowed()) {
            return v;
        }
        if (hasChildren(b) && preserveUnderName == null) {
            return Verdict.refuse("BRANCH_HAS_CHILDREN", quote(b) + " has child branches. Delete them, or keep the "
                    + "current state as a backup branch that the children move to, before resetting.");
        }
        return preserveUnderName == null ? Verdict.ALLOWED : nameAvailable(preserveUnderName, null);
    }

    /** Restore of {@code target} from {@code source} (the target itself for its own history). */
    public Verdict canRestore(Branch target, Branch source, PointInTime point, String preserveUnderName) {
        Verdict restricted = restricted(Action.RESTORE, target);
        if (!restricted.allowed()) {
            return restricted;
        }
        boolean self = target.id().equals(source.id());
        if (self && point.isHead()) {
            return Verdict.refuse("RESTORE_POINT_REQUIRED", "Restoring " + quote(target)
                    + " from its own history needs a point in time: a timestamp or an LSN.");
        }
        if (self && preserveUnderName == null) {
            return Verdict.refuse("BACKUP_NAME_REQUIRED", "Restoring " + quote(target)
                    + " from its own history needs a name for the backup branch that keeps its current state.");
        }
        if (hasChildren(target) && preserveUnderName == null) {
            return Verdict.refuse("BACKUP_NAME_REQUIRED", quote(target)
                    + " has child branches; give a name for the backup branch that keeps its current state and its children.");
        }
        return preserveUnderName == null ? Verdict.ALLOWED : nameAvailable(preserveUnderName, null);
    }

    public Verdict canCreateChild(Branch parent) {
        Verdict restricted = restricted(Action.CREATE_CHILD, parent);
        if (!restricted.allowed()) {
            return restricted;
        }
        if (parent.expires()) {
            return Verdict.refuse("EXPIRING_BRANCH_CHILD_NOT_ALLOWED", quote(parent)
                    + " has an expiration date, and you cannot create branches from an expiring branch.");
        }
        return branchCapacity(false);
    }

    /** Room for one more branch (a root if {@code root}) within the plan's limits. */
    public Verdict branchCapacity(boolean root) {
        if (byId.size() >= project.limits().maxBranches()) {
            return Verdict.refuse("BRANCHES_LIMIT_EXCEEDED", "The project has " + byId.size()
                    + " branches, the most its plan allows. Delete a branch you no longer need first.");
        }
        if (root && roots >= project.limits().maxRootBranches()) {
            return Verdict.refuse("ROOT_BRANCHES_LIMIT_EXCEEDED", "The project has " + roots
                    + " root branches, the most its plan allows. Delete a root branch you no longer need first.");
        }
        return Verdict.ALLOWED;
    }

    /**
     * Checks a new or changed branch name: its shape ({@link BranchName}), that no other branch has it or a name
     * that looks the same, and that it is not another branch's id (a path names a branch by either).
     */
    public Verdict nameAvailable(String name, String exceptBranchId) {
        if (name != null && name.equals(exceptBranchId)) {
            // a branch created without a name is named after its id; keeping that name is always allowed
            return Verdict.ALLOWED;
        }
        Verdict shape = nameShape(name);
        if (!shape.allowed()) {
            return shape;
        }
        Branch holder = byName.get(BranchName.comparable(name));
        if (holder != null && !holder.id().equals(exceptBranchId)) {
            return Verdict.conflict("BRANCH_NAME_TAKEN", holder.name().equals(name)
                    ? "A branch named \"" + name + "\" already exists; choose another name."
                    : "A branch named \"" + holder.name() + "\" already exists and looks the same as \"" + name
                            + "\"; choose another name.");
        }
        Branch byItsId = byId.get(name);
        if (byItsId != null && !byItsId.id().equals(exceptBranchId)) {
            return Verdict.conflict("BRANCH_NAME_TAKEN", "\"" + name + "\" is the id of branch " + quote(byItsId)
                    + ", so it cannot be another branch's name; choose another name.");
        }
        return Verdict.ALLOWED;
    }

    /** The shape rules alone ({@link BranchName#check}), for a name typed before the project's branches are known. */
    public static Verdict nameShape(String name) {
        return BranchName.check(name);
    }

    /**
     * Actions the server itself refuses for this branch ({@link Branch#restrictedActions()}, Neon's
     * {@code restricted_actions}), with the server's reason. Neon names them in its own words: {@code restore}
     * also covers a reset (Neon resets by restoring from the parent), and {@code delete-rw-endpoint} stops a
     * deletion, since deleting a branch deletes its read-write compute.
     */
    private static Verdict restricted(Action action, Branch b) {
        for (Branch.RestrictedAction r : b.restrictedActions()) {
            String name = r.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            boolean matches = switch (action) {
                case RESTORE -> name.equals("restore");
                case RESET_FROM_PARENT -> name.equals("restore") || name.equals("reset") || name.equals("reset-from-parent");
                case DELETE -> name.equals("delete") || name.equals("delete-rw-endpoint");
                case CREATE_CHILD -> name.equals("create-branch") || name.equals("create-child");
                case RENAME -> name.equals("rename");
                case SET_DEFAULT -> name.equals("set-as-default") || name.equals("set-default");
                case PROTECT, UNPROTECT, SET_EXPIRATION -> false;
            };
            if (matches) {
                String why = r.reason() == null || r.reason().isBlank() ? "" : ": " + sentence(r.reason());
                return Verdict.refuse("ACTION_RESTRICTED", "The server does not allow "
                        + action.label().toLowerCase(java.util.Locale.ROOT) + " on " + quote(b) + " now"
                        + (why.isEmpty() ? "." : why));
            }
        }
        return Verdict.ALLOWED;
    }

    /** The server's reason as the end of a sentence: trimmed, with a full stop. */
    private static String sentence(String reason) {
        String t = reason.strip();
        return t.endsWith(".") || t.endsWith("!") || t.endsWith("?") ? t : t + ".";
    }

    private static String quote(Branch b) {
        return "\"" + b.name() + "\"";
    }
}
