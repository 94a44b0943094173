package dev.arbor.ui.tree;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import dev.arbor.ui.actions.BranchActionsViewModel;
import dev.arbor.ui.common.Shortcut;
import dev.arbor.ui.common.ViewBindings;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Branches page's tree: a heading with the page's buttons, the tree's tools (search, zoom, fold,
 * export) and the drawn tree.
 */
public final class BranchTreeView extends VBox {
    private final BranchTreeViewModel model;
    private final BranchTreeCanvas canvas;
    private final CustomTextField search = new CustomTextField();
    private final ViewBindings bindings = ViewBindings.of(this);

    public BranchTreeView(BranchTreeViewModel model, BranchActionsViewModel actions, Runnable openDetails, Node... pageButtons) {
        this.model = model;
        this.canvas = new BranchTreeCanvas(model, actions, openDetails);
        createView(pageButtons);
    }

    public BranchTreeCanvas canvas() {
        return canvas;
    }

    public CustomTextField searchField() {
        return search;
    }

    /**
     * Saves the picture to {@code target} without asking where: the Export menu's file chooser ends here.
     * The picture holds every shown row, with the whole time range across the tree's width.
     */
    public void exportTo(Path target, TreeExport.Format format) {
        TreeScene scene = model.sceneProperty().get();
        if (scene == null || target == null) {
            return;
        }
        TreeViewport picture = TreeExport.pictureViewport(scene.layout(), canvas.viewport().width());
        TreeColors colors = canvas.colors();
        if (format == TreeExport.Format.SVG) {
            byte[] svg = TreeExport.svg(scene, picture, colors, canvas.surface(), model.pictureTitle())
                    .getBytes(StandardCharsets.UTF_8);
            model.export(target, format, out -> out.write(svg));
            return;
        }
        String problem = TreeExport.pngTooLarge(picture);
        if (problem != null) {
            model.refuseExport(problem);
            return;
        }
        Canvas offscreen = new Canvas(picture.width(), picture.height());
        BranchTreePainter.paint(scene, picture, colors, canvas.surface().on(offscreen.getGraphicsContext2D()), null);
        WritableImage image = offscreen.snapshot(null, null);
        BufferedImage png = SwingFXUtils.fromFXImage(image, null);
        model.export(target, format, out -> ImageIO.write(png, "png", out));
    }

    private void createView(Node... pageButtons) {
        getStyleClass().add("branch-tree");
        setSpacing(10);

        Label title = new Label("Branch tree");
        title.getStyleClass().add(Styles.TITLE_3);
        HBox heading = new HBox(8, title, new Spacer());
        heading.getChildren().addAll(pageButtons);
        heading.setAlignment(Pos.CENTER_LEFT);

        search.setId("tree-search");
        search.setPromptText(Shortcut.FIND.after("Find by name or ID"));
        search.setLeft(new FontIcon(Feather.SEARCH));
        bindings.bindBidirectional(search.textProperty(), model.searchProperty());
        search.setPrefWidth(260);
        search.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                if (e.isShiftDown()) {
                    model.previousMatch();
                } else {
                    model.nextMatch();
                }
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && !search.getText().isEmpty()) {
                search.clear();
                e.consume();
            }
        });
        Label status = new Label();
        status.setId("tree-search-status");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        bindings.bind(status.textProperty(), model.searchStatusProperty());
        status.setMinWidth(USE_PREF_SIZE);
        Button previous = iconButton("tree-previous-match", Feather.CHEVRON_UP, "Previous match (Shift+Enter)", model::previousMatch);
        Button next = iconButton("tree-next-match", Feather.CHEVRON_DOWN, "Next match (Enter)", model::nextMatch);
        bindings.bind(previous.disableProperty(), model.searchStatusProperty().isEmpty());
        bindings.bind(next.disableProperty(), model.searchStatusProperty().isEmpty());

        Button zoomOut = iconButton("tree-zoom-out", Feather.ZOOM_OUT, "Zoom out (−, or the wheel)", () -> canvas.zoom(0.8));
        Button zoomIn = iconButton("tree-zoom-in", Feather.ZOOM_IN, "Zoom in (+, or the wheel)", () -> canvas.zoom(1.25));
        Button fit = iconButton("tree-fit", Feather.MAXIMIZE, "Fit the whole time range (0)", canvas::fit);
        Button fold = iconButton("tree-collapse-all", Feather.MINIMIZE_2, "Fold every tree to its root", model::collapseAll);
        Button unfold = iconButton("tree-expand-all", Feather.MAXIMIZE_2, "Unfold every subtree", model::expandAll);

        MenuItem png = new MenuItem("PNG image…");
        png.setId("tree-export-png");
        png.setOnAction(e -> chooseAndExport(TreeExport.Format.PNG));
        MenuItem svg = new MenuItem("SVG drawing…");
        svg.setId("tree-export-svg");
        svg.setOnAction(e -> chooseAndExport(TreeExport.Format.SVG));
        MenuButton export = new MenuButton("Export", new FontIcon(Feather.DOWNLOAD), png, svg);
        export.setId("tree-export");
        export.setTooltip(new Tooltip("Save the tree as a picture"));

        HBox tools = new HBox(6, search, previous, next, status, new Spacer(), zoomOut, zoomIn, fit, fold, unfold, export);
        tools.setAlignment(Pos.CENTER_LEFT);

        Label note = new Label();
        note.setId("tree-note");
        note.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.WARNING);
        note.setWrapText(true);
        bindings.bind(note.textProperty(), model.noteProperty());
        bindings.bind(note.visibleProperty(), model.noteProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());

        VBox.setVgrow(canvas, Priority.ALWAYS);
        getChildren().setAll(heading, tools, note, canvas);
    }

    private void chooseAndExport(TreeExport.Format format) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the branch tree");
        chooser.setInitialFileName("branch-tree." + format.extension());
        chooser.getExtensionFilters().setAll(new FileChooser.ExtensionFilter(
                format.name() + " (*." + format.extension() + ")", "*." + format.extension()));
        File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            exportTo(file.toPath(), format);
        }
    }

    private static Button iconButton(String id, Feather icon, String tooltip, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        b.setTooltip(new Tooltip(tooltip));
        b.setOnAction(e -> action.run());
        return b;
    }
}
