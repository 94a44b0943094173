package dev.arbor.ui.restore;

import dev.arbor.domain.Branch;
import java.util.ArrayList;
import java.util.List;

/**
 * The confirmation's plain words (seed 001): what is restored from where and when, the backup, that
 * everything is overwritten and connections blink, and how parent links and children change.
 *
 * @param target     the branch to restore
 * @param source     where the data comes from (the target itself for its own history)
 * @param parent     the target's parent now, or null for a root
 * @param fromHead   from the source's latest data rather than a point in its history
 * @param pointText  the point in words, with its time and LSN where known
 * @param backupName the backup to keep, or null for none
 * @param children   the names of the target's children
 * @param undoRefusal why the rules will refuse to undo the restore from the backup, or null when they allow it
 */
record RestoreSummary(Branch target, Branch source, Branch parent, boolean fromHead, String pointText, String backupName,
                      List<String> children, String undoRefusal) {

    boolean ownHistory() {
        return target.id().equals(source.id());
    }

    /** From the parent's latest data, which the rules treat as a reset from parent. */
    boolean isReset() {
        return !ownHistory() && fromHead && source.id().equals(target.parentId());
    }

    List<String> lines() {
        String t = q(target.name());
        String b = backupName == null ? null : q(backupName);
        List<String> lines = new ArrayList<>();
        lines.add(ownHistory() ? "Restore " + t + " to its own history at " + pointText + "."
                : "Restore " + t + " from " + q(source.name()) + " at " + pointText + ".");
        lines.add("All databases on " + t + " are overwritten with the schema and data of that point. This is a complete "
                + "overwrite, not a merge: changes made on " + t + " after it are not kept on " + t + ".");
        lines.add("Connections to " + t + " are interrupted briefly while it is restored; its connection details stay the same.");
        lines.add(b == null ? "No backup is kept: the current state of " + t + " cannot be recovered after the restore."
                : undoRefusal == null ? "The current state of " + t + " is kept in a new backup branch " + b + ", so the restore can be undone."
                : "The current state of " + t + " is kept in a new backup branch " + b + ", but the restore cannot be undone "
                + "afterwards: undoing it would reset " + t + " from " + b + ", its new parent, and " + undoRefusal);
        lines.add(parentLinks(t, b));
        if (children.isEmpty()) {
            lines.add(t + " has no child branches, so none move.");
        } else if (b != null) {
            lines.add("Its " + (children.size() == 1 ? "child branch " : children.size() + " child branches ")
                    + String.join(", ", children.stream().map(RestoreSummary::q).toList())
                    + (children.size() == 1 ? " moves to the backup " + b + " and keeps its data."
                    : " move to the backup " + b + " and keep their data."));
        }
        return lines;
    }

    private String parentLinks(String t, String b) {
        if (isReset()) {
            return "Because " + q(source.name()) + " is the parent of " + t + " and you restore from its latest data, this is a "
                    + "reset from parent: " + t + " keeps " + q(source.name()) + " as its parent"
                    + (b == null ? "." : ", and the backup " + b + " gets the same parent.");
        }
        if (target.isRoot()) {
            if (b == null) {
                return t + " is a root branch and stays one.";
            }
            return t + " is a root branch: after the restore, " + t + " and the backup " + b + " are both root branches, "
                    + "with no parent-child link between them." + (ownHistory() ? ""
                    : " Because a root branch is restored from another branch, the backup " + b + " cannot be deleted.");
        }
        String p = parent == null ? "its parent" : q(parent.name());
        if (b == null) {
            return q(source.name()) + " becomes the parent of " + t + " in place of " + p + ".";
        }
        return "The backup " + b + " keeps " + p + " as its parent and becomes the parent of " + t + ". A later Reset from "
                + "parent resets " + t + " to the backup, not to " + p + ".";
    }

    private static String q(String name) {
        return "\"" + name + "\"";
    }
}
