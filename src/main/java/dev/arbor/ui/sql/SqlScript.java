package dev.arbor.ui.sql;

import dev.arbor.ui.sql.SqlLexer.Kind;
import dev.arbor.ui.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A script split into the statements Postgres will run, each with where it sits in the editor, so that an error's
 * position (which Postgres counts in the statement it was sent) lands on the right character of the script. A
 * semicolon inside a string, a dollar-quoted body or a comment does not end a statement; a piece holding only
 * comments is not a statement.
 */
final class SqlScript {

    /** One statement: its text as sent (without the closing semicolon) and its first character's offset. */
    record Statement(String text, int start) {
        int end() {
            return start + text.length();
        }

        /** The first word, lower case ({@code select}, {@code begin}), or "" when it starts with something else. */
        String firstWord() {
            for (Token t : SqlLexer.tokens(text)) {
                if (t.kind() == Kind.SPACE || t.kind() == Kind.COMMENT) {
                    continue;
                }
                return t.kind() == Kind.KEYWORD || t.kind() == Kind.NAME ? t.text(text).toLowerCase(Locale.ROOT) : "";
            }
            return "";
        }

        /**
         * The editor offset of the character Postgres names by its 1-based position in this statement; Postgres
         * counts characters, so a character outside the BMP counts once. -1 when the position is unknown.
         */
        int editorOffset(int position) {
            if (position <= 0) {
                return -1;
            }
            int cps = text.codePointCount(0, text.length());
            if (position > cps) {
                return end();
            }
            return start + text.offsetByCodePoints(0, position - 1);
        }
    }

    private SqlScript() {
    }

    /** The statements in {@code script[from, to)}, in order; offsets are the script's. */
    static List<Statement> statements(String script, int from, int to) {
        String part = script.substring(from, to);
        List<Statement> out = new ArrayList<>();
        int pieceStart = -1;
        int pieceEnd = -1;
        boolean hasCode = false;
        for (Token t : SqlLexer.tokens(part)) {
            if (t.kind() == Kind.SEMICOLON) {
                if (hasCode) {
                    out.add(new Statement(part.substring(pieceStart, pieceEnd), from + pieceStart));
                }
                pieceStart = -1;
                hasCode = false;
                continue;
            }
            if (t.kind() == Kind.SPACE) {
                continue;
            }
            if (pieceStart < 0) {
                pieceStart = t.start();
            }
            pieceEnd = t.end();
            hasCode |= t.kind() != Kind.COMMENT;
        }
        if (hasCode) {
            out.add(new Statement(part.substring(pieceStart, pieceEnd), from + pieceStart));
        }
        return out;
    }

    static List<Statement> statements(String script) {
        return statements(script, 0, script.length());
    }
}
