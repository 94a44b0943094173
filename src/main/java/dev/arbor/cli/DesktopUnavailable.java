package dev.arbor.cli;

import java.util.Optional;

/**
 * Turns JavaFX's failure to reach a desktop into one sentence for the person who started Arbor. JavaFX reports
 * a missing display or a missing GTK 3 as an exception from its toolkit start-up, which would otherwise reach
 * the terminal as a twenty-line stack trace that names neither what is missing nor what still works.
 */
final class DesktopUnavailable {
    // JavaFX's own messages (com.sun.glass.ui.gtk.GtkApplication); they have read the same since JavaFX 9
    private static final String NO_GTK = "Unable to load glass GTK library";
    private static final String NO_DISPLAY = "Unable to open DISPLAY";

    static final String GTK_SENTENCE = "Arbor's console needs GTK 3, which is not installed here"
            + " (on Debian or Ubuntu: sudo apt install libgtk-3-0); `arbor serve` works without it.";
    static final String DISPLAY_SENTENCE = "Arbor's console needs a graphical display and could not open one"
            + " (DISPLAY is not set or cannot be reached); `arbor serve` works without it.";

    private DesktopUnavailable() {
    }

    /** The sentence for a toolkit start-up failure, or empty when {@code failure} is something else. */
    static Optional<String> sentenceFor(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (t instanceof UnsupportedOperationException && message != null) {
                if (message.contains(NO_GTK)) {
                    return Optional.of(GTK_SENTENCE);
                }
                if (message.contains(NO_DISPLAY)) {
                    return Optional.of(DISPLAY_SENTENCE);
                }
            }
        }
        return Optional.empty();
    }
}
