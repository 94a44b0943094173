package dev.arbor.ui.tree;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.layout.Background;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;

/**
 * Reads the tree's colours from the AtlantaFX theme: one invisible region per {@code -color-*} variable,
 * styled with it, whose background the CSS engine resolves. When the theme changes, the regions are styled
 * again and {@code onChange} runs.
 */
final class ThemeColors {
    private static final String[] VARIABLES = {"-color-bg-default", "-color-bg-subtle", "-color-border-default",
        "-color-border-muted", "-color-fg-default", "-color-fg-muted", "-color-fg-subtle", "-color-accent-fg",
        "-color-success-fg", "-color-warning-fg", "-color-danger-fg", "-color-accent-subtle", "-color-warning-subtle",
        "-color-neutral-subtle"};

    private final List<Region> probes = new ArrayList<>();

    ThemeColors(Pane host, Runnable onChange) {
        for (String variable : VARIABLES) {
            Region probe = new Region();
            probe.setStyle("-fx-background-color: " + variable + ";");
            probe.setManaged(false);
            probe.setVisible(false);
            probe.setMouseTransparent(true);
            probe.backgroundProperty().addListener((o, a, b) -> onChange.run());
            probes.add(probe);
        }
        host.getChildren().addAll(probes);
    }

    /** The theme's colours, or the light defaults for any the CSS has not resolved yet. */
    TreeColors read() {
        int[] v = new int[VARIABLES.length];
        int[] fallback = fallback();
        for (int i = 0; i < v.length; i++) {
            v[i] = argb(probes.get(i).getBackground(), fallback[i]);
        }
        return new TreeColors(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]);
    }

    private static int[] fallback() {
        TreeColors l = TreeColors.LIGHT;
        return new int[] {l.background(), l.axis(), l.border(), l.grid(), l.text(), l.muted(), l.subtle(), l.accent(),
            l.success(), l.warning(), l.danger(), l.selection(), l.match(), l.hover()};
    }

    private static int argb(Background background, int fallback) {
        if (background == null || background.getFills().isEmpty()) {
            return fallback;
        }
        Paint paint = background.getFills().get(0).getFill();
        if (!(paint instanceof Color c)) {
            return fallback;
        }
        return ((int) Math.round(c.getOpacity() * 255) << 24) | ((int) Math.round(c.getRed() * 255) << 16)
                | ((int) Math.round(c.getGreen() * 255) << 8) | (int) Math.round(c.getBlue() * 255);
    }
}
