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

    record ShowHelp() implements Invocation {
    }

    /** The arguments make no sense; {@code sentence} says why. */
    record UsageError(String sentence) implements Invocation {
    }
}
