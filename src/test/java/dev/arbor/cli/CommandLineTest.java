package dev.arbor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    private static Invocation parse(String... args) {
        return CommandLine.parse(List.of(args));
    }

    private static String errorOf(String... args) {
        return assertInstanceOf(Invocation.UsageError.class, parse(args)).sentence();
    }

    @Test
    void noArgumentsOpensTheConsoleOnTheDefaultDirectory() {
        assertEquals(new Invocation.OpenConsole(null, false), parse());
    }

    @Test
    void demoOpensTheDemoProject() {
        assertEquals(new Invocation.OpenConsole(null, true), parse("--demo"));
    }

    @Test
    void dataDirTakesTheNextArgumentOrAnEqualsValue() {
        assertEquals(new Invocation.OpenConsole(Path.of("/srv/arbor"), false), parse("--data-dir", "/srv/arbor"));
        assertEquals(new Invocation.OpenConsole(Path.of("/srv/arbor"), false), parse("--data-dir=/srv/arbor"));
    }

    @Test
    void demoWithDataDirSeedsTheGivenDirectory() {
        assertEquals(new Invocation.OpenConsole(Path.of("here"), true), parse("--demo", "--data-dir", "here"));
        assertEquals(new Invocation.OpenConsole(Path.of("here"), true), parse("--data-dir", "here", "--demo"));
    }

    @Test
    void helpWinsOverOtherOptions() {
        assertInstanceOf(Invocation.ShowHelp.class, parse("--help"));
        assertInstanceOf(Invocation.ShowHelp.class, parse("-h"));
        assertInstanceOf(Invocation.ShowHelp.class, parse("--demo", "-h"));
    }

    @Test
    void unknownOptionIsNamedInTheSentence() {
        assertEquals("Unknown option \"--colour\".", errorOf("--colour"));
        assertEquals("Unknown option \"-x\".", errorOf("--demo", "-x"));
    }

    @Test
    void unknownCommandIsNamedInTheSentence() {
        assertEquals("\"frobnicate\" is not an Arbor command.", errorOf("frobnicate"));
    }

    @Test
    void strayArgumentAfterOptionsIsRefused() {
        assertTrue(errorOf("--demo", "extra").contains("\"extra\""));
    }

    @Test
    void dataDirWithoutADirectoryIsRefused() {
        assertTrue(errorOf("--data-dir").startsWith("--data-dir needs a directory"));
        assertTrue(errorOf("--data-dir", "--demo").startsWith("--data-dir needs a directory"));
        assertTrue(errorOf("--data-dir=").startsWith("--data-dir needs a directory"));
    }

    @Test
    void dataDirGivenTwiceIsRefused() {
        assertEquals("--data-dir is given twice; give one data directory.", errorOf("--data-dir", "a", "--data-dir", "b"));
    }

    @Test
    void demoTakesNoValue() {
        assertEquals("--demo takes no value.", errorOf("--demo=yes"));
    }

    @Test
    void usageListsTheOptionsDirectoriesAndTheServeCommand() {
        String usage = CommandLine.usage(Path.of("/data/arbor"), Path.of("/data/arbor-demo"));
        for (String expected : List.of("arbor [--data-dir DIR] [--demo]", "arbor --help", "-h, --help",
                "/data/arbor", "/data/arbor-demo",
                "arbor serve [--data-dir DIR] [--port N] [--bind ADDR] [--api-key KEY] [--demo]",
                "--port N", "--bind ADDR", "--api-key KEY", "default 4300", "api-key",
                "Embedded projects run real PostgreSQL", "127.0.0.1", "neondb_owner", "ARBOR_PG_USER")) {
            assertTrue(usage.contains(expected), () -> "usage mentions " + expected);
        }
    }

    @Test
    void serveWithoutOptionsListensOnTheDefaultPortOfTheDefaultDirectory() {
        assertEquals(new Invocation.Serve(null, 4300, null, null, false), parse("serve"));
    }

    @Test
    void serveReadsEveryOption() {
        assertEquals(new Invocation.Serve(Path.of("/srv/a"), 0, "0.0.0.0", "k3y", true),
                parse("serve", "--data-dir", "/srv/a", "--port=0", "--bind", "0.0.0.0", "--api-key", "k3y", "--demo"));
        assertInstanceOf(Invocation.ShowHelp.class, parse("serve", "--help"));
    }

    @Test
    void serveRefusesBadPortsRepeatsAndConsoleOnlyArguments() {
        assertTrue(errorOf("serve", "--port", "http").contains("\"http\" is not a port"));
        assertTrue(errorOf("serve", "--port", "70000").contains("is not a port"));
        assertTrue(errorOf("serve", "--port").startsWith("--port needs a port number"));
        assertEquals("--port is given twice; give it once.", errorOf("serve", "--port", "1", "--port", "2"));
        assertEquals("Unknown option \"--colour\".", errorOf("serve", "--colour"));
        assertTrue(errorOf("serve", "extra").contains("\"extra\""));
        assertEquals("Unknown option \"--port\".", errorOf("--port", "80"));
    }

    @Test
    void theKeyNeverShowsInTheInvocationOrItsErrors() {
        assertFalse(parse("serve", "--api-key", "s3cret-value").toString().contains("s3cret-value"));
        assertFalse(errorOf("serve", "--api-key", "s3cret-value", "--api-key", "s3cret-value").contains("s3cret-value"));
    }
}
