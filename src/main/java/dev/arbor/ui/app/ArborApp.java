package dev.arbor.ui.app;

import dev.arbor.ui.connect.BackendSource;
import dev.arbor.ui.common.FxUiExecutor;
import dev.arbor.ui.common.InMemorySettings;
import dev.arbor.ui.common.PreferencesSettings;
import dev.arbor.ui.common.Settings;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * The JavaFX application. Started through {@link #launch(BackendSource, dev.arbor.ui.connect.ProfileOpener)}, because JavaFX creates the
 * instance itself and a project source is not something that fits into string parameters.
 */
public final class ArborApp extends Application {
    private static final List<Integer> ICON_SIZES = List.of(16, 24, 32, 48, 64, 128, 256);
    private static final AtomicReference<BackendSource> SOURCE = new AtomicReference<>();
    private static final AtomicReference<dev.arbor.ui.connect.ProfileOpener> OPENER = new AtomicReference<>();
    /**
     * JavaFX warns at every start that it was loaded from the class path; the runnable jar does that on purpose
     * (see {@code dev.arbor.cli.Main}), so that one warning tells a user nothing true. Held here because
     * java.util.logging keeps loggers weakly, and a collected logger forgets its filter.
     */
    private static final java.util.logging.Logger FX_LOG = java.util.logging.Logger.getLogger("javafx");

    private FxUiExecutor executor;
    private ConsoleViewModel console;

    /** Shows the console for {@code source} and returns when its window has closed. */
    public static void launch(BackendSource source, dev.arbor.ui.connect.ProfileOpener opener) {
        OPENER.set(opener);
        FX_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
        if (!SOURCE.compareAndSet(null, source)) {
            throw new IllegalStateException("The Arbor console runs once per process.");
        }
        Application.launch(ArborApp.class);
    }

    @Override
    public void start(Stage stage) {
        BackendSource source = SOURCE.get();
        if (source == null) {
            throw new IllegalStateException("Start the console with ArborApp.launch(source, opener).");
        }
        executor = new FxUiExecutor();
        // -Darbor.settings=memory: nothing read from or saved to the user's preferences (the build's training run)
        Settings settings = "memory".equals(System.getProperty("arbor.settings")) ? new InMemorySettings() : PreferencesSettings.forUser();
        console = new ConsoleViewModel(source, executor, settings, ZoneId.systemDefault(), OPENER.get());
        openAndShow(stage, console);
        StartupHooks.from(System.getProperties()).install(stage.getScene(), Platform::exit, System.err);
    }

    /**
     * Starts opening the project, then builds and shows the window. Opening runs on a worker while this
     * thread builds the window and applies its CSS, so a large project's engine load and the window's
     * first layout overlap instead of following each other.
     */
    public static MainWindow openAndShow(Stage stage, ConsoleViewModel console) {
        console.open();
        return show(stage, console);
    }

    /** Puts a console window on {@code stage}; shared with the tests, which open their own projects. */
    public static MainWindow show(Stage stage, ConsoleViewModel console) {
        MainWindow window = new MainWindow(console);
        Settings.WindowSize size = console.settings().windowSize();
        Scene scene = new Scene(window, size == null ? 1440 : size.width(), size == null ? 820 : size.height());
        stage.setScene(scene);
        // the size is remembered as it changes, so a crash or kill still keeps the last one; the scene's size,
        // which follows the window's after it, is the one saved, so the last resize is never one step behind
        scene.widthProperty().addListener((o, a, b) -> rememberSize(stage, console));
        scene.heightProperty().addListener((o, a, b) -> rememberSize(stage, console));
        stage.setMinWidth(720);
        stage.setMinHeight(420);
        stage.getIcons().setAll(appIcons());
        stage.titleProperty().bind(console.windowTitleProperty());
        stage.show();
        stage.toFront();
        stage.requestFocus();
        return window;
    }

    /** The window icon in the sizes window managers pick from (drawn by packaging/icons/IconRenderer). */
    static List<Image> appIcons() {
        return ICON_SIZES.stream()
                .map(size -> ArborApp.class.getResource("/icons/arbor-" + size + ".png"))
                .filter(Objects::nonNull)
                .map(url -> new Image(url.toExternalForm()))
                .toList();
    }

    private static void rememberSize(Stage stage, ConsoleViewModel console) {
        if (stage.getScene() != null && stage.getScene().getWidth() > 0 && !stage.isMaximized()) {
            console.settings().setWindowSize(new Settings.WindowSize(stage.getScene().getWidth(), stage.getScene().getHeight()));
        }
    }

    @Override
    public void stop() {
        if (console != null) {
            console.close();
        }
        if (executor != null) {
            executor.close();
        }
    }
}
