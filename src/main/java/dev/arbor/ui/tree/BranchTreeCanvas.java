package dev.arbor.ui.tree;

import atlantafx.base.theme.Styles;
import dev.arbor.ui.actions.ActionsMenuButton;
import dev.arbor.ui.actions.BranchActionsViewModel;
import dev.arbor.ui.tree.BranchTreeLayout.Lane;
import dev.arbor.ui.common.ViewBindings;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;

/**
 * The drawn tree: a canvas the size of the view, repainted from the scene and the viewport, so only what
 * is visible is ever drawn. Wheel zooms the time axis around the pointer, dragging pans, a click selects,
 * a click on a branch's node folds its children, a double-click opens the details, a right-click opens
 * the Actions menu, and the pointer shows a card about the branch under it.
 */
public final class BranchTreeCanvas extends Pane {
    private static final double KEY_PAN = 80;
    private static final double CLICK_SLOP = 4;
    private static final double CARD_OFFSET = 16;

    private final BranchTreeViewModel model;
    private final BranchActionsViewModel actions;
    private final Runnable openDetails;
    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private final VBox card = new VBox(4);
    private final ContextMenu menu = new ContextMenu();
    private final TreeViewport viewport = new TreeViewport();
    private final CanvasSurface surface = new CanvasSurface();
    private final ThemeColors theme;
    private final ViewBindings bindings = ViewBindings.of(this);
    private TreeColors colors = TreeColors.LIGHT;
    private String hovered;
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private boolean dragged;
    private boolean fitted;
    private boolean syncingScroll;

    public BranchTreeCanvas(BranchTreeViewModel model, BranchActionsViewModel actions, Runnable openDetails) {
        this.model = model;
        this.actions = actions;
        this.openDetails = openDetails;
        setId("branch-tree");
        getStyleClass().add("branch-tree-canvas");
        setFocusTraversable(true);
        setMinSize(200, 160);
        theme = new ThemeColors(this, this::themeChanged);
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.setId("tree-scroll");
        card.setId("tree-hover-card");
        card.getStyleClass().add("tree-hover-card");
        card.setManaged(false);
        card.setVisible(false);
        card.setMouseTransparent(true);
        menu.setId("tree-context-menu");
        getChildren().addAll(canvas, scroll, card);
        initListeners();
    }

    // For the view's buttons, and for tests

    public TreeViewport viewport() {
        return viewport;
    }

    public ContextMenu contextMenu() {
        return menu;
    }

    /** Where a branch's lane is drawn now, in this node's coordinates: its creation node; null when not shown. */
    public javafx.geometry.Point2D nodePosition(String branchId) {
        Lane lane = model.layout().lane(branchId);
        return lane == null ? null : new javafx.geometry.Point2D(viewport.x(lane.created()), viewport.laneY(lane.row()));
    }

    public void zoom(double factor) {
        viewport.zoomAt(viewport.width() / 2, factor);
        redraw();
    }

    public void fit() {
        viewport.fit();
        redraw();
    }

    /** The picture as it stands, for exports. */
    TreeColors colors() {
        return colors;
    }

    CanvasSurface surface() {
        return surface;
    }

    // Drawing

    private void themeChanged() {
        colors = theme.read();
        redraw();
    }

    @Override
    protected void layoutChildren() {
        double barWidth = scroll.isVisible() ? scroll.prefWidth(-1) : 0;
        double w = Math.max(1, getWidth() - barWidth);
        double h = Math.max(1, getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            viewport.setSize(w, h);
            if (!fitted && model.layout().rowCount() > 0) {
                fitted = true;
                viewport.fit();
            }
            redraw();
        }
        scroll.resizeRelocate(w, viewport.lanesTop(), barWidth, viewport.lanesHeight());
    }

    void redraw() {
        TreeScene scene = model.sceneProperty().get();
        if (scene == null || canvas.getWidth() < 2) {
            return;
        }
        var gc = canvas.getGraphicsContext2D();
        gc.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        BranchTreePainter.paint(scene, viewport, colors, surface.on(gc), hovered);
        syncScrollBar();
    }

    private void syncScrollBar() {
        syncingScroll = true;
        try {
            double max = viewport.maxScrollY();
            boolean needed = max > 0;
            if (scroll.isVisible() != needed) {
                scroll.setVisible(needed);
                requestLayout();
            }
            scroll.setMin(0);
            scroll.setMax(max);
            scroll.setVisibleAmount(Math.max(1, viewport.lanesHeight() * max / Math.max(1, viewport.contentHeight())));
            scroll.setUnitIncrement(TreeViewport.ROW_HEIGHT);
            scroll.setBlockIncrement(viewport.lanesHeight());
            scroll.setValue(viewport.scrollY());
        } finally {
            syncingScroll = false;
        }
    }

    private void initListeners() {
        // also when the tree is shown again: the branches may have changed while the table was shown
        bindings.subscribe(model.sceneProperty(), b -> {
            if (b == null) {
                return;
            }
            card.setUserData(null); // the branch under the pointer may have changed
            viewport.setContent(b.layout());
            if (!fitted && b.layout().rowCount() > 0 && canvas.getWidth() > 1) {
                fitted = true;
                viewport.fit();
            }
            redraw();
        });
        bindings.listen(model.centreProperty(), (o, a, b) -> {
            if (b != null) {
                centreOn(b.branchId());
            }
        });
        scroll.valueProperty().addListener((o, a, b) -> {
            if (!syncingScroll) {
                viewport.scrollTo(b.doubleValue());
                redraw();
            }
        });
        canvas.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressedForMenu);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, this::clicked);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(e.getX(), e.getY()));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1, -1));
        canvas.addEventHandler(ContextMenuEvent.CONTEXT_MENU_REQUESTED, this::contextMenuRequested);
        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
    }

    private void centreOn(String branchId) {
        Lane lane = model.layout().lane(branchId);
        if (lane != null) {
            viewport.setContent(model.layout());
            double x = viewport.x(lane.created());
            // keep the time where it is when the node is already in view: only the rows move
            double time = x >= 40 && x <= viewport.width() - 200 ? viewport.time(viewport.width() / 2) : lane.created() + 0.3 * viewport.width() / viewport.pxPerMs();
            viewport.centreOn(lane.row(), time);
            redraw();
        }
    }

    // Input

    private void scrolled(ScrollEvent e) {
        if (e.isShiftDown()) {
            viewport.panBy(0, -(e.getDeltaY() != 0 ? e.getDeltaY() : e.getDeltaX()));
        } else {
            if (e.getDeltaX() != 0) {
                viewport.panBy(e.getDeltaX(), 0);
            }
            if (e.getDeltaY() != 0) {
                viewport.zoomAt(e.getX(), Math.exp(e.getDeltaY() * 0.004));
            }
        }
        hideCard();
        redraw();
        e.consume();
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        menu.hide();
        pressX = lastX = e.getX();
        pressY = lastY = e.getY();
        dragged = false;
    }

    private void dragged(MouseEvent e) {
        if (!e.isPrimaryButtonDown()) {
            return;
        }
        if (Math.hypot(e.getX() - pressX, e.getY() - pressY) > CLICK_SLOP) {
            dragged = true;
        }
        if (dragged) {
            viewport.panBy(e.getX() - lastX, -(e.getY() - lastY));
            lastX = e.getX();
            lastY = e.getY();
            hideCard();
            redraw();
        }
    }

    private void pressedForMenu(MouseEvent e) {
        if (e.getButton() == MouseButton.SECONDARY) {
            openMenuAt(e.getX(), e.getY(), e.getScreenX(), e.getScreenY());
            e.consume();
        }
    }

    private void clicked(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY || dragged) {
            return;
        }
        Lane lane = BranchTreePainter.laneAt(model.layout(), viewport, e.getY());
        if (lane == null) {
            return;
        }
        // every click on a node folds or unfolds, however quickly it follows the last one
        if (lane.children() > 0 && BranchTreePainter.onNode(lane, viewport, e.getX(), e.getY())) {
            model.toggleCollapsed(lane.id());
        } else if (e.getClickCount() == 2) {
            model.select(lane.id());
            openDetails.run();
        } else {
            model.select(lane.id());
        }
    }

    // The menu key (or Shift+F10) opens the menu of the selected branch; a right-click, of the branch under it.
    private void contextMenuRequested(ContextMenuEvent e) {
        if (e.isKeyboardTrigger()) {
            TreeScene scene = model.sceneProperty().get();
            Lane lane = scene == null ? null : model.layout().lane(scene.focused());
            if (lane != null) {
                javafx.geometry.Point2D p = localToScreen(viewport.x(lane.created()), viewport.laneY(lane.row()));
                showMenuFor(lane, p.getX(), p.getY());
            }
        } else if (!menu.isShowing()) {
            // on Linux the mouse's request comes with the press, which has opened the menu already
            openMenuAt(e.getX(), e.getY(), e.getScreenX(), e.getScreenY());
        }
        e.consume();
    }

    private void openMenuAt(double x, double y, double screenX, double screenY) {
        Lane lane = BranchTreePainter.laneAt(model.layout(), viewport, y);
        if (lane == null) {
            return;
        }
        model.select(lane.id());
        hideCard();
        showMenuFor(lane, screenX, screenY);
    }

    /** Opens the Actions menu of a branch (the one the right-click selected) at a screen point. */
    void showMenuFor(Lane lane, double screenX, double screenY) {
        List<MenuItem> items = new java.util.ArrayList<>(ActionsMenuButton.menuItems(actions, actions.menuProperty().get()));
        items.add(new SeparatorMenuItem());
        if (lane.children() > 0) {
            MenuItem fold = new MenuItem(lane.collapsed() ? "Unfold " + lane.hiddenDescendants() + " hidden branches"
                    : "Fold the " + lane.children() + (lane.children() == 1 ? " child" : " children"));
            fold.setId("tree-fold");
            fold.setOnAction(ev -> model.toggleCollapsed(lane.id()));
            items.add(fold);
        }
        MenuItem details = new MenuItem("Open details");
        details.setId("tree-open-details");
        details.setOnAction(ev -> openDetails.run());
        items.add(details);
        menu.getItems().setAll(items);
        menu.show(this, screenX, screenY);
    }

    private void key(KeyEvent e) {
        boolean handled = true;
        switch (e.getCode()) {
            case PLUS, ADD, EQUALS -> viewport.zoomAt(viewport.width() / 2, 1.25);
            case MINUS, SUBTRACT -> viewport.zoomAt(viewport.width() / 2, 0.8);
            case DIGIT0, NUMPAD0 -> viewport.fit();
            case LEFT -> viewport.panBy(KEY_PAN, 0);
            case RIGHT -> viewport.panBy(-KEY_PAN, 0);
            case UP -> viewport.panBy(0, -TreeViewport.ROW_HEIGHT);
            case DOWN -> viewport.panBy(0, TreeViewport.ROW_HEIGHT);
            case PAGE_UP -> viewport.panBy(0, -viewport.lanesHeight());
            case PAGE_DOWN -> viewport.panBy(0, viewport.lanesHeight());
            case HOME -> viewport.scrollTo(0);
            case END -> viewport.scrollTo(viewport.maxScrollY());
            case ENTER -> openDetails.run();
            case SPACE -> {
                String id = model.sceneProperty().get() == null ? null : model.sceneProperty().get().focused();
                if (id != null) {
                    model.toggleCollapsed(id);
                }
            }
            default -> handled = false;
        }
        if (handled) {
            hideCard();
            redraw();
            e.consume();
        }
    }

    // The hover card

    private void hover(double x, double y) {
        Lane lane = x < 0 ? null : BranchTreePainter.laneAt(model.layout(), viewport, y);
        String id = lane == null ? null : lane.id();
        if (!java.util.Objects.equals(id, hovered)) {
            hovered = id;
            redraw();
        }
        if (lane == null) {
            hideCard();
            return;
        }
        if (!lane.id().equals(card.getUserData())) {
            HoverCard c = model.card(lane.id());
            if (c == null) {
                hideCard();
                return;
            }
            fill(c);
        }
        card.setVisible(true);
        card.applyCss();
        card.autosize();
        double w = card.getWidth();
        double h = card.getHeight();
        // below and right of the pointer; above it when there is no room below; never under the pointer
        double cx = Math.max(4, Math.min(x + CARD_OFFSET, getWidth() - w - 4));
        double cy = y + CARD_OFFSET + h <= viewport.lanesBottom() ? y + CARD_OFFSET : y - CARD_OFFSET - h;
        card.relocate(cx, Math.max(4, cy));
    }

    private void fill(HoverCard c) {
        Label title = new Label(c.title());
        title.setId("tree-card-title");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(2);
        int row = 0;
        for (HoverCard.Line line : c.lines()) {
            Label label = new Label(line.label());
            label.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            Label value = new Label(line.value());
            value.getStyleClass().add(Styles.TEXT_SMALL);
            value.setId("tree-card-" + line.label().toLowerCase(Locale.ROOT).replace(' ', '-'));
            grid.addRow(row++, label, value);
        }
        card.getChildren().setAll(title, grid);
        card.setUserData(c.branchId());
    }

    private void hideCard() {
        card.setVisible(false);
        card.setUserData(null);
    }
}
