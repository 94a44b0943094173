package dev.arbor.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads Arbor's arguments. The first argument may name a command; without one, Arbor opens the
 * console. A new command is a case for its name in {@link #parse}, a method that reads its options
 * with {@link Arguments}, and its lines in {@link #usage}.
 */
public final class CommandLine {
    private static final String DATA_DIR = "--data-dir";
    private static final String DEMO = "--demo";

    private CommandLine() {
    }

    public static Invocation parse(List<String> args) {
        try {
            if (args.isEmpty() || args.getFirst().startsWith("-")) {
                return parseConsole(new Arguments(args));
            }
            throw new Arguments.Problem("\"" + args.getFirst() + "\" is not an Arbor command.");
        } catch (Arguments.Problem problem) {
            return new Invocation.UsageError(problem.getMessage());
        }
    }

    private static Invocation parseConsole(Arguments args) throws Arguments.Problem {
        Path dataDir = null;
        boolean demo = false;
        while (args.hasNext()) {
            String option = args.nextOption();
            switch (option) {
                case "-h", "--help" -> {
                    return new Invocation.ShowHelp();
                }
                case DEMO -> {
                    args.noValue(DEMO);
                    demo = true;
                }
                case DATA_DIR -> {
                    if (dataDir != null) {
                        throw new Arguments.Problem(DATA_DIR + " is given twice; give one data directory.");
                    }
                    dataDir = directory(args.value(DATA_DIR, "a directory, as in " + DATA_DIR + " ~/arbor-data"));
                }
                default -> throw Arguments.unknown(option);
            }
        }
        return new Invocation.OpenConsole(dataDir, demo);
    }

    private static Path directory(String value) throws Arguments.Problem {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new Arguments.Problem("\"" + value + "\" is not a usable directory path: " + e.getReason() + ".");
        }
    }

    /** The help text; the directories are shown so people know where their projects live. */
    public static String usage(Path defaultDataDir, Path demoDataDir) {
        return """
                Arbor, a desktop console for copy-on-write database branches.

                Usage:
                  arbor [--data-dir DIR] [--demo]   open the console (the default command)
                  arbor --help                      print this help and exit

                Options:
                  --data-dir DIR   open the project stored in DIR; an empty DIR gets a new
                                   project with one branch, main
                  --demo           open the demo project, creating it on first use; with
                                   --data-dir, create it in DIR when DIR is empty
                  -h, --help       print this help and exit

                Without options, Arbor opens the project in its default data directory and
                creates the demo project there on first start.

                Default data directory: %s
                Demo data directory:    %s
                """.formatted(defaultDataDir, demoDataDir);
    }
}
