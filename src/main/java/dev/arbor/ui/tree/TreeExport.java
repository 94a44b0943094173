package dev.arbor.ui.tree;

import java.util.Locale;

/**
 * The tree as a picture file: every shown row from the top, the whole time range across the width, with
 * the axis and the legend. The SVG is written here; a PNG is the same painting on a canvas of this size.
 */
public final class TreeExport {
    /** The largest PNG side Arbor draws: a bigger canvas costs hundreds of megabytes. */
    public static final int MAX_PNG_SIDE = 8192;
    /** Wide enough for the legend in one line. */
    public static final double MIN_WIDTH = TreeViewport.LEGEND_ONE_LINE;

    public enum Format {
        PNG("png"), SVG("svg");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }
    }

    private TreeExport() {
    }

    /** A viewport showing the whole picture at {@code width} pixels (at least {@link #MIN_WIDTH}). */
    public static TreeViewport pictureViewport(BranchTreeLayout layout, double width) {
        TreeViewport view = new TreeViewport();
        double w = Math.ceil(Math.max(MIN_WIDTH, width));
        double h = Math.ceil(TreeViewport.AXIS_HEIGHT + layout.rowCount() * TreeViewport.ROW_HEIGHT
                + TreeViewport.ROW_HEIGHT / 2 + TreeViewport.LEGEND_LINE + 4);
        view.setContent(layout);
        view.setSize(w, h);
        view.fit();
        return view;
    }

    public static String svg(TreeScene scene, TreeViewport picture, TreeColors colors, SvgSurface.Measure measure, String title) {
        SvgSurface svg = new SvgSurface(picture.width(), picture.height(), measure);
        BranchTreePainter.paint(scene, picture, colors, svg, null);
        return svg.document(title);
    }

    /** Why a picture of this size cannot be a PNG, or null when it can. */
    public static String pngTooLarge(TreeViewport picture) {
        if (picture.width() <= MAX_PNG_SIDE && picture.height() <= MAX_PNG_SIDE) {
            return null;
        }
        return String.format(Locale.ROOT, "The tree picture would be %,.0f × %,.0f pixels, larger than a PNG Arbor draws"
                        + " (%,d on a side). Fold some subtrees, or export it as SVG, which has no size limit.",
                picture.width(), picture.height(), MAX_PNG_SIDE);
    }
}
