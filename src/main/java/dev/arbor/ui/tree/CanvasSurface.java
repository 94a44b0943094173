package dev.arbor.ui.tree;

import java.util.HashMap;
import java.util.Map;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/** Draws the tree on a JavaFX canvas, in the theme's font; text widths are measured once and kept. */
public final class CanvasSurface implements TreeSurface, SvgSurface.Measure {
    private static final int MAX_CACHED = 20_000;

    private final Map<String, Double> widths = new HashMap<>();
    private final Map<Long, Font> fonts = new HashMap<>();
    private final Text probe = new Text();
    private final String family = Font.getDefault().getFamily();
    private GraphicsContext gc;

    /** Draws on {@code gc} from now on; the measures stay. */
    public CanvasSurface on(GraphicsContext gc) {
        this.gc = gc;
        gc.setLineCap(StrokeLineCap.BUTT);
        return this;
    }

    @Override
    public void rect(double x, double y, double w, double h, double radius, int fill, int stroke) {
        if (alpha(fill) > 0) {
            gc.setFill(color(fill));
            if (radius > 0) {
                gc.fillRoundRect(x, y, w, h, radius * 2, radius * 2);
            } else {
                gc.fillRect(x, y, w, h);
            }
        }
        if (alpha(stroke) > 0) {
            gc.setStroke(color(stroke));
            gc.setLineWidth(1);
            gc.setLineDashes((double[]) null);
            gc.strokeRoundRect(x + 0.5, y + 0.5, w - 1, h - 1, radius * 2, radius * 2);
        }
    }

    // Lanes, forks and grid lines are all level or upright: filled rectangles draw them for a fraction of what a
    // stroked path costs (the software pipeline's frame time halves at 10,000 branches; docs/benchmarks.md).
    @Override
    public void line(double x1, double y1, double x2, double y2, double width, int color, Dash dash) {
        if (x1 == x2 || y1 == y2) {
            gc.setFill(color(color));
            boolean level = y1 == y2;
            double from = level ? Math.min(x1, x2) : Math.min(y1, y2);
            double length = level ? Math.abs(x2 - x1) : Math.abs(y2 - y1);
            double[] pattern = dash.pattern();
            if (pattern == null) {
                segment(level, x1, y1, from, length, width);
            } else {
                double period = pattern[0] + pattern[1];
                for (double at = 0; at < length && at < 4000 * period; at += period) {
                    segment(level, x1, y1, from + at, Math.min(pattern[0], length - at), width);
                }
            }
            return;
        }
        gc.setStroke(color(color));
        gc.setLineWidth(width);
        gc.setLineDashes(dash.pattern());
        gc.strokeLine(x1, y1, x2, y2);
    }

    private void segment(boolean level, double x, double y, double from, double length, double width) {
        if (level) {
            gc.fillRect(from, y - width / 2, length, width);
        } else {
            gc.fillRect(x - width / 2, from, width, length);
        }
    }

    @Override
    public void circle(double cx, double cy, double r, int fill, int stroke, double strokeWidth) {
        if (alpha(fill) > 0) {
            gc.setFill(color(fill));
            gc.fillOval(cx - r, cy - r, 2 * r, 2 * r);
        }
        if (alpha(stroke) > 0) {
            gc.setStroke(color(stroke));
            gc.setLineWidth(strokeWidth);
            gc.setLineDashes((double[]) null);
            gc.strokeOval(cx - r, cy - r, 2 * r, 2 * r);
        }
    }

    @Override
    public void diamond(double cx, double cy, double r, int fill, int stroke, double strokeWidth) {
        double[] xs = {cx, cx + r, cx, cx - r};
        double[] ys = {cy - r, cy, cy + r, cy};
        if (alpha(fill) > 0) {
            gc.setFill(color(fill));
            gc.fillPolygon(xs, ys, 4);
        }
        if (alpha(stroke) > 0) {
            gc.setStroke(color(stroke));
            gc.setLineWidth(strokeWidth);
            gc.setLineDashes((double[]) null);
            gc.strokePolygon(xs, ys, 4);
        }
    }

    @Override
    public void text(String text, double x, double y, double size, boolean bold, int color) {
        gc.setFont(font(size, bold));
        gc.setFill(color(color));
        gc.fillText(text, x, y);
    }

    @Override
    public double textWidth(String text, double size, boolean bold) {
        String key = (bold ? "b" : "r") + size + '\u0000' + text;
        Double w = widths.get(key);
        if (w == null) {
            probe.setFont(font(size, bold));
            probe.setText(text);
            w = probe.getLayoutBounds().getWidth();
            if (widths.size() > MAX_CACHED) {
                widths.clear();
            }
            widths.put(key, w);
        }
        return w;
    }

    @Override
    public double width(String text, double size, boolean bold) {
        return textWidth(text, size, bold);
    }

    private Font font(double size, boolean bold) {
        long key = Double.doubleToLongBits(size) ^ (bold ? 1 : 0);
        return fonts.computeIfAbsent(key, k -> Font.font(family, bold ? FontWeight.BOLD : FontWeight.NORMAL, size));
    }

    private static int alpha(int argb) {
        return (argb >>> 24) & 0xFF;
    }

    static Color color(int argb) {
        return Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF, alpha(argb) / 255.0);
    }
}
