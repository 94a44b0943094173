package dev.arbor.ui.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.ui.sql.SqlLexer.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    private static List<String> texts(String script) {
        return SqlScript.statements(script).stream().map(SqlScript.Statement::text).toList();
    }

    @Test
    void semicolonsEndStatementsOnlyOutsideStringsCommentsAndDollarQuotes() {
        String script = """
                select 'a;b', "x;y" from t; -- one;
                /* two; /* nested; */ still */ insert into t values (E'it\\'s;');
                create function f() returns int as $body$ begin return 1; end $body$ language plpgsql;
                do $$ begin perform 1; end $$
                """;
        assertEquals(List.of(
                "select 'a;b', \"x;y\" from t",
                "-- one;\n/* two; /* nested; */ still */ insert into t values (E'it\\'s;')",
                "create function f() returns int as $body$ begin return 1; end $body$ language plpgsql",
                "do $$ begin perform 1; end $$"), texts(script));
    }

    @Test
    void piecesOfOnlyCommentsOrSpaceAreNotStatements() {
        assertEquals(List.of("select 1"), texts(";;  -- nothing\n; select 1; /* trailing */ ;\n"));
        assertEquals(List.of(), texts("  -- just a note\n"));
    }

    @Test
    void aSelectionIsSplitWithTheScriptsOffsets() {
        String script = "select 1;\nselect 2;\nselect 3;";
        int from = script.indexOf("select 2");
        List<SqlScript.Statement> s = SqlScript.statements(script, from, script.length());
        assertEquals(2, s.size());
        assertEquals(from, s.get(0).start());
        assertEquals(script.indexOf("select 3"), s.get(1).start());
    }

    @Test
    void aServerPositionMapsToTheEditorCharacterCountingCodePoints() {
        String script = "select 1;\n  select '\uD83D\uDE00', nope";
        SqlScript.Statement second = SqlScript.statements(script).get(1);
        // Postgres counts the emoji as one character: "nope" is at position 13 of "select '😀', nope"
        assertEquals(script.indexOf("nope"), second.editorOffset(13));
        assertEquals(-1, second.editorOffset(0));
    }

    @Test
    void theFirstWordSkipsCommentsAndIgnoresCase() {
        assertEquals("begin", new SqlScript.Statement("/* go */ -- now\n BEGIN", 0).firstWord());
        assertEquals("", new SqlScript.Statement("(select 1)", 0).firstWord());
    }

    @Test
    void theLexerColoursKeywordsStringsCommentsAndNumbers() {
        String s = "SELECT 'x', 1.5e3 -- c\nfrom t";
        List<Kind> kinds = SqlLexer.tokens(s).stream().filter(t -> t.kind() != Kind.SPACE).map(SqlLexer.Token::kind).toList();
        assertEquals(List.of(Kind.KEYWORD, Kind.STRING, Kind.SYMBOL, Kind.NUMBER, Kind.COMMENT, Kind.KEYWORD, Kind.NAME), kinds);
    }
}
