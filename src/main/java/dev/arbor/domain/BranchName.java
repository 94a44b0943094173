package dev.arbor.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a branch name may be, in one place: the engine enforces it, the API server answers with its sentence,
 * and the console's Create, Rename and Restore dialogs show the same sentence while the name is typed.
 *
 * <p>A name is what people read to tell branches apart, so besides Neon's 1 to 256 characters (counted as
 * Unicode characters, not UTF-16 units) it must be valid Unicode text that shows what it is: no control or
 * invisible characters, no line breaks or text-direction overrides, no spaces at either end, and nothing that
 * reads as something else to the API (a branch id, or a path the API gives its own meaning).
 */
public final class BranchName {
    public static final int MAX_LENGTH = 256;

    /** Path segments under {@code /branches/} that are not a branch: a branch with such a name could not be addressed by it. */
    private static final Set<String> RESERVED = Set.of("count", ".", "..");
    /** The shape of a branch id ({@code br-young-forest-a5b6c7d8}); a name like this could be taken for another branch's id. */
    private static final Pattern ID_SHAPE = Pattern.compile("br-[a-z]+-[a-z]+-[a-z0-9]{6,8}");
    private static final String REASON = "INVALID_BRANCH_NAME";

    private BranchName() {
    }

    /** The verdict on a name's shape alone; whether another branch holds it is {@link BranchPolicy#nameAvailable}'s question. */
    public static BranchPolicy.Verdict check(String name) {
        if (name == null || name.isEmpty()) {
            return invalid("A branch name cannot be empty.");
        }
        int broken = UnicodeText.unpairedSurrogate(name);
        if (broken >= 0) {
            return invalid("A branch name must be valid Unicode text; this one has a broken character (an unpaired "
                    + String.format(Locale.ROOT, "UTF-16 surrogate, \\u%04X", (int) name.charAt(broken)) + ") at position "
                    + (name.codePointCount(0, broken) + 1) + ".");
        }
        int length = length(name);
        if (length > MAX_LENGTH) {
            return invalid("A branch name can have at most " + MAX_LENGTH + " characters; this one has " + length + ".");
        }
        int position = 0;
        boolean visible = false;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            position++;
            String problem = problem(name, i, cp);
            if (problem != null) {
                return invalid("A branch name can have no " + problem + "; this one has "
                        + UnicodeText.describe(cp) + " at position " + position + ".");
            }
            visible |= isVisible(cp);
            i += Character.charCount(cp);
        }
        if (!visible) {
            return invalid("A branch name needs at least one visible character.");
        }
        if (name.charAt(0) == ' ' || name.charAt(name.length() - 1) == ' ') {
            return invalid("A branch name cannot start or end with a space; remove the spaces around it.");
        }
        if (RESERVED.contains(name)) {
            String why = name.equals("count") ? "the API reads /branches/count as the number of branches"
                    : "in an API path it means this folder or the one above";
            return invalid("\"" + name + "\" cannot be a branch name: " + why
                    + ", so a branch with that name could not be reached by it. Choose another name.");
        }
        if (ID_SHAPE.matcher(name).matches()) {
            return invalid("\"" + name + "\" looks like a branch id, so it could be taken for another branch; "
                    + "choose a name that does not have the shape br-word-word-1a2b3c4d.");
        }
        return BranchPolicy.Verdict.ALLOWED;
    }

    /** The length as Neon counts it: Unicode characters (code points), so an emoji counts once. */
    public static int length(String name) {
        return name.codePointCount(0, name.length());
    }

    /**
     * The form two names are compared in for "already taken": names that differ only in how an accented letter
     * is encoded (é as one character or as e and a combining accent) look the same, so they are the same name.
     */
    public static String comparable(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= 0x300) {
                return Normalizer.normalize(name, Normalizer.Form.NFC);
            }
        }
        // below U+0300 there are no combining marks, so the text is already in NFC (the policy is built for every
        // branch on every change, and most names are plain)
        return name;
    }

    /** What is wrong with the character at {@code i}, as a phrase for the refusal, or null when it may appear. */
    private static String problem(String name, int i, int cp) {
        int type = Character.getType(cp);
        if (type == Character.CONTROL) {
            return "control characters such as tabs or line breaks";
        }
        if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return "line or paragraph separators";
        }
        if (type == Character.SPACE_SEPARATOR && cp != ' ') {
            return "spaces other than the ordinary space";
        }
        if (type == Character.FORMAT && !joinsVisibly(name, i, cp)) {
            return "invisible formatting characters such as zero-width spaces or text-direction marks";
        }
        if (UnicodeText.isBlankLetter(cp)) {
            return "characters that show as blank space";
        }
        if (type == Character.PRIVATE_USE || type == Character.UNASSIGNED || type == Character.SURROGATE) {
            return "characters that have no agreed meaning (private-use or unassigned code points)";
        }
        return null;
    }

    /**
     * The two format characters that are part of real text: the zero-width joiner inside an emoji sequence
     * (👩‍💻) and the zero-width non-joiner between letters of scripts that need it (Persian, Indic). Anywhere
     * else they only make two different names look the same.
     */
    private static boolean joinsVisibly(String name, int i, int cp) {
        if (cp != 0x200D && cp != 0x200C) {
            return false;
        }
        if (i == 0 || i + 1 >= name.length()) {
            return false;
        }
        int before = name.codePointBefore(i);
        int after = name.codePointAt(i + 1);
        if (cp == 0x200D) {
            return (Character.isExtendedPictographic(before) || Character.isEmojiModifier(before) || before == 0xFE0F)
                    && Character.isExtendedPictographic(after);
        }
        return Character.isLetter(before) && Character.isLetter(after)
                && Character.UnicodeScript.of(before) != Character.UnicodeScript.LATIN
                && Character.UnicodeScript.of(before) == Character.UnicodeScript.of(after);
    }

    private static boolean isVisible(int cp) {
        int type = Character.getType(cp);
        return cp != ' ' && type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK
                && type != Character.COMBINING_SPACING_MARK && type != Character.FORMAT;
    }

    private static BranchPolicy.Verdict invalid(String message) {
        return new BranchPolicy.Verdict(false, ErrorCode.INVALID_INPUT, REASON, message);
    }
}
