package dev.arbor.ui.app;

import static dev.arbor.ui.app.ConsoleWindow.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.DataDirs;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Seed 000's dialog for a reset blocked by children, with many of them: every one is listed, with a count. */
class ResetChildrenDialogTest {
    private final ConsoleWindow window = new ConsoleWindow();

    @TempDir
    Path home;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeWindow() throws Exception {
        System.clearProperty("arbor.home");
        window.close();
    }

    @Test
    void everyBranchBelowIsListedWithACountAndTheListScrolls() throws Exception {
        System.setProperty("arbor.home", home.toString());
        Path project = DataDirs.defaultDataDir();
        List<String> expected = new ArrayList<>();
        try (EmbeddedBackend seed = EmbeddedBackend.open(PgProjects.prepare(project), PgProjects.options())) {
            Branch staging = seed.createBranch(CreateBranchSpec.named("staging")).branch();
            Branch first = null;
            for (int i = 1; i <= 12; i++) {
                Branch child = seed.createBranch(CreateBranchSpec.named(String.format(Locale.ROOT, "dev/feature-%02d", i))
                        .withParent(staging.id())).branch();
                first = first == null ? child : first;
            }
            seed.createBranch(CreateBranchSpec.named("dev/feature-01-fix").withParent(first.id()));
            seed.createBranch(CreateBranchSpec.named("qa/locked").withParent(staging.id()).protect());
        }
        window.open(project);
        waitFor(() -> window.hasRow("qa/locked"));
        window.select("staging");

        ConsoleWindow.openActionsMenu(window.robot);
        // in the menu: the details panel under it has a "Reset from parent" button too
        window.robot.clickOn(window.robot.from(window.robot.lookup(".context-menu").queryAll())
                .lookup("Reset from parent").<javafx.scene.Node>query());
        waitFor(() -> window.robot.lookup("#reset-children-dialog").tryQuery().isPresent());

        assertEquals("14 branches below \"staging\"", label("#reset-children-count").getText());
        @SuppressWarnings("unchecked")
        ListView<String> list = window.robot.lookup("#reset-children-list").queryAs(ListView.class);
        List<String> lines = List.copyOf(list.getItems());
        assertEquals(14, lines.size(), lines::toString);
        for (int i = 1; i <= 12; i++) {
            String name = String.format(Locale.ROOT, "dev/feature-%02d", i);
            assertTrue(lines.contains(name), name + " in " + lines);
        }
        assertTrue(lines.contains("dev/feature-01-fix  (child of dev/feature-01)"), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("qa/locked: ") && l.contains("protected")), lines::toString);
        // a grandchild goes before its parent, as the deletion will
        assertTrue(lines.indexOf("dev/feature-01-fix  (child of dev/feature-01)") < lines.indexOf("dev/feature-01"));

        // fourteen lines do not fit: the list scrolls, and its last line can be reached
        ScrollBar bar = verticalBar(list);
        assertNotNull(bar);
        assertTrue(bar.isVisible(), "the list scrolls when it is longer than six lines");
        WaitForAsyncUtils.asyncFx(() -> list.scrollTo(lines.size() - 1)).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(visibleCellTexts(list).contains(lines.get(lines.size() - 1)), visibleCellTexts(list)::toString);
        WaitForAsyncUtils.asyncFx(() -> list.scrollTo(0)).get();

        // the protected branch below cannot be deleted, so that way is refused and says why; keeping a backup is not
        Button delete = window.robot.lookup("#reset-delete-children").queryButton();
        assertTrue(delete.isDisabled());
        assertTrue(label("#reset-delete-problem").getText().contains("qa/locked"), label("#reset-delete-problem").getText());
        assertFalse(window.robot.lookup("#reset-keep-backup").queryButton().isDisabled());
        window.snapshot("reset-children-dialog-many-light.png", null);

        window.robot.clickOn("#reset-keep-backup");
        waitFor(() -> window.backend.getBranch("staging").lastResetAt() != null);
        assertEquals(14, window.backend.listBranches().stream()
                .filter(b -> b.name().startsWith("dev/") || b.name().equals("qa/locked")).count(),
                "keeping a backup deletes nothing");
    }

    private Label label(String query) {
        return window.robot.lookup(query).queryAs(Label.class);
    }

    private static ScrollBar verticalBar(ListView<?> list) {
        for (Node n : list.lookupAll(".scroll-bar")) {
            if (n instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL) {
                return bar;
            }
        }
        return null;
    }

    private static List<String> visibleCellTexts(ListView<?> list) {
        List<String> texts = new ArrayList<>();
        for (Node n : list.lookupAll(".list-cell")) {
            if (n instanceof ListCell<?> cell && cell.isVisible() && cell.getText() != null
                    && cell.localToScene(cell.getBoundsInLocal()).getMinY() < list.localToScene(list.getBoundsInLocal()).getMaxY()) {
                texts.add(cell.getText());
            }
        }
        return texts;
    }
}
