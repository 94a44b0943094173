package dev.arbor.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes a picture of a scene or node into the directory the build names in {@code arbor.screenshots}
 * ({@code target/screenshots}, or {@code docs/screenshots} with {@code -Pscreenshots}); nothing without it.
 */
public final class Screenshots {
    private Screenshots() {
    }

    public static void write(Scene scene, String fileName) throws IOException, ExecutionException, InterruptedException {
        String dir = System.getProperty("arbor.screenshots");
        if (dir != null) {
            save(WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(), Path.of(dir, fileName));
        }
    }

    public static void write(Node node, String fileName) throws IOException, ExecutionException, InterruptedException {
        String dir = System.getProperty("arbor.screenshots");
        if (dir != null) {
            save(WaitForAsyncUtils.asyncFx(() -> node.snapshot(null, null)).get(), Path.of(dir, fileName));
        }
    }

    private static void save(WritableImage image, Path file) throws IOException {
        BufferedImage png = SwingFXUtils.fromFXImage(image, null);
        Files.createDirectories(file.getParent());
        ImageIO.write(png, "png", file.toFile());
    }
}
