package dev.arbor.ui.app;

import dev.arbor.ui.connect.BackendSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.branches.BranchRow;
import dev.arbor.ui.common.InMemorySettings;
import dev.arbor.ui.common.SameThreadUiExecutor;
import dev.arbor.ui.common.SteppedUiExecutor;
import dev.arbor.ui.common.UserError;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleViewModelTest {
    @TempDir
    Path dataDir;

    private final InMemorySettings settings = new InMemorySettings();
    private final AtomicInteger opens = new AtomicInteger();
    private ConsoleViewModel console;

    @AfterEach
    void closeConsole() {
        if (console != null) {
            console.close();
        }
    }

    private BackendSource embedded() {
        return new BackendSource() {
            @Override
            public String description() {
                return dataDir.toString();
            }

            @Override
            public BranchBackend open() {
                opens.incrementAndGet();
                return EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options());
            }
        };
    }

    private ConsoleViewModel console(BackendSource source) {
        console = new ConsoleViewModel(source, new SameThreadUiExecutor(), settings, ZoneOffset.UTC, new dev.arbor.cli.ConsoleProfiles());
        return console;
    }

    @Test
    void opensTheProjectAndShowsItsBranches() {
        console(embedded()).open();

        assertEquals(ConsoleViewModel.Phase.READY, console.phaseProperty().get());
        assertNotNull(console.branchesProperty().get());
        assertEquals(List.of("main"), console.branchesProperty().get().rows().stream().map(BranchRow::name).toList());
        assertEquals("1 branch", console.statusProperty().get());
        assertEquals(console.projectNameProperty().get() + " — Arbor", console.windowTitleProperty().get());
        assertNull(console.openErrorProperty().get());
    }

    @Test
    void saysSoWhileOpening() {
        console(embedded());

        assertEquals(ConsoleViewModel.Phase.OPENING, console.phaseProperty().get());
        assertEquals(dataDir.toString(), console.locationProperty().get());
        assertEquals("Arbor", console.windowTitleProperty().get());
    }

    @Test
    void aDirectoryInUseIsReportedAndCanBeRetriedOnceFree() {
        BranchBackend holder = EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options());
        console(embedded()).open();

        assertEquals(ConsoleViewModel.Phase.FAILED, console.phaseProperty().get());
        UserError error = console.openErrorProperty().get();
        assertNotNull(error);
        assertTrue(error.sentence().contains(dataDir.toString()), error.sentence());
        assertEquals("The project is not open.", console.statusProperty().get());

        holder.close();
        console.open();

        assertEquals(ConsoleViewModel.Phase.READY, console.phaseProperty().get());
        assertNull(console.openErrorProperty().get());
        assertEquals(2, opens.get());
    }

    @Test
    void whatTakesTheTimeWhileOpeningShowsOnTheStatusLine() {
        String making = "Making the demo project on Postgres (first start only): branch staging is ready, 1 so far…";
        List<String> said = new java.util.ArrayList<>();
        ConsoleViewModel c = console(new BackendSource() {
            @Override
            public String description() {
                return dataDir.toString();
            }

            @Override
            public BranchBackend open() {
                return EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options());
            }

            @Override
            public BranchBackend open(java.util.function.Consumer<String> progress) {
                progress.accept(making);
                return open();
            }
        });
        c.statusProperty().addListener((o, before, now) -> said.add(now));
        c.open();
        assertTrue(said.contains(making), "the status line said: " + said);
        assertEquals(ConsoleViewModel.Phase.READY, c.phaseProperty().get());
        assertFalse(making.equals(c.statusProperty().get()), "once open, the status line speaks of the project");
    }

    @Test
    void anUnexpectedFailureSaysWhatArborWasDoing() {
        console(new BackendSource() {
            @Override
            public String description() {
                return "/nowhere";
            }

            @Override
            public BranchBackend open() {
                throw new IllegalStateException("disk unplugged");
            }
        }).open();

        UserError error = console.openErrorProperty().get();
        assertTrue(error.sentence().startsWith("Arbor could not open the project at /nowhere."), error.sentence());
        assertEquals("INTERNAL", error.code());
        assertEquals("IllegalStateException: disk unplugged", error.details());
    }

    @Test
    void closingReleasesTheDataDirectory() {
        console(embedded()).open();

        console.close();

        assertEquals(ConsoleViewModel.Phase.CLOSED, console.phaseProperty().get());
        EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options()).close();
    }

    @Test
    void closingWhileTheProjectOpensLetsItGoOnceOpen() {
        SteppedUiExecutor executor = new SteppedUiExecutor();
        console = new ConsoleViewModel(embedded(), executor, settings, ZoneOffset.UTC, new dev.arbor.cli.ConsoleProfiles());
        console.open();
        executor.runNextWork();

        console.close();
        executor.runUiThread();

        assertNull(console.branchesProperty().get());
        EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options()).close();
    }

    @Test
    void openingAfterCloseDoesNothing() {
        console(embedded());
        console.close();

        console.open();

        assertEquals(0, opens.get());
    }

    @Test
    void theThemeChoiceIsRemembered() {
        console(embedded());
        assertFalse(console.darkThemeProperty().get());

        console.toggleTheme();

        assertTrue(console.darkThemeProperty().get());
        assertTrue(settings.darkTheme());
        assertTrue(new ConsoleViewModel(embedded(), new SameThreadUiExecutor(), settings, ZoneOffset.UTC, new dev.arbor.cli.ConsoleProfiles())
                .darkThemeProperty().get());
    }
}
