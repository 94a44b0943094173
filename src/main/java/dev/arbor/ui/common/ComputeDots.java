package dev.arbor.ui.common;

import dev.arbor.domain.Endpoint;
import java.util.Arrays;
import java.util.List;
import javafx.scene.Node;

/**
 * The coloured dot beside a compute's state, in the table and the details panel. Its style class comes from
 * the typed state, never from the words shown beside it, so the stylesheet matches in every language and locale.
 */
public final class ComputeDots {
    public static final String STYLE_CLASS = "compute-dot";
    private static final List<String> STATE_CLASSES =
            Arrays.stream(Endpoint.State.values()).map(ComputeDots::styleClass).toList();

    private ComputeDots() {
    }

    /** The stylesheet's class for a state: {@code active}, {@code idle}, {@code starting} or {@code unknown}. */
    public static String styleClass(Endpoint.State state) {
        return switch (state) {
            case ACTIVE -> "active";
            case IDLE -> "idle";
            case INIT -> "starting";
            case UNKNOWN -> "unknown";
        };
    }

    /** Gives a dot the class of {@code state}, dropping the one it had for an earlier state. */
    public static void show(Node dot, Endpoint.State state) {
        dot.getStyleClass().removeAll(STATE_CLASSES);
        if (!dot.getStyleClass().contains(STYLE_CLASS)) {
            dot.getStyleClass().add(STYLE_CLASS);
        }
        dot.getStyleClass().add(styleClass(state));
    }
}
