package dev.arbor.cli;

import java.nio.file.Path;

/** What the command line asks for. */
public sealed interface Invocation {

    /**
     * Open the console.
     *
     * @param dataDir the data directory given with {@code --data-dir}, or null for the default
     *                (or, with {@code demo}, the demo project's own directory)
     * @param demo    create the demo project when the directory is empty
     */
    record OpenConsole(Path dataDir, boolean demo) implements Invocation {
    }

    /**
     * Serve a project over the Neon API ({@code arbor serve}).
     *
     * @param dataDir the data directory given with {@code --data-dir}, or null for the default (the demo
     *                project's directory with {@code demo})
     * @param port    the port to listen on; 0 picks a free one
     * @param bind    the address to listen on, or null for loopback
     * @param apiKey  the key clients must send, or null to use (or create) the one stored in the data directory
     * @param demo    create the demo project when the directory is empty
     */
    record Serve(Path dataDir, int port, String bind, String apiKey, boolean demo) implements Invocation {
        @Override
        public String toString() {
            // the key must not reach logs or test output through a record's generated toString
            return "Serve[dataDir=" + dataDir + ", port=" + port + ", bind=" + bind + ", apiKey="
                    + (apiKey == null ? "stored" : "given") + ", demo=" + demo + "]";
        }
    }

    record ShowHelp() implements Invocation {
    }

    record ShowVersion() implements Invocation {
    }

    /** The arguments make no sense; {@code sentence} says why. */
    record UsageError(String sentence) implements Invocation {
    }
}
