package dev.arbor.ui.app;

import dev.arbor.ui.connect.BackendSource;
import dev.arbor.backend.BranchBackend;
import dev.arbor.engine.DataDirs;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EngineOptions;
import dev.arbor.testing.PgProjects;
import dev.arbor.ui.branches.BranchRow;
import dev.arbor.ui.common.FxUiExecutor;
import dev.arbor.ui.common.InMemorySettings;
import dev.arbor.ui.common.Settings;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A console window on an embedded project in a directory, opened the way the app opens it, for the page tests
 * shared by the flow tests of every page and dialog; each test class owns one and closes it after each test.
 */
public final class ConsoleWindow implements AutoCloseable {
    public final FxRobot robot = new FxRobot();
    public final FxUiExecutor executor = new FxUiExecutor();
    public final Settings settings;
    public ConsoleViewModel console;
    public Stage stage;
    public volatile BranchBackend backend;
    // What the console gets: the real backend, or one whose calls a test takes over.
    java.util.function.UnaryOperator<BranchBackend> wrap = b -> b;
    /** How the project is opened: on real Postgres, as the app opens it. */
    private final EngineOptions engineOptions = EngineOptions.defaults();

    public ConsoleWindow(Settings settings) {
        this.settings = settings;
    }

    public ConsoleWindow() {
        this(new InMemorySettings());
        settings.setWindowSize(new Settings.WindowSize(1440, 820));
    }

    /** Opens projects on real Postgres, as the app does (as every window does). */
    public ConsoleWindow onPostgres() {
        return this;
    }

    /** Whether {@link #openDemo} set the data home, which {@link #close} then lets go of. */
    private boolean dataHomeSet;

    /**
     * Opens the Postgres demo as a first start shows it: in the data home {@code home} (so the header, and the
     * pictures, say "projects/demo"), in a 1440×900 window; waits until the table shows its branches.
     */
    public ConsoleWindow openDemo(Path home) throws Exception {
        System.setProperty("arbor.home", home.toString());
        dataHomeSet = true;
        Path demo = DataDirs.demoDataDir();
        PgProjects.demo(demo);
        settings.setWindowSize(new Settings.WindowSize(1440, 900));
        return open(demo);
    }

    /** Opens the window on {@code dir} (an empty one gets a new project) and waits until the table shows its branches. */
    public ConsoleWindow open(Path dir) throws Exception {
        openWithoutWaiting(dir);
        waitFor(() -> robot.lookup("#branch-table").tryQuery().isPresent() && !table().getItems().isEmpty());
        return this;
    }

    public void openWithoutWaiting(Path dir) throws Exception {
        BackendSource source = new BackendSource() {
            @Override
            public String description() {
                return DataDirs.display(dir);
            }

            @Override
            public BranchBackend open() {
                backend = EmbeddedBackend.open(PgProjects.prepare(dir), engineOptions);
                return wrap.apply(backend);
            }
        };
        // a new stage, as the app gets: a reused one keeps the last test's size over the settings' size
        stage = WaitForAsyncUtils.asyncFx(() -> {
            Stage s = new Stage();
            console = new ConsoleViewModel(source, executor, settings, ZoneId.of("UTC"), new dev.arbor.cli.ConsoleProfiles());
            ArborApp.openAndShow(s, console);
            return s;
        }).get();
    }

    @SuppressWarnings("unchecked")
    public TableView<BranchRow> table() {
        return robot.lookup("#branch-table").queryAs(TableView.class);
    }

    public BranchesPageViewModel page() {
        return console.pageProperty().get();
    }

    public boolean hasRow(String name) {
        return table().getItems().stream().anyMatch(r -> r.name().equals(name));
    }

    /**
     * Selects the branch and waits until its details have loaded: the panel redraws as they arrive (from a
     * Postgres view, seconds on a busy machine), and a click aimed at it meanwhile can meet a node just replaced.
     */
    public void select(String name) throws Exception {
        selectWhileLoading(name);
        var details = page().details();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> details.stateProperty().get()
                != dev.arbor.ui.details.BranchDetailsViewModel.State.LOADING);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Scrolls the scroll pane around {@code node} (the details panel's, say) until the node is in view, as a person
     * scrolls before clicking: a robot's click goes to the node's place on the screen, whatever covers it there.
     */
    public static void scrollIntoView(javafx.scene.Node node) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            for (javafx.scene.Node n = node.getParent(); n != null; n = n.getParent()) {
                if (n instanceof javafx.scene.control.ScrollPane pane && pane.getContent() != null) {
                    javafx.scene.Node content = pane.getContent();
                    double y = content.sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
                    double room = content.getBoundsInLocal().getHeight() - pane.getViewportBounds().getHeight();
                    if (room > 0) {
                        pane.setVvalue(Math.max(0, Math.min(1, (y - 8) / room)));
                    }
                    return;
                }
            }
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Selects the branch without waiting for its details: for a test that holds their loading back. */
    public void selectWhileLoading(String name) throws Exception {
        String id = backend.getBranch(name).id();
        WaitForAsyncUtils.asyncFx(() -> page().select(id)).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Opens the details panel's Actions menu as a user does, with a click, once it has something to offer (a user
     * waits for the button to come alive too); a click that a busy machine swallowed is made once more.
     */
    public static void openActionsMenu(FxRobot robot) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#actions-menu")
                    .tryQueryAs(javafx.scene.control.MenuButton.class)
                    .filter(b -> !b.isDisabled() && !b.getItems().isEmpty()).isPresent());
            for (int attempt = 0; attempt < 2; attempt++) {
                robot.clickOn("#actions-menu");
                try {
                    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#actions-menu")
                            .queryAs(javafx.scene.control.MenuButton.class).isShowing());
                    return;
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // the click landed while the panel redrew: a user clicks again
                }
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the Actions menu did not open", e);
        }
    }

    /**
     * Opens the Actions menu and clicks the item {@code itemQuery}. Under load the open menu was seen gone by the
     * click (twice in full runs; not reproduced alone): then it is opened again, as a user would, up to three times.
     */
    public static void chooseAction(FxRobot robot, String itemQuery) {
        for (int attempt = 1; ; attempt++) {
            openActionsMenu(robot);
            try {
                robot.clickOn(itemQuery);
                return;
            } catch (RuntimeException closed) {
                if (attempt == 3) {
                    throw closed;
                }
            }
        }
    }

    /**
     * Waits for a condition; generously, for starting, stopping and restoring real Postgres computes on a busy machine.
     * A condition that looks nodes up reads the scene graph from this thread while the FX thread changes it, and can
     * meet a list mid-change (seen once in CI: an {@code IndexOutOfBoundsException} inside {@code lookupAll}); that
     * look is taken again.
     */
    public static void waitFor(Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
                try {
                    return condition.call();
                } catch (IndexOutOfBoundsException | java.util.ConcurrentModificationException midChange) {
                    return false;
                }
            });
        } catch (java.util.concurrent.TimeoutException timedOut) {
            throw new AssertionError("Waited 60 s in vain; " + whatTheWindowSays(), timedOut);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The status line and any open dialog, so that a wait that ran out says what the person would have seen. */
    private static String whatTheWindowSays() {
        try {
            return WaitForAsyncUtils.asyncFx(() -> {
                FxRobot look = new FxRobot();
                String status = java.util.stream.Stream.of("#status-line", "#activity-message")
                        .flatMap(id -> look.lookup(id).tryQuery().stream())
                        .map(n -> ((javafx.scene.control.Labeled) n).getText())
                        .collect(java.util.stream.Collectors.joining(" | "));
                String dialogs = look.lookup(".dialog-box").queryAll().stream()
                        .map(n -> n.getId() + " " + look.from(n).lookup(".label").queryAll().stream()
                                .map(l -> ((javafx.scene.control.Labeled) l).getText()).toList())
                        .collect(java.util.stream.Collectors.joining("; "));
                return "the status line says \"" + status + "\"" + (dialogs.isEmpty() ? "" : "; open: " + dialogs);
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "the window could not be read: " + e;
        }
    }

    /** Writes the window, or the node {@code query} finds, to docs/screenshots when the build asks for them. */
    public void snapshot(String fileName, String query) throws Exception {
        String dir = System.getProperty("arbor.screenshots");
        if (dir == null) {
            return;
        }
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(350); // lets late layout and any animation settle (in-window dialogs open at once)
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> query == null
                ? stage.getScene().snapshot(null)
                : robot.lookup(query).query().snapshot(null, null)).get();
        BufferedImage png = SwingFXUtils.fromFXImage(image, null);
        Files.createDirectories(Path.of(dir));
        ImageIO.write(png, "png", Path.of(dir, fileName).toFile());
    }

    @Override
    public void close() throws Exception {
        if (dataHomeSet) {
            System.clearProperty("arbor.home");
            dataHomeSet = false;
        }
        if (console != null) {
            WaitForAsyncUtils.asyncFx(console::close).get();
            // the theme is the whole application's: the next test starts light, and the settings keep their choice
            WaitForAsyncUtils.asyncFx(() -> javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet())).get();
        }
        if (stage != null) {
            WaitForAsyncUtils.asyncFx(stage::close).get();
        }
        FxToolkit.cleanupStages();
        executor.close();
    }
}
