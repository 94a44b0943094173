package dev.arbor.ui.sql;

import dev.arbor.ui.sql.SqlLexer.Kind;
import dev.arbor.ui.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A script's tokens, kept up to date edit by edit so that typing in a long script lexes a line or two, not the
 * whole text. An edit is lexed again from the start of the token holding the line end before it, until a token
 * ends where an old one ended past the edit: from there on the text, and so its tokens, are the old ones moved.
 * Always the same tokens as {@link SqlLexer#tokens} of the whole text.
 */
final class SqlTokens {
    /** Token {@code k} is {@code [k == 0 ? 0 : ends[k - 1], ends[k])} of kind {@code kinds[k]}. */
    private int[] ends = new int[0];
    private Kind[] kinds = new Kind[0];
    private int count;

    SqlTokens(String text) {
        List<Token> all = SqlLexer.tokens(text);
        count = all.size();
        ends = new int[count];
        kinds = new Kind[count];
        for (int k = 0; k < count; k++) {
            ends[k] = all.get(k).end();
            kinds[k] = all.get(k).kind();
        }
    }

    /** Every token, in order. */
    List<Token> all() {
        List<Token> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            out.add(token(k));
        }
        return out;
    }

    /**
     * Takes in the edit that replaced {@code removed} characters at {@code position} with {@code inserted}, giving
     * {@code text}; returns the tokens lexed again, which cover one stretch of the new text and hold every token
     * whose kind or extent changed (none when the text is now empty).
     */
    List<Token> edit(String text, int position, int removed, int inserted) {
        int delta = inserted - removed;
        int lineEnd = position == 0 ? -1 : text.lastIndexOf('\n', position - 1);
        // the first token to lex again: the one holding the line end before the edit, or the first
        int first = lineEnd < 0 ? 0 : tokenAt(lineEnd);
        int start = first == 0 ? 0 : ends[first - 1];
        int editEnd = position + inserted;
        List<Token> fresh = new ArrayList<>();
        int i = start;
        int resume = count; // the first old token kept after the fresh ones
        while (i < text.length()) {
            Token t = SqlLexer.next(text, i);
            fresh.add(t);
            i = t.end();
            if (i >= editEnd) {
                int old = i - delta;
                if (old >= position + removed) {
                    int k = Arrays.binarySearch(ends, 0, count, old);
                    if (k >= 0) {
                        resume = k + 1;
                        break;
                    }
                }
            }
        }
        int kept = count - resume;
        int newCount = first + fresh.size() + kept;
        int[] newEnds = new int[Math.max(newCount, 16)];
        Kind[] newKinds = new Kind[newEnds.length];
        System.arraycopy(ends, 0, newEnds, 0, first);
        System.arraycopy(kinds, 0, newKinds, 0, first);
        for (int f = 0; f < fresh.size(); f++) {
            newEnds[first + f] = fresh.get(f).end();
            newKinds[first + f] = fresh.get(f).kind();
        }
        for (int k = 0; k < kept; k++) {
            newEnds[first + fresh.size() + k] = ends[resume + k] + delta;
        }
        System.arraycopy(kinds, resume, newKinds, first + fresh.size(), kept);
        ends = newEnds;
        kinds = newKinds;
        count = newCount;
        return fresh;
    }

    private Token token(int k) {
        return new Token(kinds[k], k == 0 ? 0 : ends[k - 1], ends[k]);
    }

    /** The index of the token holding {@code offset}, which must lie inside the old text's tokens. */
    private int tokenAt(int offset) {
        int k = Arrays.binarySearch(ends, 0, count, offset + 1);
        // ends are exclusive: the token holding offset is the first whose end is above it
        return k >= 0 ? k : Math.min(count - 1, -k - 1);
    }
}
