package dev.arbor.ui.tree;

/**
 * The colours the tree is drawn with, as 0xAARRGGBB. The view reads them from the AtlantaFX theme's
 * {@code -color-*} variables, so the picture follows light and dark; {@link #LIGHT} and {@link #DARK}
 * are the Primer themes' values, for drawing without a scene (exports in tests, benchmarks).
 */
public record TreeColors(int background, int axis, int border, int grid, int text, int muted, int subtle,
                         int accent, int success, int warning, int danger, int selection, int match, int hover) {

    public static final TreeColors LIGHT = new TreeColors(0xFFFFFFFF, 0xFFF6F8FA, 0xFFD0D7DE, 0xFFEAEEF2,
            0xFF1F2328, 0xFF656D76, 0xFF8C959F, 0xFF0969DA, 0xFF1A7F37, 0xFF9A6700, 0xFFCF222E,
            0xFFDDF4FF, 0xFFFFF8C5, 0xFFF3F4F6);

    public static final TreeColors DARK = new TreeColors(0xFF0D1117, 0xFF161B22, 0xFF30363D, 0xFF21262D,
            0xFFE6EDF3, 0xFF7D8590, 0xFF6E7681, 0xFF2F81F7, 0xFF3FB950, 0xFFD29922, 0xFFF85149,
            0xFF15304F, 0xFF3B2E05, 0xFF1C2128);

    /** {@code argb} with its opacity multiplied by {@code alpha}. */
    public static int fade(int argb, double alpha) {
        int a = (int) Math.round(((argb >>> 24) & 0xFF) * Math.clamp(alpha, 0, 1));
        return (a << 24) | (argb & 0xFFFFFF);
    }

    /** Fully transparent: "no fill" or "no stroke". */
    public static final int NONE = 0;
}
