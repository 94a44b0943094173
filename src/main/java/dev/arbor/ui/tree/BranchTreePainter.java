package dev.arbor.ui.tree;

import dev.arbor.domain.Branch;
import dev.arbor.ui.branches.BranchBadge;
import dev.arbor.ui.tree.BranchTreeLayout.Lane;
import dev.arbor.ui.tree.TreeSurface.Dash;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the tree picture: the rows the viewport shows, the forks that cross them, the time axis on top
 * and the legend at the bottom. Only what is visible is drawn, whatever the number of branches: lanes by
 * row, and the fork lines that pass through the view from above are merged per pixel column.
 * The same code draws on the screen and into SVG and PNG exports.
 */
public final class BranchTreePainter {
    static final double NAME_SIZE = 12.5;
    static final double CHIP_SIZE = 9.5;
    static final double SMALL_SIZE = 11;
    static final double NODE_RADIUS = 5.5;
    /** Within this many pixels of a node, a click toggles its subtree. */
    static final double NODE_HIT = 9;
    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long[] TICKS = {SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
        MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR,
        2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY, 365 * DAY};
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter CLOCK_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);

    private BranchTreePainter() {
    }

    /** Paints the picture; {@code hovered} is the branch under the pointer, or null. */
    public static void paint(TreeScene scene, TreeViewport view, TreeColors colors, TreeSurface surface, String hovered) {
        new Pass(scene, view, colors, surface, hovered).run();
    }

    // Hit testing, with the same geometry the drawing uses

    /** The lane under a point, or null. */
    public static Lane laneAt(BranchTreeLayout layout, TreeViewport view, double y) {
        int row = view.rowAt(y);
        return row < 0 ? null : layout.atRow(row);
    }

    /** True when a point is on a lane's creation node, which folds and unfolds its children. */
    public static boolean onNode(Lane lane, TreeViewport view, double x, double y) {
        double nx = view.x(lane.created());
        double ny = view.laneY(lane.row());
        return Math.abs(x - nx) <= NODE_HIT && Math.abs(y - ny) <= NODE_HIT;
    }

    /** The colour a lane is drawn in: its most important state. */
    static int laneColor(Branch b, TreeColors c) {
        if (b.isArchived()) {
            return c.subtle();
        }
        if (b.isDefault()) {
            return c.accent();
        }
        if (b.isProtected()) {
            return c.success();
        }
        if (b.backup()) {
            return c.warning();
        }
        if (b.isSchemaOnly()) {
            return c.accent();
        }
        return c.muted();
    }

    private static int chipColor(BranchBadge.Kind kind, TreeColors c) {
        return switch (kind) {
            case DEFAULT, SCHEMA_ONLY -> c.accent();
            case PROTECTED -> c.success();
            case BACKUP -> c.warning();
            case EXPIRES -> c.danger();
            case ARCHIVED -> c.muted();
        };
    }

    private static final class Pass {
        private final TreeScene scene;
        private final BranchTreeLayout layout;
        private final TreeViewport view;
        private final TreeColors c;
        private final TreeSurface s;
        private final String hovered;
        private final int first;
        private final int last;

        Pass(TreeScene scene, TreeViewport view, TreeColors colors, TreeSurface surface, String hovered) {
            this.scene = scene;
            this.layout = scene.layout();
            this.view = view;
            this.c = colors;
            this.s = surface;
            this.hovered = hovered;
            this.first = view.firstVisibleRow();
            this.last = view.lastVisibleRow();
        }

        void run() {
            s.rect(0, 0, view.width(), view.height(), 0, c.background(), TreeColors.NONE);
            if (layout.rowCount() == 0) {
                s.text("No branches to draw.", 24, view.lanesTop() + 40, NAME_SIZE, false, c.muted());
            } else {
                List<Long> ticks = ticks();
                for (long t : ticks) {
                    double x = Math.round(view.x(t)) + 0.5;
                    s.line(x, view.lanesTop(), x, view.lanesBottom(), 1, c.grid(), Dash.SOLID);
                }
                bands();
                forks();
                for (int row = first; row <= last; row++) {
                    Lane lane = layout.atRow(row);
                    if (lane != null) {
                        lane(lane);
                    }
                }
                for (int row = first; row <= last; row++) {
                    Lane lane = layout.atRow(row);
                    if (lane != null) {
                        nodes(lane);
                    }
                }
                for (int row = first; row <= last; row++) {
                    Lane lane = layout.atRow(row);
                    if (lane != null) {
                        label(lane);
                    }
                }
                now();
                axis(ticks);
            }
            legend();
        }

        // Rows

        private void bands() {
            for (int row = first; row <= last; row++) {
                Lane lane = layout.atRow(row);
                if (lane == null) {
                    continue;
                }
                String id = lane.id();
                int fill = band(id);
                if (fill != c.background()) {
                    s.rect(0, view.rowTop(row) + 1, view.width(), TreeViewport.ROW_HEIGHT - 2, 0, fill, TreeColors.NONE);
                }
                if (id.equals(scene.currentMatch())) {
                    s.rect(1, view.rowTop(row) + 1, view.width() - 2, TreeViewport.ROW_HEIGHT - 2, 3, TreeColors.NONE, c.warning());
                }
            }
        }

        /** The row's background: selected, matched, under the pointer, or plain. */
        private int band(String id) {
            return id.equals(scene.focused()) ? over(c.selection())
                    : scene.selected().contains(id) ? over(TreeColors.fade(c.selection(), 0.6))
                    : id.equals(scene.currentMatch()) || scene.matches().contains(id) ? over(c.match())
                    : id.equals(hovered) ? over(c.hover()) : c.background();
        }

        // a theme colour with transparency, as it looks over the background, so a label's backing matches its row
        private int over(int argb) {
            double a = ((argb >>> 24) & 0xFF) / 255.0;
            int bg = c.background();
            int r = (int) Math.round(((argb >> 16) & 0xFF) * a + ((bg >> 16) & 0xFF) * (1 - a));
            int g = (int) Math.round(((argb >> 8) & 0xFF) * a + ((bg >> 8) & 0xFF) * (1 - a));
            int bl = (int) Math.round((argb & 0xFF) * a + (bg & 0xFF) * (1 - a));
            return 0xFF000000 | (r << 16) | (g << 8) | bl;
        }

        // A fork: a vertical line at the branch point from the parent's lane down to the child's row, then
        // along the child's row to where its lane starts.
        private void forks() {
            if (first > last) {
                return;
            }
            // forks of visible lanes
            for (int row = first; row <= last; row++) {
                Lane lane = layout.atRow(row);
                if (lane != null && lane.hasParentLane()) {
                    fork(lane);
                }
            }
            // forks passing down through the view to rows below it: children of the ancestors of the first row below.
            // There can be thousands; they are gathered per pixel column and drawn as runs of columns, so the
            // drawing never exceeds the view's width whatever the number of branches.
            Lane below = layout.atRow(last + 1);
            Map<Integer, int[]> crossing = new HashMap<>();
            for (Lane a = below == null ? null : layout.atRow(below.parentRow()); a != null;
                 a = a.hasParentLane() ? layout.atRow(a.parentRow()) : null) {
                for (Lane child : childrenBelow(a)) {
                    gather(child, crossing);
                }
            }
            crossing.forEach(this::drawColumns);
        }

        private void gather(Lane lane, Map<Integer, int[]> crossing) {
            int column = (int) Math.round(view.x(lane.fork()));
            if (column < 0 || column > (int) view.width()) {
                return;
            }
            int[] columns = crossing.computeIfAbsent(Math.max(lane.parentRow(), first - 1), k -> new int[(int) view.width() + 1]);
            if (columns[column] == 0) {
                columns[column] = TreeColors.fade(laneColor(lane.branch(), c), 0.75);
            }
        }

        // one rectangle per run of neighbouring columns in one colour: what the lines would cover
        private void drawColumns(int parentRow, int[] columns) {
            double top = Math.max(view.laneY(parentRow), view.lanesTop());
            double bottom = view.lanesBottom();
            int i = 0;
            while (i < columns.length) {
                int color = columns[i];
                if (color == 0) {
                    i++;
                    continue;
                }
                int j = i;
                while (j + 1 < columns.length && columns[j + 1] == color) {
                    j++;
                }
                s.rect(i - 0.75, top, j - i + 1.5, bottom - top, 0, color, TreeColors.NONE);
                i = j + 1;
            }
        }

        private List<Lane> childrenBelow(Lane parent) {
            // the children of a branch are the lanes whose parent row is its row, inside its block of rows
            List<Lane> kids = new ArrayList<>();
            int row = Math.max(parent.row(), last) + 1;
            while (row < layout.rowCount()) {
                Lane l = layout.atRow(row);
                if (l == null || l.depth() <= parent.depth()) {
                    break;
                }
                if (l.parentRow() == parent.row()) {
                    kids.add(l);
                }
                row++;
            }
            return kids;
        }

        private void fork(Lane lane) {
            double x = view.x(lane.fork());
            if (x < -2 || x > view.width() + 2) {
                return;
            }
            int color = TreeColors.fade(laneColor(lane.branch(), c), 0.75);
            double top = Math.max(view.laneY(lane.parentRow()), view.lanesTop());
            double bottom = Math.min(view.laneY(lane.row()), view.lanesBottom());
            s.line(x, top, x, bottom, 1.5, color, Dash.SOLID);
            if (lane.row() <= last) {
                double startX = view.x(lane.start());
                if (startX > x + 1) {
                    s.line(x, view.laneY(lane.row()), startX, view.laneY(lane.row()), 1.5, color, Dash.DASHED);
                }
            }
        }

        private void lane(Lane lane) {
            Branch b = lane.branch();
            double y = view.laneY(lane.row());
            double from = Math.max(-10, view.x(lane.start()));
            double created = Math.max(-10, view.x(lane.created()));
            double to = Math.min(view.width() + 10, view.x(lane.end()));
            int color = laneColor(b, c);
            boolean chosen = lane.id().equals(scene.focused()) || scene.selected().contains(lane.id());
            double width = (b.isDefault() ? 4 : 3) + (chosen ? 1.5 : 0);
            if (created > from) {
                s.line(from, y, created, y, 2, TreeColors.fade(color, 0.7), Dash.DOTTED);
            }
            if (to > created) {
                Dash dash = b.isArchived() ? Dash.DOTTED : b.backup() ? Dash.DASHED : Dash.SOLID;
                s.line(created, y, to, y, width, color, dash);
            }
        }

        private void nodes(Lane lane) {
            Branch b = lane.branch();
            double y = view.laneY(lane.row());
            int color = laneColor(b, c);
            if (lane.hasParentLane()) {
                double fx = view.x(lane.fork());
                s.circle(fx, view.laneY(lane.parentRow()), 3.5, color, c.background(), 1.5);
            }
            for (TreeMarker m : scene.markersOf(lane.id())) {
                double mx = view.x(m.at().toEpochMilli());
                if (mx > -8 && mx < view.width() + 8) {
                    s.diamond(mx, y, 6, c.background(), c.warning(), 2);
                    s.line(mx, y - 3, mx, y + 3, 1.5, c.warning(), Dash.SOLID);
                }
            }
            double x = view.x(lane.created());
            if (b.isSchemaOnly() && b.isRoot()) {
                s.diamond(x, y, NODE_RADIUS + 1.5, c.background(), color, 2.5);
            } else if (lane.hasParentLane()) {
                s.circle(x, y, NODE_RADIUS, color, c.background(), 1.5);
            } else {
                s.circle(x, y, NODE_RADIUS + 1, c.background(), color, 3);
            }
            if (lane.collapsed()) {
                s.circle(x, y, NODE_RADIUS + 4, TreeColors.NONE, color, 1.5);
            }
        }

        // The name sits above the lane, right of its node; it stays in view when the node scrolls off to the
        // left, and goes left of the node when there is no room on the right.
        private void label(Lane lane) {
            Branch b = lane.branch();
            List<String> texts = new ArrayList<>();
            List<Integer> colors = new ArrayList<>();
            for (BranchBadge badge : BranchBadge.of(b, scene.zone(), scene.now())) {
                texts.add(badge.label());
                colors.add(chipColor(badge.kind(), c));
            }
            if (lane.collapsed()) {
                texts.add("+" + lane.hiddenDescendants() + " HIDDEN");
                colors.add(c.muted());
            }
            TreeScene.Compute compute = scene.computes().get(b.id());
            String computeText = compute == null ? null : switch (compute) {
                case ACTIVE -> "active";
                case IDLE -> "idle";
                case STARTING -> "starting";
            };
            boolean focused = b.id().equals(scene.focused());
            double nameWidth = s.textWidth(b.name(), NAME_SIZE, focused);
            double width = nameWidth;
            for (String t : texts) {
                width += 6 + s.textWidth(t, CHIP_SIZE, true) + 10;
            }
            if (computeText != null) {
                width += 10 + 10 + s.textWidth(computeText, SMALL_SIZE, false);
            }
            double node = view.x(lane.created());
            double x = Math.max(node + 12, 8);
            if (x + width > view.width() - 8 && node - 12 - width >= 8) {
                x = node - 12 - width;
            }
            double baseline = view.rowTop(lane.row()) + 15;
            // fork lines pass behind the label, not through it
            s.rect(x - 3, baseline - 13, width + 6, 17, 4, band(lane.id()), TreeColors.NONE);
            s.text(b.name(), x, baseline, NAME_SIZE, focused, focused ? c.accent() : c.text());
            x += nameWidth;
            for (int i = 0; i < texts.size(); i++) {
                double w = s.textWidth(texts.get(i), CHIP_SIZE, true) + 10;
                x += 6;
                int color = colors.get(i);
                s.rect(x, baseline - 10.5, w, 14, 7, TreeColors.fade(color, 0.14), TreeColors.fade(color, 0.55));
                s.text(texts.get(i), x + 5, baseline - 0.5, CHIP_SIZE, true, color);
                x += w;
            }
            if (computeText != null) {
                x += 10;
                int color = compute == TreeScene.Compute.ACTIVE ? c.success()
                        : compute == TreeScene.Compute.STARTING ? c.warning() : c.muted();
                s.circle(x + 4, baseline - 4, 3.5, compute == TreeScene.Compute.IDLE ? TreeColors.NONE : color, color, 1.5);
                s.text(computeText, x + 11, baseline, SMALL_SIZE, false, color);
            }
        }

        private void now() {
            double x = view.x(scene.now().toEpochMilli());
            if (x >= 0 && x <= view.width()) {
                s.line(x, view.lanesTop(), x, view.lanesBottom(), 1, TreeColors.fade(c.accent(), 0.6), Dash.DASHED);
            }
        }

        // The axis

        private List<Long> ticks() {
            long step = TICKS[TICKS.length - 1];
            for (long t : TICKS) {
                if (t * view.pxPerMs() >= 96) {
                    step = t;
                    break;
                }
            }
            List<Long> ticks = new ArrayList<>();
            long left = (long) view.time(0);
            long right = (long) view.time(view.width());
            ZonedDateTime day = Instant.ofEpochMilli(left).atZone(scene.zone()).truncatedTo(ChronoUnit.DAYS);
            long base = day.toInstant().toEpochMilli();
            if (step >= DAY) {
                long days = step / DAY;
                ZonedDateTime t = day;
                while (t.toInstant().toEpochMilli() <= right && ticks.size() < 400) {
                    if (t.toInstant().toEpochMilli() >= left) {
                        ticks.add(t.toInstant().toEpochMilli());
                    }
                    t = t.plusDays(days);
                }
                return ticks;
            }
            long first = base + Math.floorDiv(left - base + step - 1, step) * step;
            for (long t = first; t <= right && ticks.size() < 400; t += step) {
                ticks.add(t);
            }
            return ticks;
        }

        private void axis(List<Long> ticks) {
            s.rect(0, 0, view.width(), view.lanesTop(), 0, c.axis(), TreeColors.NONE);
            s.line(0, view.lanesTop() - 0.5, view.width(), view.lanesTop() - 0.5, 1, c.border(), Dash.SOLID);
            boolean days = ticks.size() > 1 && ticks.get(1) - ticks.get(0) >= DAY;
            // ticks less than a minute apart (a history made in seconds) say their seconds
            DateTimeFormatter clock = ticks.size() > 1 && ticks.get(1) - ticks.get(0) < MINUTE ? CLOCK_SECONDS : CLOCK;
            double nowX = view.x(scene.now().toEpochMilli());
            // the date of the left edge, so hours are never read without their day; tick labels keep clear of it
            String date = DATE.format(Instant.ofEpochMilli((long) view.time(0)).atZone(scene.zone()));
            double dateEnd = 8 + s.textWidth(date, SMALL_SIZE, true) + 8;
            for (long t : ticks) {
                ZonedDateTime z = Instant.ofEpochMilli(t).atZone(scene.zone());
                boolean midnight = z.getHour() == 0 && z.getMinute() == 0 && z.getSecond() == 0;
                String text = days ? MONTH_DAY.format(z) : midnight ? MONTH_DAY.format(z) : clock.format(z);
                double x = Math.round(view.x(t)) + 0.5;
                s.line(x, view.lanesTop() - 6, x, view.lanesTop(), 1, c.border(), Dash.SOLID);
                double tw = s.textWidth(text, SMALL_SIZE, midnight);
                if (x + 4 >= dateEnd && x + 4 + tw <= view.width() && (x + 4 + tw < nowX - 22 || x > nowX + 26)) {
                    s.text(text, x + 4, 19, SMALL_SIZE, midnight, c.muted());
                }
            }
            s.text(date, 8, 19, SMALL_SIZE, true, c.text());
            double x = view.x(scene.now().toEpochMilli());
            if (x >= 0 && x <= view.width()) {
                double nw = s.textWidth("now", SMALL_SIZE, true) + 10;
                s.rect(x - nw / 2, 6, nw, 17, 8, c.accent(), TreeColors.NONE);
                s.text("now", x - nw / 2 + 5, 18.5, SMALL_SIZE, true, c.background());
            }
        }

        // The legend

        private void legend() {
            double top = view.lanesBottom();
            s.rect(0, top, view.width(), view.height() - top, 0, c.axis(), TreeColors.NONE);
            s.line(0, top + 0.5, view.width(), top + 0.5, 1, c.border(), Dash.SOLID);
            legendY = top + 2 + TreeViewport.LEGEND_LINE / 2;
            double x = 12;
            x = entry(x, "Default", () -> lineSample(x(), sy(), c.accent(), Dash.SOLID, 4));
            x = entry(x, "Protected", () -> lineSample(x(), sy(), c.success(), Dash.SOLID, 3));
            x = entry(x, "Branch", () -> lineSample(x(), sy(), c.muted(), Dash.SOLID, 3));
            x = entry(x, "Backup", () -> lineSample(x(), sy(), c.warning(), Dash.DASHED, 3));
            x = entry(x, "Archived", () -> lineSample(x(), sy(), c.subtle(), Dash.DOTTED, 3));
            x = entry(x, "Root", () -> s.circle(x() + 10, sy(), NODE_RADIUS + 1, c.background(), c.muted(), 3));
            x = entry(x, "Schema-only root", () -> s.diamond(x() + 10, sy(), NODE_RADIUS + 1.5, c.background(), c.accent(), 2.5));
            x = entry(x, "Created", () -> s.circle(x() + 10, sy(), NODE_RADIUS, c.muted(), c.background(), 1.5));
            x = entry(x, "Branch point", () -> {
                s.line(x() + 10, sy() - 9, x() + 10, sy(), 1.5, c.muted(), Dash.SOLID);
                s.circle(x() + 10, sy(), 3.5, c.muted(), c.background(), 1.5);
            });
            x = entry(x, "Reset / restore", () -> s.diamond(x() + 10, sy(), 6, c.background(), c.warning(), 2));
            x = entry(x, "Folded subtree", () -> {
                s.circle(x() + 10, sy(), NODE_RADIUS, c.muted(), c.background(), 1.5);
                s.circle(x() + 10, sy(), NODE_RADIUS + 4, TreeColors.NONE, c.muted(), 1.5);
            });
            entry(x, "Compute active / idle", () -> {
                s.circle(x() + 5, sy(), 3.5, c.success(), c.success(), 1.5);
                s.circle(x() + 15, sy(), 3.5, TreeColors.NONE, c.muted(), 1.5);
            });
        }

        private double legendX;
        private double legendY;

        private double x() {
            return legendX;
        }

        // Entries flow left to right and wrap to the legend's next line.
        private double entry(double x, String text, Runnable sample) {
            double w = 24 + s.textWidth(text, SMALL_SIZE, false);
            if (x > 12 && x + w > view.width() - 8) {
                x = 12;
                legendY += TreeViewport.LEGEND_LINE;
            }
            legendX = x;
            double y = legendY;
            sampleY = y;
            sample.run();
            s.text(text, x + 24, y + 4, SMALL_SIZE, false, c.muted());
            return x + w + 16;
        }

        private double sampleY;

        private double sy() {
            return sampleY;
        }

        private void lineSample(double x, double y, int color, Dash dash, double width) {
            s.line(x, y, x + 20, y, width, color, dash);
        }
    }
}
