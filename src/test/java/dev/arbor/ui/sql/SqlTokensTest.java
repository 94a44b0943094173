package dev.arbor.ui.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.ui.sql.SqlLexer.Kind;
import dev.arbor.ui.sql.SqlLexer.Token;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SqlTokensTest {
    private static final String SCRIPT = """
            -- orders
            create table orders (id bigint primary key, note text default 'none');
            insert into orders values (1, E'it''s\\tlate'), (2, 'x');
            /* a block
               comment */
            select "Total", 1.5e3, $1 from orders where note = 'a';
            create function f() returns int language sql as $body$ select 1 $body$;
            """;

    @Test
    void typingAQuoteColoursTheRestOfTheScriptAsAStringUntilItIsClosed() {
        Edits e = new Edits(SCRIPT);
        int at = SCRIPT.indexOf("select");
        e.replace(at, 0, "'");
        assertEquals(Kind.STRING, e.kindAt(SCRIPT.indexOf("from orders where") + 1));
        e.replace(at + 1, 0, "'");
        assertEquals(Kind.KEYWORD, e.kindAt(SCRIPT.indexOf("from orders where") + 2));
    }

    @Test
    void openingABlockCommentOnOneLineTurnsTheLinesBelowIntoComment() {
        Edits e = new Edits(SCRIPT);
        e.replace(SCRIPT.indexOf("insert"), 0, "/*");
        assertEquals(Kind.COMMENT, e.kindAt(e.text.indexOf("select") + 1));
        e.replace(e.text.indexOf("/*"), 2, "");
        assertEquals(Kind.KEYWORD, e.kindAt(e.text.indexOf("insert")));
    }

    @Test
    void aWordTypedOneLetterAtATimeBecomesAKeywordWhenComplete() {
        Edits e = new Edits(SCRIPT);
        int at = SCRIPT.indexOf("insert");
        e.replace(at, 0, "\n");
        for (char c : "selec".toCharArray()) {
            e.replace(at++, 0, String.valueOf(c));
        }
        assertEquals(Kind.NAME, e.kindAt(at - 1));
        e.replace(at, 0, "t");
        assertEquals(Kind.KEYWORD, e.kindAt(at));
    }

    @Test
    void anyRunOfEditsLeavesTheSameTokensAsLexingTheWholeText() {
        Random random = new Random(14);
        String pieces = "'\"$-/*\n ;e1x_.+";
        Edits e = new Edits(SCRIPT);
        for (int n = 0; n < 3000; n++) {
            int at = random.nextInt(e.text.length() + 1);
            int removed = random.nextInt(4) == 0 ? Math.min(e.text.length() - at, random.nextInt(6)) : 0;
            StringBuilder inserted = new StringBuilder();
            for (int k = random.nextInt(3); k >= 0; k--) {
                inserted.append(random.nextBoolean() ? pieces.charAt(random.nextInt(pieces.length()))
                        : SCRIPT.charAt(random.nextInt(SCRIPT.length())));
            }
            e.replace(at, removed, inserted.toString());
        }
        e.replace(0, e.text.length(), "");
        assertTrue(e.tokens.all().isEmpty());
    }

    /** A text and its tokens, edited together; every edit is checked against lexing the whole text. */
    private static final class Edits {
        String text;
        final SqlTokens tokens;

        Edits(String text) {
            this.text = text;
            this.tokens = new SqlTokens(text);
        }

        void replace(int at, int removed, String inserted) {
            String before = text;
            text = text.substring(0, at) + inserted + text.substring(at + removed);
            List<Token> old = SqlLexer.tokens(before);
            List<Token> fresh = tokens.edit(text, at, removed, inserted.length());
            List<Token> all = SqlLexer.tokens(text);
            assertEquals(all, tokens.all(), () -> "tokens after replacing " + removed + " at " + at + " with \""
                    + inserted + "\"");
            // the tokens lexed again hold every token that changed: the rest are the old ones, moved
            int from = fresh.isEmpty() ? text.length() : fresh.get(0).start();
            int to = fresh.isEmpty() ? text.length() : fresh.get(fresh.size() - 1).end();
            assertTrue(all.containsAll(fresh));
            for (Token t : all) {
                if (t.end() <= from) {
                    assertTrue(old.contains(t));
                } else if (t.start() >= to) {
                    int d = inserted.length() - removed;
                    assertTrue(old.contains(new Token(t.kind(), t.start() - d, t.end() - d)));
                }
            }
        }

        Kind kindAt(int offset) {
            return tokens.all().stream().filter(t -> t.start() <= offset && offset < t.end()).findFirst().orElseThrow().kind();
        }
    }
}
