package dev.arbor.ui.sql;

import static dev.arbor.ui.sql.BenchFx.ms;
import static dev.arbor.ui.sql.BenchFx.onFx;

import dev.arbor.domain.Branch;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import dev.arbor.ui.common.FxUiExecutor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.model.StyleSpan;
import org.fxmisc.richtext.model.StyleSpans;

/**
 * The SQL editor's second target (issue 14): typing in a 5,000-line script stays within 16 ms a keystroke,
 * highlighting included. The real editor view (SqlEditorView's CodeArea, coloured by SqlHighlighting) holds a
 * 5,000-line script; the caret is put on an empty line in its middle and a statement is typed a key at a time
 * (KEY_PRESSED, KEY_TYPED, KEY_RELEASED fired at the area on the FX thread). Each keystroke is timed
 *
 * <ul>
 *   <li>from dispatching the key event</li>
 *   <li>to the end of the first pulse after which the caret's paragraph carries the colours a fresh highlighting
 *       of the whole text gives it (so highlighting done later, off the event, is counted until it lands).</li>
 * </ul>
 *
 * Also reported: the time spent inside the event itself, and the FX thread's CPU time over the keystroke. At the end
 * the whole text's colours are checked against a fresh highlighting. Not JMH; run headless on Monocle (the command
 * is in docs/benchmarks.md, "SQL editor"). The script needs no database: the editor is not connected.
 */
public final class SqlTypingBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String TYPED = "select o.id, c.name from orders o join customers c on c.id = o.customer_id"
            + " where o.note = 'late' and o.total > 10; -- check";

    public static void main(String[] args) throws Exception {
        int lines = 5_000;
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--lines" -> lines = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("Usage: [--lines N] [--rounds N]");
            }
        }
        System.out.println("# SqlTypingBenchmark: " + lines + " lines, " + rounds + " rounds of " + TYPED.length()
                + " keystrokes (the first round is warm-up); " + Runtime.getRuntime().availableProcessors() + " CPUs");
        System.out.println("# uptime before: " + BenchFx.uptime());
        Path dir = Files.createTempDirectory("arbor-sql-typing");
        try (EmbeddedEngine engine = EmbeddedEngine.open(dir, EngineOptions.defaults().withMaintenanceInterval(null))) {
            BenchFx.startToolkit();
            run(engine, script(lines), rounds);
            System.out.println("# uptime after: " + BenchFx.uptime());
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            javafx.application.Platform.exit();
        }
    }

    /** A migration-like script of {@code lines} lines: DDL, inserts with strings, queries, comments, a function. */
    static String script(int lines) {
        String[] block = {
            "-- orders for customer %d",
            "create table if not exists orders_%d (",
            "    id bigint primary key,",
            "    customer_id bigint not null references customers (id),",
            "    note text default 'none',",
            "    total numeric(12, 2) not null check (total >= 0)",
            ");",
            "insert into orders_%d (id, customer_id, note, total) values (1, %d, 'first order', 19.99), (2, %d, E'it''s\\tlate', 5);",
            "/* a block comment",
            "   over two lines */",
            "select o.id, c.name, \"Total Due\" from orders_%d o join customers c on c.id = o.customer_id where o.total > $1;",
            "create function bump_%d() returns trigger language plpgsql as $$ begin new.total := new.total + 1; return new; end $$;",
            "",
        };
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (int k = 0; n < lines; k++) {
            for (String line : block) {
                if (n == lines) {
                    break;
                }
                if (n > 0) {
                    b.append('\n');
                }
                b.append(line.replace("%d", Integer.toString(k)));
                n++;
            }
        }
        return b.toString();
    }

    private static void run(EmbeddedEngine engine, String script, int rounds) throws Exception {
        FxUiExecutor executor = new FxUiExecutor();
        Branch main = engine.branch("main");
        Stage[] stage = new Stage[1];
        SqlEditorView[] view = new SqlEditorView[1];
        SqlEditorModel model = onFx(() -> {
            SqlEditorModel m = new SqlEditorModel(new EmbeddedBackend(engine), executor, main, new SqlHistory(),
                    Clock.systemDefaultZone(), () -> { });
            m.textProperty().set(script);
            view[0] = new SqlEditorView(m);
            stage[0] = new Stage();
            stage[0].setScene(new Scene(view[0], 1400, 900));
            stage[0].show();
            return m;
        });
        Scene scene = stage[0].getScene();
        CodeArea area = view[0].area();
        BenchFx.afterLayout(scene, () -> true);
        List<Double> total = new ArrayList<>();
        List<Double> inEvent = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                int paragraph = area.getParagraphs().size() / 2;
                onFx(() -> {
                    // a new empty line in the middle of the script, in sight
                    area.moveTo(paragraph, 0);
                    area.insertText(area.getCaretPosition(), "\n");
                    area.moveTo(paragraph, 0);
                    area.requestFollowCaret();
                    return null;
                });
                BenchFx.afterLayout(scene, () -> paragraphColoured(area, paragraph));
                for (char ch : TYPED.toCharArray()) {
                    long[] t = new long[4];
                    var done = onFx(() -> {
                        t[2] = THREADS.getCurrentThreadCpuTime();
                        t[0] = System.nanoTime();
                        type(area, ch);
                        t[1] = System.nanoTime();
                        return BenchFx.probe(scene, () -> {
                            long now = THREADS.getCurrentThreadCpuTime();
                            if (paragraphColoured(area, paragraph)) {
                                t[3] = now;
                                return true;
                            }
                            return false;
                        });
                    });
                    long end = done.get(BenchFx.TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                    if (round > 0) {
                        total.add(ms(end - t[0]));
                        inEvent.add(ms(t[1] - t[0]));
                        cpu.add(ms(t[3] - t[2]));
                    }
                }
                String line = onFx(() -> area.getParagraph(paragraph).getText());
                if (!line.equals(TYPED)) {
                    throw new IllegalStateException("typed line reads \"" + line + "\"");
                }
                if (!onFx(() -> wholeTextColoured(area))) {
                    throw new IllegalStateException("the script's colours differ from a fresh highlighting");
                }
                System.out.printf(Locale.ROOT, "round %d%s: keystroke→coloured and laid out: %s%n", round + 1,
                        round == 0 ? " (warm-up)" : "", BenchFx.summary(round == 0 ? List.of() : total.subList(
                                total.size() - TYPED.length(), total.size())));
            }
        } finally {
            onFx(() -> {
                model.close();
                stage[0].close();
                return null;
            });
            executor.close();
        }
        System.out.println();
        System.out.println("keystroke → coloured and laid out (target ≤ 16 ms): " + BenchFx.summary(total));
        System.out.println("inside the key event: " + BenchFx.summary(inEvent));
        System.out.println("FX thread CPU per keystroke: " + BenchFx.summary(cpu));
    }

    private static void type(CodeArea area, char ch) {
        String s = String.valueOf(ch);
        KeyCode code = KeyCode.getKeyCode(s.toUpperCase(Locale.ROOT));
        code = code == null ? KeyCode.UNDEFINED : code;
        area.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, false, false, false));
        area.fireEvent(new KeyEvent(KeyEvent.KEY_TYPED, s, "", KeyCode.UNDEFINED, false, false, false, false));
        area.fireEvent(new KeyEvent(KeyEvent.KEY_RELEASED, "", "", code, false, false, false, false));
    }

    /**
     * The paragraph's colours are those a fresh highlighting gives it. The typed line sits between complete
     * statements and ends in a line comment, so the line lexed alone colours as it does in the script (an unclosed
     * string runs to the line's end either way); the whole script is checked after each round.
     */
    private static boolean paragraphColoured(CodeArea area, int paragraph) {
        String line = area.getParagraph(paragraph).getText();
        if (line.isEmpty()) {
            return true;
        }
        int from = area.getAbsolutePosition(paragraph, 0);
        return runs(SqlHighlighting.spans(line, -1)).equals(runs(area.getStyleSpans(from, from + line.length())));
    }

    /** Every character but the line ends carries the colours a fresh highlighting of the whole text gives it. */
    private static boolean wholeTextColoured(CodeArea area) {
        String text = area.getText();
        List<Collection<String>> want = perChar(SqlHighlighting.spans(text, -1), text.length());
        int at = 0;
        for (int p = 0; p < area.getParagraphs().size(); p++) {
            int i = at;
            for (StyleSpan<Collection<String>> s : area.getParagraph(p).getStyleSpans()) {
                for (int k = 0; k < s.getLength(); k++, i++) {
                    if (!List.copyOf(s.getStyle()).equals(List.copyOf(want.get(i)))) {
                        System.out.println("first difference at " + i + " (paragraph " + p + "): want " + want.get(i)
                                + ", shown " + s.getStyle());
                        return false;
                    }
                }
            }
            at += area.getParagraphLength(p) + 1;
        }
        return true;
    }

    private static List<Collection<String>> perChar(StyleSpans<Collection<String>> spans, int length) {
        List<Collection<String>> out = new ArrayList<>(length);
        for (StyleSpan<Collection<String>> s : spans) {
            for (int k = 0; k < s.getLength(); k++) {
                out.add(s.getStyle());
            }
        }
        return out;
    }

    /** Spans as (style, length) runs, neighbours of one style merged, empty ones dropped. */
    static List<String> runs(StyleSpans<Collection<String>> spans) {
        List<String> out = new ArrayList<>();
        Collection<String> style = null;
        int length = 0;
        for (StyleSpan<Collection<String>> s : spans) {
            if (s.getLength() == 0) {
                continue;
            }
            if (style != null && List.copyOf(style).equals(List.copyOf(s.getStyle()))) {
                length += s.getLength();
            } else {
                if (style != null) {
                    out.add(style + ":" + length);
                }
                style = s.getStyle();
                length = s.getLength();
            }
        }
        if (style != null) {
            out.add(style + ":" + length);
        }
        return out;
    }
}
