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
    private static final String PORT = "--port";
    private static final String BIND = "--bind";
    private static final String API_KEY = "--api-key";
    /** The port {@code arbor serve} listens on unless told otherwise. */
    public static final int DEFAULT_PORT = dev.arbor.server.ServerOptions.DEFAULT_PORT;

    private CommandLine() {
    }

    public static Invocation parse(List<String> args) {
        try {
            if (args.isEmpty() || args.getFirst().startsWith("-")) {
                return parseConsole(new Arguments(args));
            }
            if (args.getFirst().equals("serve")) {
                return parseServe(new Arguments(args.subList(1, args.size())));
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
                case "--version" -> {
                    return new Invocation.ShowVersion();
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

    private static Invocation parseServe(Arguments args) throws Arguments.Problem {
        Path dataDir = null;
        boolean demo = false;
        Integer port = null;
        String bind = null;
        String apiKey = null;
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
                    once(DATA_DIR, dataDir);
                    dataDir = directory(args.value(DATA_DIR, "a directory, as in " + DATA_DIR + " ~/arbor-data"));
                }
                case PORT -> {
                    once(PORT, port);
                    port = port(args.value(PORT, "a port number, as in " + PORT + " 4300"));
                }
                case BIND -> {
                    once(BIND, bind);
                    bind = args.value(BIND, "an address, as in " + BIND + " 127.0.0.1");
                }
                case API_KEY -> {
                    once(API_KEY, apiKey);
                    // the sentence never repeats the key back
                    apiKey = args.value(API_KEY, "a key, as in " + API_KEY + " <key>");
                }
                default -> throw Arguments.unknown(option);
            }
        }
        return new Invocation.Serve(dataDir, port == null ? DEFAULT_PORT : port, bind, apiKey, demo);
    }

    private static void once(String option, Object current) throws Arguments.Problem {
        if (current != null) {
            throw new Arguments.Problem(option + " is given twice; give it once.");
        }
    }

    private static int port(String value) throws Arguments.Problem {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Arguments.Problem("\"" + value + "\" is not a port; use 1 to 65535, or 0 for any free port.");
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
                  arbor serve [--data-dir DIR] [--port N] [--bind ADDR] [--api-key KEY] [--demo]
                                                    serve the project over the Neon API v2, without
                                                    the console
                  arbor --help                      print this help and exit
                  arbor --version                   print Arbor's version and exit

                Options:
                  --data-dir DIR   open the project stored in DIR; an empty DIR gets a new
                                   project with one branch, main
                  --demo           open the demo project, creating it on first use; with
                                   --data-dir, create it in DIR when DIR is empty
                  -h, --help       print this help and exit

                Options of serve (and --data-dir, --demo as above):
                  --port N         listen on port N (default %d; 0 picks a free port)
                  --bind ADDR      listen on ADDR (default 127.0.0.1, this machine only)
                  --api-key KEY    the key clients send as "Authorization: Bearer KEY";
                                   without it, Arbor creates a key once, stores it in the
                                   file api-key in the data directory (readable only by
                                   you) and prints where it is

                Without options, Arbor opens the project in its default data directory and
                creates the demo project there on first start (it takes a little while:
                the demo's history is written on real Postgres).

                Embedded projects run real PostgreSQL 17: each branch's compute is a Postgres
                server on 127.0.0.1 at its endpoint's port, which stays the same across restarts
                and restores and wakes the compute when a client connects (database neondb,
                role neondb_owner). As root, Postgres runs as the account nobody (ARBOR_PG_USER
                names another).

                Default data directory: %s
                Demo data directory:    %s
                """.formatted(DEFAULT_PORT, defaultDataDir, demoDataDir);
    }
}
