package dev.arbor.ui.sql;

import dev.arbor.ui.sql.SqlLexer.Token;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * The editor's colours as RichTextFX style spans: one style class per token kind ({@code sql-keyword},
 * {@code sql-string}, …), plus {@code sql-error} over the token the server pointed at. The stylesheet maps each
 * class to one of the theme's {@code -color-*} variables, so light and dark both read.
 */
final class SqlHighlighting {
    static final String ERROR = "sql-error";
    private static final List<List<String>> STYLES = java.util.Arrays.stream(SqlLexer.Kind.values())
            .map(k -> List.of("sql-" + k.name().toLowerCase(Locale.ROOT).replace('_', '-'))).toList();

    private SqlHighlighting() {
    }

    /** Spans for {@code text}, marking the token at {@code errorOffset} (or none when it is -1). */
    static StyleSpans<Collection<String>> spans(String text, int errorOffset) {
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        List<Token> tokens = SqlLexer.tokens(text);
        if (tokens.isEmpty()) {
            b.add(List.of(), 0);
            return b.create();
        }
        boolean marked = false;
        for (Token t : tokens) {
            String kind = STYLES.get(t.kind().ordinal()).get(0);
            boolean error = !marked && errorOffset >= 0 && errorOffset < t.end() && t.kind() != SqlLexer.Kind.SPACE;
            if (error && errorOffset > t.start()) {
                b.add(List.of(kind), errorOffset - t.start());
                b.add(List.of(kind, ERROR), t.end() - errorOffset);
            } else {
                b.add(error ? List.of(kind, ERROR) : STYLES.get(t.kind().ordinal()), t.end() - t.start());
            }
            marked |= error;
        }
        if (!marked && errorOffset >= 0 && errorOffset >= text.length()) {
            // the server pointed past the end (an unfinished statement): the last token is what is missing its end
            return spans(text, Math.max(0, tokens.get(tokens.size() - 1).start()));
        }
        return b.create();
    }

    /** Spans for a run of neighbouring tokens (at least one), from the first one's start, with no error marked. */
    static StyleSpans<Collection<String>> spans(List<Token> tokens) {
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>(tokens.size());
        for (Token t : tokens) {
            b.add(STYLES.get(t.kind().ordinal()), t.end() - t.start());
        }
        return b.create();
    }
}
