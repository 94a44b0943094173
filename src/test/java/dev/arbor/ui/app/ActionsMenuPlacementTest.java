package dev.arbor.ui.app;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.BranchPolicy.Action;
import dev.arbor.domain.CreateBranchSpec;
import java.nio.file.Path;
import javafx.geometry.Bounds;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuButton;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Actions menu: at the window's right edge it opens inside the window; while open it stays as it opened. */
class ActionsMenuPlacementTest {
    private final ConsoleWindow window = new ConsoleWindow();

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeWindow() throws Exception {
        window.close();
    }

    @Test
    void theActionsMenuOpensInsideTheWindowUnderItsButton() throws Exception {
        window.open(dataDir);
        // main's refusals (no parent to reset from, cannot be deleted) make the menu wider than the button
        window.select("main");
        MenuButton actions = window.robot.lookup("#actions-menu").queryAs(MenuButton.class);
        window.robot.clickOn(actions);
        ConsoleWindow.waitFor(() -> WaitForAsyncUtils.asyncFx(() -> menuOf(actions) != null && menuOf(actions).getWidth() > 0).get());

        Bounds[] bounds = WaitForAsyncUtils.asyncFx(() -> new Bounds[] {
            window.stage.getScene().getRoot().localToScreen(window.stage.getScene().getRoot().getLayoutBounds()),
            actions.localToScreen(actions.getLayoutBounds())}).get();
        Bounds inWindow = bounds[0];
        Bounds button = bounds[1];
        ContextMenu menu = WaitForAsyncUtils.asyncFx(() -> menuOf(actions)).get();
        assertNotNull(menu);
        String where = "menu x " + menu.getX() + "–" + (menu.getX() + menu.getWidth()) + ", window x " + inWindow.getMinX()
                + "–" + inWindow.getMaxX() + ", button x " + button.getMinX() + "–" + button.getMaxX();
        assertTrue(menu.getWidth() > button.getWidth(), "the menu is wider than its button: " + where);
        assertTrue(menu.getX() >= inWindow.getMinX() && menu.getX() + menu.getWidth() <= inWindow.getMaxX(),
                "the menu lies within the window: " + where);
        assertTrue(menu.getX() + menu.getWidth() >= button.getMinX() && menu.getX() <= button.getMaxX(),
                "the menu lies under its button: " + where);
        assertTrue(menu.getY() >= button.getMinY(), "the menu opens downwards: menu y " + menu.getY() + ", button y " + button.getMinY());
        WaitForAsyncUtils.asyncFx(actions::hide).get();
    }

    @Test
    void anOpenMenuStaysAsItOpenedAndShowsWhatChangedWhenOpenedAgain() throws Exception {
        window.open(dataDir);
        String dev = window.backend.createBranch(CreateBranchSpec.named("dev")).branch().id();
        ConsoleWindow.waitFor(() -> window.hasRow("dev"));
        window.select("dev");
        ConsoleWindow.openActionsMenu(window.robot);
        javafx.scene.Node delete = window.robot.lookup("#action-delete").query();

        // another client protects the branch while the person points at Delete
        window.backend.updateBranch(dev, BranchPatch.protect(true));
        ConsoleWindow.waitFor(() -> window.page().actions().menuProperty().get().stream()
                .anyMatch(e -> e.action() == Action.DELETE && !e.allowed())
                && window.robot.lookup("#details-protection").queryLabeled().getText().startsWith("Protected"));
        MenuButton actions = window.robot.lookup("#actions-menu").queryAs(MenuButton.class);
        assertTrue(WaitForAsyncUtils.asyncFx(actions::isShowing).get(), "the menu stays open");
        assertTrue(WaitForAsyncUtils.asyncFx(() -> delete.getScene() != null).get(), "the menu keeps the item under the pointer");

        // chosen now, Delete says why it cannot, and nothing opens
        window.robot.clickOn(delete);
        ConsoleWindow.waitFor(() -> window.robot.lookup("#activity-message").queryLabeled().getText().contains("protected"));
        assertTrue(window.robot.lookup("#confirm-dialog").tryQuery().isEmpty(), "no dialog opens");

        // opened again, the menu shows the rules' sentence
        ConsoleWindow.openActionsMenu(window.robot);
        ConsoleWindow.waitFor(() -> window.robot.lookup("#action-delete-reason").tryQuery().isPresent());
        WaitForAsyncUtils.asyncFx(actions::hide).get();
    }

    private static ContextMenu menuOf(MenuButton button) {
        return Window.getWindows().stream()
                .filter(w -> w instanceof ContextMenu c && c.getOwnerNode() == button && c.isShowing())
                .map(ContextMenu.class::cast)
                .findFirst().orElse(null);
    }
}
