package dev.arbor.cli;

import dev.arbor.engine.DataDirs;
import dev.arbor.ui.app.ArborApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Arbor's entry point. It does not extend {@code Application}: a main class that does makes the JDK
 * insist on JavaFX as modules, and the single runnable jar has JavaFX on the class path.
 */
public final class Main {
    static final int OK = 0;
    static final int USAGE = 2;
    static final int NO_DESKTOP = 3;

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(List.of(args), System.out, System.err);
        if (status != OK) {
            System.exit(status);
        }
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        return switch (CommandLine.parse(args)) {
            case Invocation.ShowHelp help -> {
                out.print(usage());
                yield OK;
            }
            case Invocation.ShowVersion version -> {
                out.println("Arbor " + version());
                yield OK;
            }
            case Invocation.UsageError error -> {
                err.println(error.sentence());
                err.println();
                err.print(usage());
                yield USAGE;
            }
            case Invocation.Serve serve -> ServeCommand.run(serve, out, err);
            case Invocation.OpenConsole console -> openConsole(console, err);
        };
    }

    private static int openConsole(Invocation.OpenConsole console, PrintStream err) {
        try {
            ArborApp.launch(sourceFor(console), new ConsoleProfiles());
            return OK;
        } catch (RuntimeException e) {
            String sentence = DesktopUnavailable.sentenceFor(e).orElseThrow(() -> e);
            err.println(sentence);
            return NO_DESKTOP;
        }
    }

    /**
     * Without options the default directory gets the demo on first start, so a new user sees branches
     * to explore; an explicit {@code --data-dir} gets a plain new project unless {@code --demo} is given.
     */
    static EmbeddedProjectSource sourceFor(Invocation.OpenConsole console) {
        if (console.dataDir() != null) {
            return new EmbeddedProjectSource(console.dataDir().toAbsolutePath().normalize(), console.demo());
        }
        Path dir = console.demo() ? DataDirs.demoDataDir() : DataDirs.defaultDataDir();
        return new EmbeddedProjectSource(dir, true);
    }

    /** The version the build wrote into {@code arbor-version.properties} (from the pom). */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/arbor-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource only costs the version string
        }
        return properties.getProperty("version", "(unknown version)");
    }

    private static String usage() {
        return CommandLine.usage(DataDirs.defaultDataDir(), DataDirs.demoDataDir());
    }
}
