package dev.arbor.ui.tree;

import java.util.Locale;

/**
 * Draws the tree as an SVG document: the export that stays sharp at any size and opens in a browser.
 * Text widths come from the caller (the screen's font when there is one), so chips fit their text.
 */
public final class SvgSurface implements TreeSurface {
    /** How wide a text is: {@code (text, size, bold)} to pixels. */
    public interface Measure {
        double width(String text, double size, boolean bold);
    }

    /** A measure for when no font is at hand: a typical sans-serif's average advance. */
    public static final Measure APPROXIMATE = (text, size, bold) -> text.length() * size * (bold ? 0.62 : 0.56);

    private final StringBuilder out = new StringBuilder(64 * 1024);
    private final Measure measure;
    private final double width;
    private final double height;

    public SvgSurface(double width, double height, Measure measure) {
        this.width = width;
        this.height = height;
        this.measure = measure;
    }

    @Override
    public void rect(double x, double y, double w, double h, double radius, int fill, int stroke) {
        out.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append('"');
        if (radius > 0) {
            out.append(" rx=\"").append(n(radius)).append('"');
        }
        paint("fill", fill);
        if (stroke != TreeColors.NONE) {
            paint("stroke", stroke);
        }
        out.append("/>\n");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, double width, int color, Dash dash) {
        out.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke-width=\"").append(n(width)).append('"');
        paint("stroke", color);
        double[] pattern = dash.pattern();
        if (pattern != null) {
            out.append(" stroke-dasharray=\"").append(n(pattern[0])).append(' ').append(n(pattern[1])).append('"');
        }
        out.append("/>\n");
    }

    @Override
    public void circle(double cx, double cy, double r, int fill, int stroke, double strokeWidth) {
        out.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r)).append('"');
        paint("fill", fill);
        stroke(stroke, strokeWidth);
        out.append("/>\n");
    }

    @Override
    public void diamond(double cx, double cy, double r, int fill, int stroke, double strokeWidth) {
        out.append("<polygon points=\"").append(n(cx)).append(',').append(n(cy - r)).append(' ')
                .append(n(cx + r)).append(',').append(n(cy)).append(' ').append(n(cx)).append(',').append(n(cy + r)).append(' ')
                .append(n(cx - r)).append(',').append(n(cy)).append('"');
        paint("fill", fill);
        stroke(stroke, strokeWidth);
        out.append("/>\n");
    }

    @Override
    public void text(String text, double x, double y, double size, boolean bold, int color) {
        out.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size)).append('"');
        if (bold) {
            out.append(" font-weight=\"bold\"");
        }
        paint("fill", color);
        out.append('>').append(escape(text)).append("</text>\n");
    }

    @Override
    public double textWidth(String text, double size, boolean bold) {
        return measure.width(text, size, bold);
    }

    /** The document: everything drawn so far, inside an {@code <svg>} element of the surface's size. */
    public String document(String title) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + n(width) + "\" height=\"" + n(height)
                + "\" viewBox=\"0 0 " + n(width) + " " + n(height) + "\" font-family=\"system-ui, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\">\n"
                + "<title>" + escape(title) + "</title>\n" + out + "</svg>\n";
    }

    private void stroke(int stroke, double strokeWidth) {
        if (stroke != TreeColors.NONE) {
            paint("stroke", stroke);
            out.append(" stroke-width=\"").append(n(strokeWidth)).append('"');
        }
    }

    private void paint(String attribute, int argb) {
        int alpha = (argb >>> 24) & 0xFF;
        if (alpha == 0) {
            out.append(' ').append(attribute).append("=\"none\"");
            return;
        }
        out.append(' ').append(attribute).append("=\"").append(String.format(Locale.ROOT, "#%06x", argb & 0xFFFFFF)).append('"');
        if (alpha < 255) {
            out.append(' ').append(attribute).append("-opacity=\"").append(n(alpha / 255.0)).append('"');
        }
    }

    private static String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
