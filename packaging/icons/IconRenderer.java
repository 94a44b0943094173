import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws Arbor's icon — three branch lanes forking off one another along a time axis, as the branch tree
 * shows them — and writes every size each platform wants: PNGs for Linux and the window, an ICO for
 * Windows and an ICNS for macOS (both just containers of PNGs). Run from the repository root with a
 * JDK 21+: {@code java packaging/icons/IconRenderer.java}. The output is committed; the build does not
 * run this.
 */
public final class IconRenderer {

    private static final int[] WINDOW_SIZES = {16, 24, 32, 48, 64, 128, 256};

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Path packaging = root.resolve("packaging");
        Path windowIcons = root.resolve("resources/icons");
        Files.createDirectories(windowIcons);
        for (int size : WINDOW_SIZES) {
            Files.write(windowIcons.resolve("arbor-" + size + ".png"), png(size));
        }
        Files.write(packaging.resolve("linux/arbor.png"), png(512));

        Map<Integer, byte[]> ico = new LinkedHashMap<>();
        for (int size : new int[] {16, 24, 32, 48, 64, 128, 256}) {
            ico.put(size, png(size));
        }
        Files.createDirectories(packaging.resolve("windows"));
        Files.write(packaging.resolve("windows/arbor.ico"), ico(ico));

        Map<String, byte[]> icns = new LinkedHashMap<>();
        icns.put("icp4", png(16));
        icns.put("icp5", png(32));
        icns.put("icp6", png(64));
        icns.put("ic07", png(128));
        icns.put("ic08", png(256));
        icns.put("ic09", png(512));
        icns.put("ic10", png(1024));
        Files.createDirectories(packaging.resolve("macos"));
        Files.write(packaging.resolve("macos/arbor.icns"), icns(icns));
    }

    /** The icon at {@code size}×{@code size}, drawn on a 512-unit canvas. */
    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        double s = size / 512.0;
        g.scale(s, s);

        g.setPaint(new GradientPaint(0, 16, new Color(0x22A77C), 0, 496, new Color(0x0A5E4E)));
        g.fill(new RoundRectangle2D.Double(16, 16, 480, 480, 112, 112));

        // Small sizes get bolder strokes so the lanes stay visible.
        double stroke = size <= 24 ? 46 : size <= 48 ? 40 : 32;
        double dot = stroke * 1.05;
        g.setStroke(new BasicStroke((float) stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));

        Color lane = Color.WHITE;
        Color child = new Color(0xC9F2E2);
        Color grandchild = new Color(0x9FE3CB);

        // A grandchild forking from a child that forks from the root lane; each parent is drawn over its
        // children's fork so the joins read as branching off it.
        g.setColor(grandchild);
        g.draw(fork(272, 260, 148, 380));
        g.setColor(child);
        g.draw(fork(184, 372, 260, 380));
        g.setColor(lane);
        g.draw(line(112, 372, 380, 372));

        g.setColor(lane);
        fillDot(g, 112, 372, dot);
        fillDot(g, 392, 372, dot);
        g.setColor(child);
        fillDot(g, 392, 260, dot);
        g.setColor(grandchild);
        fillDot(g, 392, 148, dot);
        g.dispose();
        return image;
    }

    private static Path2D line(double x1, double y1, double x2, double y2) {
        Path2D p = new Path2D.Double();
        p.moveTo(x1, y1);
        p.lineTo(x2, y2);
        return p;
    }

    /** A lane leaving its parent at (x, fromY), bending up to toY and running right to endX. */
    private static Path2D fork(double x, double fromY, double toY, double endX) {
        Path2D p = new Path2D.Double();
        p.moveTo(x, fromY);
        double bend = (fromY - toY) * 0.55;
        p.curveTo(x, fromY - bend, x + bend * 0.4, toY, x + bend, toY);
        p.lineTo(endX, toY);
        return p;
    }

    private static void fillDot(Graphics2D g, double cx, double cy, double d) {
        g.fill(new Ellipse2D.Double(cx - d, cy - d, 2 * d, 2 * d));
    }

    private static byte[] png(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(draw(size), "png", out);
        return out.toByteArray();
    }

    /** An ICO file whose entries are PNGs (supported since Windows Vista). */
    private static byte[] ico(Map<Integer, byte[]> pngs) {
        int header = 6 + 16 * pngs.size();
        int total = header + pngs.values().stream().mapToInt(b -> b.length).sum();
        ByteBuffer buf = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        buf.putShort((short) 0).putShort((short) 1).putShort((short) pngs.size());
        int offset = header;
        for (Map.Entry<Integer, byte[]> e : pngs.entrySet()) {
            int size = e.getKey();
            buf.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size));
            buf.put((byte) 0).put((byte) 0).putShort((short) 1).putShort((short) 32);
            buf.putInt(e.getValue().length).putInt(offset);
            offset += e.getValue().length;
        }
        pngs.values().forEach(buf::put);
        return buf.array();
    }

    /** An ICNS file: the 'icns' header, then one (type, length, PNG) element per size, big-endian. */
    private static byte[] icns(Map<String, byte[]> pngs) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        for (Map.Entry<String, byte[]> e : pngs.entrySet()) {
            out.writeBytes(e.getKey());
            out.writeInt(8 + e.getValue().length);
            out.write(e.getValue());
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream head = new DataOutputStream(file);
        head.writeBytes("icns");
        head.writeInt(8 + body.size());
        head.write(body.toByteArray());
        return file.toByteArray();
    }
}
