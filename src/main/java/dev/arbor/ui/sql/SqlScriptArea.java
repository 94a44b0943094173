package dev.arbor.ui.sql;

import dev.arbor.ui.common.Shortcut;
import dev.arbor.ui.common.ViewBindings;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.input.KeyEvent;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;

/**
 * A script as the SQL editor shows it, wherever SQL is typed (the editor, the Restore wizard's SQL tab): a RichTextFX
 * {@link CodeArea} with line numbers, coloured by {@link SqlHighlighting} edit by edit, the token the server refused
 * underlined until the script is edited, and {@link Shortcut#RUN_SQL} running the selection or the whole script. The
 * text is the model's: the area and the model's property follow each other while the area is shown.
 */
public final class SqlScriptArea extends CodeArea {
    /** Runs the statements in {@code [from, to)}, or all of them when the two are equal. */
    public interface Runner {
        void run(int from, int to);
    }

    private final ViewBindings bindings = ViewBindings.of(this);
    private final StringProperty text;
    /** Where the server's refusal points while the script is as it was run; -1 once it is edited. */
    private int errorOffset = -1;
    private boolean settingText;
    /** The script's tokens as coloured, kept up to date edit by edit. */
    private SqlTokens tokens;

    public SqlScriptArea(StringProperty text, ObservableValue<SqlError> error, Runner runner) {
        this.text = Objects.requireNonNull(text);
        getStyleClass().add("sql-text");
        setParagraphGraphicFactory(LineNumberFactory.get(this));
        replaceText(text.get() == null ? "" : text.get());
        textProperty().addListener((o, a, b) -> {
            if (!settingText) {
                text.set(b);
            }
        });
        // an edit is coloured where it changed the tokens, not over the whole script (a 5,000-line script stays
        // quick to type in); an edit also ends the mark of the server's refusal, which takes colouring it all again
        plainTextChanges().subscribe(c -> {
            boolean marked = errorOffset >= 0;
            errorOffset = -1;
            if (marked || tokens == null) {
                restyle();
                return;
            }
            List<SqlLexer.Token> fresh = tokens.edit(getText(), c.getPosition(), c.getRemoved().length(),
                    c.getInserted().length());
            if (!fresh.isEmpty()) {
                setStyleSpans(fresh.get(0).start(), SqlHighlighting.spans(fresh));
            }
        });
        bindings.subscribe(text, this::follow);
        bindings.listen(error, (o, a, e) -> mark(e));
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (Shortcut.RUN_SQL.matches(e)) {
                e.consume();
                runSelectionOrAll(runner);
            }
        });
        restyle();
    }

    /** Runs the selection, or the whole script when nothing is selected. */
    public void runSelectionOrAll(Runner runner) {
        var selection = getSelection();
        runner.run(selection.getStart(), selection.getEnd());
    }

    private void follow(String now) {
        String b = now == null ? "" : now;
        if (!b.equals(getText())) {
            settingText = true;
            try {
                replaceText(b);
            } finally {
                settingText = false;
            }
        }
    }

    private void mark(SqlError e) {
        errorOffset = e == null ? -1 : e.offset();
        restyle();
        if (errorOffset >= 0 && errorOffset <= getLength()) {
            moveTo(errorOffset);
            requestFollowCaret();
        }
    }

    private void restyle() {
        String t = getText();
        tokens = new SqlTokens(t);
        setStyleSpans(0, SqlHighlighting.spans(t, errorOffset));
    }
}
