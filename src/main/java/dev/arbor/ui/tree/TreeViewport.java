package dev.arbor.ui.tree;

/**
 * What part of the tree picture a view shows: the time scale (pixels per millisecond), the time at the left
 * edge and how far the rows are scrolled. Plain Java; the view owns one and the painter reads it.
 *
 * <p>The picture has a time axis along the top and a legend along the bottom; lanes scroll between them.
 */
public final class TreeViewport {
    public static final double ROW_HEIGHT = 34;
    public static final double AXIS_HEIGHT = 30;
    /** The legend's height per line; it takes two lines on narrow views. */
    public static final double LEGEND_LINE = 26;
    /** From this width on, the legend fits on one line. */
    static final double LEGEND_ONE_LINE = 1240;
    /** Space kept at both ends of the time range when it is fitted to the width. */
    static final double MARGIN = 28;
    /** The closest zoom: ten seconds across 600 pixels, so a history made in seconds still spreads its branches apart. */
    static final double MAX_PX_PER_MS = 600.0 / 10_000;

    private double width = 800;
    private double height = 600;
    private double pxPerMs = 1e-4;
    private double timeAtLeft;
    private double scrollY;
    private long rangeStart;
    private long rangeEnd = 1;
    private int rows;

    /** A copy, for drawing a picture of another size without disturbing this one. */
    public TreeViewport copy() {
        TreeViewport v = new TreeViewport();
        v.width = width;
        v.height = height;
        v.pxPerMs = pxPerMs;
        v.timeAtLeft = timeAtLeft;
        v.scrollY = scrollY;
        v.rangeStart = rangeStart;
        v.rangeEnd = rangeEnd;
        v.rows = rows;
        return v;
    }

    // Geometry

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    public double pxPerMs() {
        return pxPerMs;
    }

    public double scrollY() {
        return scrollY;
    }

    /** The x of a time, epoch milliseconds. */
    public double x(double time) {
        return (time - timeAtLeft) * pxPerMs;
    }

    /** The time at an x, epoch milliseconds. */
    public double time(double x) {
        return timeAtLeft + x / pxPerMs;
    }

    public double lanesTop() {
        return AXIS_HEIGHT;
    }

    public double lanesBottom() {
        return Math.max(lanesTop(), height - legendHeight());
    }

    public double legendHeight() {
        return width >= LEGEND_ONE_LINE ? LEGEND_LINE + 4 : 2 * LEGEND_LINE + 4;
    }

    public double lanesHeight() {
        return lanesBottom() - lanesTop();
    }

    public double rowTop(int row) {
        return lanesTop() + row * ROW_HEIGHT - scrollY;
    }

    /** The y of a row's lane line. */
    public double laneY(int row) {
        return rowTop(row) + ROW_HEIGHT * 0.70;
    }

    /** The row under a y, or -1 outside the lanes' area. */
    public int rowAt(double y) {
        if (y < lanesTop() || y >= lanesBottom()) {
            return -1;
        }
        return (int) Math.floor((y - lanesTop() + scrollY) / ROW_HEIGHT);
    }

    public int firstVisibleRow() {
        return Math.max(0, (int) Math.floor(scrollY / ROW_HEIGHT));
    }

    public int lastVisibleRow() {
        return Math.min(rows - 1, (int) Math.floor((scrollY + lanesHeight()) / ROW_HEIGHT));
    }

    /** The full height of all rows, for a scroll bar. */
    public double contentHeight() {
        return rows * ROW_HEIGHT;
    }

    /** A picture taller than the view scrolls until its last row is in the middle, so any row can be centred. */
    public double maxScrollY() {
        double beyond = contentHeight() + ROW_HEIGHT / 2 - lanesHeight();
        return beyond <= 0 ? 0 : contentHeight() - ROW_HEIGHT / 2 - lanesHeight() / 2;
    }

    // Changes

    public void setSize(double width, double height) {
        this.width = Math.max(1, width);
        this.height = Math.max(1, height);
        clamp();
    }

    /** Tells the viewport what it shows, so zoom and scrolling stay within reach of the picture. */
    public void setContent(BranchTreeLayout layout) {
        rangeStart = layout.start();
        rangeEnd = Math.max(layout.start() + 1, layout.end());
        rows = layout.rowCount();
        clamp();
    }

    /** The whole time range across the width, and the first rows at the top. */
    public void fit() {
        pxPerMs = Math.max(1e-12, (width - 2 * MARGIN) / span());
        pxPerMs = Math.min(pxPerMs, MAX_PX_PER_MS);
        timeAtLeft = rangeStart - MARGIN / pxPerMs;
        scrollY = 0;
        clamp();
    }

    /** Multiplies the scale by {@code factor}, keeping the time under {@code x} where it is. */
    public void zoomAt(double x, double factor) {
        double t = time(x);
        pxPerMs = Math.clamp(pxPerMs * factor, minPxPerMs(), MAX_PX_PER_MS);
        timeAtLeft = t - x / pxPerMs;
        clamp();
    }

    /** Moves the picture by pixels: positive {@code dx} shows earlier times, positive {@code dy} lower rows. */
    public void panBy(double dx, double dy) {
        timeAtLeft -= dx / pxPerMs;
        scrollY += dy;
        clamp();
    }

    public void scrollTo(double y) {
        scrollY = y;
        clamp();
    }

    /** Puts a row in the middle of the lanes' area and a time in the middle of the width. */
    public void centreOn(int row, double time) {
        scrollY = row * ROW_HEIGHT + ROW_HEIGHT / 2 - lanesHeight() / 2;
        timeAtLeft = time - width / 2 / pxPerMs;
        clamp();
    }

    /** Scrolls as little as needed for a row to be fully visible. */
    public void reveal(int row) {
        double top = row * ROW_HEIGHT;
        if (top < scrollY) {
            scrollY = top;
        } else if (top + ROW_HEIGHT > scrollY + lanesHeight()) {
            scrollY = top + ROW_HEIGHT - lanesHeight();
        }
        clamp();
    }

    private double span() {
        return Math.max(1, rangeEnd - rangeStart);
    }

    // Zoomed out, the whole range takes at least a quarter of the width.
    private double minPxPerMs() {
        return Math.min(MAX_PX_PER_MS, width * 0.25 / span());
    }

    // Some of the time range always stays in view, and rows scroll no further than their end.
    private void clamp() {
        pxPerMs = Math.clamp(pxPerMs, minPxPerMs(), MAX_PX_PER_MS);
        double visible = width / pxPerMs;
        double lowest = rangeStart - visible * 0.75;
        double highest = rangeEnd - visible * 0.25;
        timeAtLeft = Math.clamp(timeAtLeft, Math.min(lowest, highest), Math.max(lowest, highest));
        scrollY = Math.clamp(scrollY, 0, maxScrollY());
    }
}
