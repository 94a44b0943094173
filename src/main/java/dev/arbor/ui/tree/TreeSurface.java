package dev.arbor.ui.tree;

/**
 * What the painter draws on: the screen's canvas or an SVG document. Coordinates in pixels from the top
 * left; colours as 0xAARRGGBB, {@link TreeColors#NONE} for no fill or no stroke; text at its baseline.
 */
public interface TreeSurface {

    void rect(double x, double y, double w, double h, double radius, int fill, int stroke);

    void line(double x1, double y1, double x2, double y2, double width, int color, Dash dash);

    void circle(double cx, double cy, double r, int fill, int stroke, double strokeWidth);

    /** A square standing on a corner, {@code r} from the centre to each corner. */
    void diamond(double cx, double cy, double r, int fill, int stroke, double strokeWidth);

    void text(String text, double x, double y, double size, boolean bold, int color);

    double textWidth(String text, double size, boolean bold);

    enum Dash {
        SOLID, DASHED, DOTTED;

        /** The on/off lengths in pixels, or null for a solid line. */
        public double[] pattern() {
            return switch (this) {
                case SOLID -> null;
                case DASHED -> new double[] {6, 4};
                case DOTTED -> new double[] {2, 3};
            };
        }
    }
}
