package dev.arbor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.engine.DataDirs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsageToStandardOutputAndSucceeds() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("arbor --help"));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void versionPrintsThePomVersion() throws Exception {
        assertEquals(0, run("--version"));
        String pom = java.nio.file.Files.readString(Path.of("pom.xml"));
        String version = pom.substring(pom.indexOf("<version>", pom.indexOf("<artifactId>arbor</artifactId>")) + 9);
        version = version.substring(0, version.indexOf('<'));
        assertEquals("Arbor " + version + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownOptionPrintsASentenceAndUsageToStandardErrorAndExitsWithTwo() {
        assertEquals(2, run("--bogus"));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Unknown option \"--bogus\"." + System.lineSeparator()));
        assertTrue(text.contains("Usage:"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void defaultDirectoryGetsTheDemoOnFirstStart() {
        assertEquals(new EmbeddedProjectSource(DataDirs.defaultDataDir(), true),
                Main.sourceFor(new Invocation.OpenConsole(null, false)));
    }

    @Test
    void demoOptionUsesTheDemoDirectory() {
        assertEquals(new EmbeddedProjectSource(DataDirs.demoDataDir(), true),
                Main.sourceFor(new Invocation.OpenConsole(null, true)));
    }

    @Test
    void explicitDirectoryGetsAPlainProjectUnlessDemoIsAsked() {
        Path dir = Path.of("/tmp/arbor-explicit");
        assertEquals(new EmbeddedProjectSource(dir, false), Main.sourceFor(new Invocation.OpenConsole(dir, false)));
        assertEquals(new EmbeddedProjectSource(dir, true), Main.sourceFor(new Invocation.OpenConsole(dir, true)));
    }
}
