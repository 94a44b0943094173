package dev.arbor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class DesktopUnavailableTest {
    @TempDir
    Path dir;

    /**
     * The console started where no display can be opened (as on a server, or CI): one sentence on standard error
     * that says what is missing and that {@code arbor serve} still works, no stack trace, and a failing exit code.
     * On a machine without GTK 3 this is also what happens first: JavaFX looks for the display before it loads GTK.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void consoleWithoutADisplaySaysSoInOneSentence() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--data-dir", dir.resolve("project").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.remove("DISPLAY");
        env.remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = drain(p.getInputStream(), out);
        Thread e = drain(p.getErrorStream(), err);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the console gave up within a minute");
        o.join(5_000);
        e.join(5_000);
        String stderr = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(Main.NO_DESKTOP, p.exitValue(), stderr);
        assertEquals(DesktopUnavailable.DISPLAY_SENTENCE, stderr, "one sentence, nothing else");
        assertFalse(stderr.contains("\tat "), "no stack trace");
    }

    @Test
    void missingGtkIsNamedWithTheWayToInstallItAndTheServerThatWorksWithout() {
        // the exception JavaFX throws from GtkApplication when libgtk-3.so.0 cannot be loaded
        Optional<String> sentence = DesktopUnavailable.sentenceFor(
                new UnsupportedOperationException("Unable to load glass GTK library."));
        assertEquals(Optional.of(DesktopUnavailable.GTK_SENTENCE), sentence);
        assertTrue(sentence.orElseThrow().contains("libgtk-3-0"));
        assertTrue(sentence.orElseThrow().contains("arbor serve"));
    }

    @Test
    void aFailureWrappedByTheLauncherIsStillRecognised() {
        RuntimeException wrapped = new RuntimeException("Exception in Application start method",
                new UnsupportedOperationException("Unable to open DISPLAY"));
        assertEquals(Optional.of(DesktopUnavailable.DISPLAY_SENTENCE), DesktopUnavailable.sentenceFor(wrapped));
    }

    @Test
    void otherFailuresAreNotExplainedAway() {
        assertEquals(Optional.empty(), DesktopUnavailable.sentenceFor(new IllegalStateException("boom")));
        assertEquals(Optional.empty(), DesktopUnavailable.sentenceFor(new UnsupportedOperationException()));
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // the child ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
