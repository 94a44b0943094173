package dev.arbor.ui.app;

import atlantafx.base.theme.Styles;
import dev.arbor.ui.common.Shortcut;
import dev.arbor.ui.common.ViewBindings;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Table / Tree switch of the Branches page. The table and the tree each have one in their heading;
 * both follow the page model, so they always agree.
 */
final class TreeSwitch extends HBox {

    /** {@code where} names the heading it sits in, for ids: "table" or "tree". */
    TreeSwitch(BranchesPageViewModel model, String where) {
        ToggleButton table = new ToggleButton("Table", new FontIcon(Feather.LIST));
        table.setId("show-table-" + where);
        table.getStyleClass().add(Styles.LEFT_PILL);
        table.setTooltip(new Tooltip(Shortcut.TREE.after("Show the branches as a table")));
        ToggleButton tree = new ToggleButton("Tree", new FontIcon(Feather.GIT_BRANCH));
        tree.setId("show-tree-" + where);
        tree.getStyleClass().add(Styles.RIGHT_PILL);
        tree.setTooltip(new Tooltip(Shortcut.TREE.after("Show the branches as a tree on a time line")));
        ToggleGroup group = new ToggleGroup();
        table.setToggleGroup(group);
        tree.setToggleGroup(group);
        Runnable follow = () -> {
            tree.setSelected(model.treeShownProperty().get());
            table.setSelected(!model.treeShownProperty().get());
        };
        ViewBindings.of(this).subscribe(model.treeShownProperty(), shown -> follow.run());
        // pressing the button that is already down leaves it down: the switch always shows one of the two
        table.setOnAction(e -> {
            model.showTree(false);
            follow.run();
        });
        tree.setOnAction(e -> {
            model.showTree(true);
            follow.run();
        });
        getChildren().setAll(table, tree);
        setId("view-switch-" + where);
    }
}
