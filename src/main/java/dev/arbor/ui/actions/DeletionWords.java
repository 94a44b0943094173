package dev.arbor.ui.actions;

import java.util.List;

/**
 * What a delete confirmation says will happen. Arbor's own engine deletes for good; Neon deletes softly
 * where the account has branch recovery (a preview feature: recoverable for 7 days by default), which the
 * client cannot see in advance, so the words for Neon say both and promise nothing they cannot keep.
 */
final class DeletionWords {
    private static final String RECOVERY = "Where your Neon account has branch recovery, Neon keeps a deleted branch"
            + " recoverable for a few days (7 by default; see Deleted branches in the Neon Console);"
            + " otherwise the deletion cannot be undone.";

    private DeletionWords() {
    }

    static List<String> forOne(String name, boolean deleteIsFinal) {
        return deleteIsFinal
                ? List.of("Deleting \"" + name + "\" permanently removes its databases, roles and computes.",
                        "This cannot be undone.")
                : List.of("Deleting \"" + name + "\" removes its databases, roles and computes.", RECOVERY);
    }

    static String forMany(boolean deleteIsFinal) {
        return "These branches are deleted, children before their parents, with their databases, roles and computes. "
                + (deleteIsFinal ? "This cannot be undone." : RECOVERY);
    }
}
