package dev.arbor.domain;

import java.util.Locale;

/**
 * Checks on Java strings as Unicode text. A Java string can hold an unpaired UTF-16 surrogate, which is not a
 * character at all: JSON lets a client send one ({@code "\ud800"}), and stored as UTF-8 it silently becomes
 * {@code ?}, so two different names end up as one. Text like that is refused before it is kept anywhere.
 */
public final class UnicodeText {
    private UnicodeText() {
    }

    /** The index of the first unpaired surrogate, or -1 when the string is well-formed UTF-16. */
    public static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Refuses text that is not well-formed, naming what it is ({@code "the value of column \"tag\""}). */
    public static void requireWellFormed(String what, String s) {
        int at = s == null ? -1 : unpairedSurrogate(s);
        if (at >= 0) {
            throw ArborException.invalid("INVALID_TEXT", "Arbor cannot store " + what + ": it is not valid Unicode text ("
                    + String.format(Locale.ROOT, "an unpaired UTF-16 surrogate, \\u%04X,", (int) s.charAt(at))
                    + " at position " + (s.codePointCount(0, at) + 1) + "). Send it as valid UTF-8.");
        }
    }

    /**
     * Letters that draw nothing (the Hangul fillers, the blank Braille pattern): they pass for letters but
     * show as empty space, so a name made of them looks blank.
     */
    public static boolean isBlankLetter(int cp) {
        return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
    }

    /** A code point as a person can look it up: {@code U+202E (RIGHT-TO-LEFT OVERRIDE)}. */
    public static String describe(int cp) {
        String name = Character.getName(cp);
        String code = String.format(Locale.ROOT, "U+%04X", cp);
        return name == null ? code : code + " (" + name + ")";
    }
}
