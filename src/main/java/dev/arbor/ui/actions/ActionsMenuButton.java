package dev.arbor.ui.actions;

import atlantafx.base.theme.Styles;
import dev.arbor.domain.BranchPolicy.Action;
import dev.arbor.ui.common.ViewBindings;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Actions menu. An item the rules refuse stays in the menu, disabled, with the rules' sentence
 * under its name, so the person learns why and what to do first.
 */
public final class ActionsMenuButton extends MenuButton {
    private final BranchActionsViewModel model;

    public ActionsMenuButton(BranchActionsViewModel model) {
        super("Actions", new FontIcon(Feather.CHEVRON_DOWN));
        this.model = model;
        setId("actions-menu");
        getStyleClass().add(Styles.ACCENT);
        ViewBindings.of(this)
                .subscribe(model.menuProperty(), this::build)
                .bind(disableProperty(), model.targetProperty().isNull());
        addEventHandler(ON_SHOWN, e -> keepMenuInsideWindow());
        addEventHandler(ON_HIDDEN, e -> build(model.menuProperty().get())); // what changed while it was open
    }

    /**
     * The menu opens under the button from its left edge. The button sits at the window's right edge and the menu,
     * with the rules' sentences, is wider than it, so it would run past the window: then it ends at the button's
     * right edge instead, and never starts left of the window.
     */
    private void keepMenuInsideWindow() {
        ContextMenu menu = openMenu();
        if (menu == null || getScene() == null) {
            return;
        }
        Bounds window = getScene().getRoot().localToScreen(getScene().getRoot().getLayoutBounds());
        Bounds button = localToScreen(getLayoutBounds());
        if (window == null || button == null || menu.getX() + menu.getWidth() <= window.getMaxX()) {
            return;
        }
        menu.setX(Math.max(window.getMinX(), Math.min(button.getMaxX(), window.getMaxX()) - menu.getWidth()));
    }

    /** The popup this button shows, while it shows (the skin owns it and does not hand it out). */
    private ContextMenu openMenu() {
        return Window.getWindows().stream()
                .filter(w -> w instanceof ContextMenu c && c.getOwnerNode() == this && c.isShowing())
                .map(ContextMenu.class::cast)
                .findFirst().orElse(null);
    }

    /**
     * Fills the menu with {@code entries}. While the menu is open it stays as it opened, as menus do: replacing its
     * items would redraw them under the pointer (a background change, a branch's operation ending, came just as
     * the person went to click). The new entries are shown when it next opens; an item the rules have refused
     * meanwhile says why when it is chosen ({@link BranchActionsViewModel#open}).
     */
    private void build(List<MenuEntry> entries) {
        if (isShowing()) {
            return;
        }
        getItems().setAll(menuItems(model, entries));
    }

    /** The menu's items for {@code entries}, for any menu that offers the Actions (the branch tree's right-click). */
    public static List<MenuItem> menuItems(BranchActionsViewModel model, List<MenuEntry> entries) {
        List<MenuItem> items = new ArrayList<>();
        if (!entries.isEmpty()) {
            // connecting changes nothing, so the rules never refuse it; it leads the menu, as in Neon's console
            MenuItem connect = new MenuItem("Connect…");
            connect.setId("action-connect");
            connect.setOnAction(ev -> model.connect());
            items.add(connect);
            MenuItem sql = new MenuItem("SQL editor…");
            sql.setId("action-sql-editor");
            sql.setOnAction(ev -> model.openSqlEditor());
            items.add(sql);
            items.add(new SeparatorMenuItem());
        }
        for (MenuEntry e : entries) {
            if (e.action() == Action.DELETE) {
                items.add(new SeparatorMenuItem());
            }
            items.add(item(model, e));
        }
        return items;
    }

    private static MenuItem item(BranchActionsViewModel model, MenuEntry e) {
        String id = "action-" + e.action().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        if (e.allowed()) {
            MenuItem item = new MenuItem(e.label() + (e.action() == Action.RENAME || e.action() == Action.SET_EXPIRATION
                    || e.action() == Action.RESTORE ? "…" : ""));
            item.setId(id);
            if (e.action() == Action.DELETE) {
                item.getStyleClass().add("danger-item");
            }
            item.setOnAction(ev -> model.open(e.action()));
            return item;
        }
        Label title = new Label(e.label());
        title.getStyleClass().add("refused-title");
        Label reason = new Label(e.whyNot());
        reason.setId(id + "-reason");
        reason.getStyleClass().addAll(Styles.TEXT_SMALL, "reason");
        reason.setWrapText(true);
        reason.setMaxWidth(340);
        VBox box = new VBox(2, title, reason);
        box.getStyleClass().add("refused-action");
        CustomMenuItem item = new CustomMenuItem(box, false);
        item.setId(id);
        item.getStyleClass().add("refused-item");
        item.setDisable(true);
        return item;
    }
}
