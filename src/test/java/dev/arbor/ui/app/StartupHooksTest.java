package dev.arbor.ui.app;

import dev.arbor.ui.connect.BackendSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.common.FxUiExecutor;
import dev.arbor.ui.common.InMemorySettings;
import dev.arbor.testing.PgProjects;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.application.Platform;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The opt-in startup hooks on the real console window over a real embedded project. */
class StartupHooksTest {
    private static final Pattern TIMING = Pattern.compile(
            "arbor startup: first rendered table \\((\\d+) rows\\) (\\d+) ms after process start; FX thread CPU (\\d+) ms");

    private final FxRobot robot = new FxRobot();
    private final FxUiExecutor executor = new FxUiExecutor();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    /** The table's row count each time the exit hook ran. */
    private final List<Integer> exits = new CopyOnWriteArrayList<>();
    private ConsoleViewModel console;
    private volatile BranchBackend opened;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startToolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeWindow() throws TimeoutException {
        if (console != null) {
            WaitForAsyncUtils.asyncFx(console::close);
            WaitForAsyncUtils.waitForFxEvents();
        }
        FxToolkit.cleanupStages();
        executor.close();
    }

    private void openWindow(Properties properties) throws TimeoutException {
        StartupHooks hooks = StartupHooks.from(properties);
        FxToolkit.setupStage(s -> {
            console = new ConsoleViewModel(new BackendSource() {
                @Override
                public String description() {
                    return dataDir.toString();
                }

                @Override
                public BranchBackend open() {
                    opened = EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options());
                    return opened;
                }
            }, executor, new InMemorySettings(), ZoneId.systemDefault(), new dev.arbor.cli.ConsoleProfiles());
            ArborApp.openAndShow(s, console);
            hooks.install(s.getScene(), () -> exits.add(branchTable().getItems().size()), out);
        });
    }

    private static Properties properties(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private TableView<Object> branchTable() {
        return robot.lookup("#branch-table").queryAs(TableView.class);
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** Lets a few more pulses run, so a hook that fires late or twice would have done so. */
    private static void morePulses() throws Exception {
        for (int i = 0; i < 3; i++) {
            WaitForAsyncUtils.asyncFx(Platform::requestNextPulse);
            WaitForAsyncUtils.sleep(100, TimeUnit.MILLISECONDS);
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    @Test
    void timingPrintsOneLineWhenTheTableFirstShowsTheProjectsRows() throws Exception {
        PgProjects.demo(dataDir);
        openWindow(properties("arbor.startupTiming", "true"));

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !printed().isEmpty());
        String line = printed().strip();
        Matcher m = TIMING.matcher(line);
        assertTrue(m.matches(), () -> "one timing line: " + line);
        int rows = Integer.parseInt(m.group(1));
        assertEquals(branchTable().getItems().size(), rows, "the line counts the rows the table showed");
        assertTrue(rows > 1, "the demo's branches, not an empty table: " + line);
        assertTrue(Long.parseLong(m.group(2)) > 0, line);

        opened.createBranch(CreateBranchSpec.named("dev/later"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> branchTable().getItems().size() == rows + 1);
        morePulses();
        assertEquals(line, printed().strip(), "later frames print nothing more");
        assertEquals(List.of(), exits, "timing alone does not quit the app");
    }

    @Test
    void exitAfterFirstFrameQuitsOnceTheTableShowsRowsAndPrintsNothing() throws Exception {
        openWindow(properties("arbor.exitAfterFirstFrame", "true"));

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !exits.isEmpty());
        morePulses();
        assertEquals(List.of(1), exits, "one exit, after the frame that showed the new project's main branch");
        assertEquals("", printed());
    }

    @Test
    void aNormalStartInstallsNoHook() throws Exception {
        assertFalse(StartupHooks.from(new Properties()).enabled());
        assertFalse(StartupHooks.from(properties("arbor.startupTiming", "false", "arbor.exitAfterFirstFrame", "no")).enabled());
        assertTrue(StartupHooks.from(properties("arbor.startupTiming", "TRUE")).enabled());

        openWindow(properties("arbor.startupTiming", "false", "arbor.exitAfterFirstFrame", "no"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#branch-table").tryQuery().isPresent() && branchTable().getItems().size() == 1);
        morePulses();
        assertEquals("", printed(), "nothing printed");
        assertEquals(List.of(), exits, "the app keeps running");
        assertTrue(robot.lookup("#branch-table").tryQuery().isPresent(), "the window is still open");
    }
}
