package dev.arbor.ui.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Postgres's lexical structure, enough to colour a script and to split it into statements: comments (nested block
 * comments as Postgres allows them), string constants (standard, {@code E''} with backslash escapes, dollar-quoted),
 * quoted identifiers, numbers, keywords and the semicolons that end statements. A token never spans two kinds, and
 * an unterminated string or comment runs to the end of the text, as Postgres would read it.
 */
final class SqlLexer {

    enum Kind { SPACE, COMMENT, STRING, QUOTED_NAME, NUMBER, KEYWORD, NAME, PARAMETER, SEMICOLON, SYMBOL }

    /** A token: its kind and where it is, {@code [start, end)} in the text. */
    record Token(Kind kind, int start, int end) {
        String text(String source) {
            return source.substring(start, end);
        }
    }

    /** The words coloured as keywords: Postgres's reserved words and the commands and clauses people type most. */
    static final Set<String> KEYWORDS = Set.of(
            "abort", "add", "all", "alter", "analyze", "and", "any", "array", "as", "asc", "begin", "between", "by",
            "cascade", "case", "cast", "check", "checkpoint", "collate", "column", "comment", "commit", "concurrently",
            "constraint", "copy", "create", "cross", "current_date", "current_time", "current_timestamp", "current_user",
            "database", "default", "deferrable", "delete", "desc", "distinct", "do", "drop", "else", "end", "except",
            "exists", "explain", "extension", "false", "fetch", "for", "foreign", "from", "full", "function", "grant",
            "group", "having", "if", "ilike", "in", "index", "inner", "insert", "intersect", "interval", "into", "is",
            "join", "key", "lateral", "left", "like", "limit", "lock", "materialized", "natural", "not", "null", "nulls",
            "offset", "on", "only", "or", "order", "outer", "over", "partition", "policy", "primary", "procedure",
            "references", "refresh", "reindex", "release", "rename", "replace", "returning", "revoke", "right", "role",
            "rollback", "savepoint", "schema", "select", "sequence", "set", "show", "start", "table", "then", "to",
            "transaction", "trigger", "true", "truncate", "type", "union", "unique", "update", "using", "vacuum",
            "values", "view", "when", "where", "window", "with");

    private SqlLexer() {
    }

    static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            Token t = next(s, i);
            out.add(t);
            i = t.end();
        }
        return out;
    }

    /**
     * The token that begins at {@code start} (which must be below the text's length). It depends only on the text
     * from {@code start} on, so lexing may begin again at any token's start; no token looks past a line end it has
     * not taken in, which lets an edit be lexed again from the line it begins on.
     */
    static Token next(String s, int start) {
        int n = s.length();
        int i = start;
        char c = s.charAt(i);
        Kind kind;
        if (Character.isWhitespace(c)) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            kind = Kind.SPACE;
        } else if (c == '-' && at(s, i + 1, '-')) {
            while (i < n && s.charAt(i) != '\n') {
                i++;
            }
            kind = Kind.COMMENT;
        } else if (c == '/' && at(s, i + 1, '*')) {
            i = blockCommentEnd(s, i);
            kind = Kind.COMMENT;
        } else if (c == '\'') {
            i = quotedEnd(s, i, '\'', false);
            kind = Kind.STRING;
        } else if ((c == 'e' || c == 'E') && at(s, i + 1, '\'')) {
            i = quotedEnd(s, i + 1, '\'', true);
            kind = Kind.STRING;
        } else if (c == '"') {
            i = quotedEnd(s, i, '"', false);
            kind = Kind.QUOTED_NAME;
        } else if (c == '$' && dollarTagEnd(s, i) > 0) {
            int tagEnd = dollarTagEnd(s, i);
            String tag = s.substring(i, tagEnd);
            int close = s.indexOf(tag, tagEnd);
            i = close < 0 ? n : close + tag.length();
            kind = Kind.STRING;
        } else if (c == '$' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
            }
            kind = Kind.PARAMETER;
        } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
            i = numberEnd(s, i);
            kind = Kind.NUMBER;
        } else if (Character.isLetter(c) || c == '_') {
            while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) {
                i++;
            }
            kind = KEYWORDS.contains(s.substring(start, i).toLowerCase(Locale.ROOT)) ? Kind.KEYWORD : Kind.NAME;
        } else if (c == ';') {
            i++;
            kind = Kind.SEMICOLON;
        } else {
            i += Character.charCount(s.codePointAt(i));
            kind = Kind.SYMBOL;
        }
        return new Token(kind, start, i);
    }

    private static boolean at(String s, int i, char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private static int blockCommentEnd(String s, int i) {
        int depth = 0;
        int n = s.length();
        while (i < n) {
            if (s.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** The end of a quoted token opened at {@code i}; a doubled quote stays inside, and so does {@code \'} in E''. */
    private static int quotedEnd(String s, int i, char quote, boolean backslashes) {
        int n = s.length();
        i++;
        while (i < n) {
            char c = s.charAt(i);
            if (backslashes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (at(s, i + 1, quote)) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** The end of a dollar-quote tag ({@code $$} or {@code $tag$}) starting at {@code i}, or 0 when there is none. */
    private static int dollarTagEnd(String s, int i) {
        int j = i + 1;
        int n = s.length();
        if (j < n && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
            while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
        }
        return j < n && s.charAt(j) == '$' ? j + 1 : 0;
    }

    private static int numberEnd(String s, int i) {
        int n = s.length();
        while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_')) {
            i++;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            if (j < n && Character.isDigit(s.charAt(j))) {
                i = j;
                while (i < n && Character.isDigit(s.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }
}
