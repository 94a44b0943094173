package dev.arbor.cli;

import java.util.List;

/**
 * A cursor over command-line arguments that reads options as {@code --name value} or
 * {@code --name=value}, so every command spells its options the same way.
 */
final class Arguments {

    /** Arguments that make no sense; the message is the sentence shown to the person. */
    static final class Problem extends Exception {
        Problem(String sentence) {
            super(sentence);
        }
    }

    private final List<String> args;
    private int next;
    private String inlineValue;

    Arguments(List<String> args) {
        this.args = List.copyOf(args);
    }

    boolean hasNext() {
        return next < args.size();
    }

    /** The next option's name, without any {@code =value}; refuses anything that is not an option. */
    String nextOption() throws Problem {
        String arg = args.get(next++);
        if (!arg.startsWith("-")) {
            throw new Problem("Unexpected argument \"" + arg + "\"; options start with --.");
        }
        int equals = arg.indexOf('=');
        inlineValue = equals < 0 ? null : arg.substring(equals + 1);
        return equals < 0 ? arg : arg.substring(0, equals);
    }

    /** The value of the option just read; {@code example} shows the person what one looks like. */
    String value(String option, String example) throws Problem {
        String value = inlineValue;
        if (value == null && hasNext() && !args.get(next).startsWith("-")) {
            value = args.get(next++);
        }
        if (value == null || value.isBlank()) {
            throw new Problem(option + " needs " + example + ".");
        }
        return value;
    }

    /** Refuses {@code --flag=value} for an option that takes none. */
    void noValue(String option) throws Problem {
        if (inlineValue != null) {
            throw new Problem(option + " takes no value.");
        }
    }

    static Problem unknown(String option) {
        return new Problem("Unknown option \"" + option + "\".");
    }
}
