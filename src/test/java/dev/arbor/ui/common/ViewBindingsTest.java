package dev.arbor.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** A view follows its models while it is in a scene, lets go when it leaves, and catches up when it is back. */
class ViewBindingsTest {
    /** A model that outlives its views, as the project state and a page's ViewModels do. */
    private final StringProperty name = new SimpleStringProperty("main");
    private final ObservableList<String> children = FXCollections.observableArrayList("dev");

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get();
    }

    private static void run(Runnable work) throws Exception {
        WaitForAsyncUtils.asyncFx(work).get();
    }

    /** A view of the model: a label bound to the name, a field edited with it, and a line redrawn from both. */
    private final class ModelView extends VBox {
        final Label label = new Label();
        final TextField field = new TextField();
        final Label summary = new Label();
        final List<String> heard = new ArrayList<>();
        final ViewBindings bindings = ViewBindings.of(this);

        ModelView() {
            getChildren().setAll(label, field, summary);
            bindings.bind(label.textProperty(), name)
                    .bindBidirectional(field.textProperty(), name)
                    .onChange(() -> summary.setText(name.get() + " " + children), name, children)
                    .listen(children, (ListChangeListener<String>) c -> heard.add(String.join(",", c.getList())))
                    .subscribe(name, heard::add);
        }
    }

    @Test
    void aViewOutOfAnySceneNeitherShowsNorHearsItsModel() throws Exception {
        ModelView view = fx(ModelView::new);

        run(() -> {
            name.set("dev");
            children.add("preview");
        });

        assertFalse(view.bindings.isConnected());
        assertEquals("", view.label.getText());
        assertEquals("", view.summary.getText());
        assertTrue(view.heard.isEmpty());
    }

    @Test
    void aViewFollowsItsModelWhileShownStopsWhenRemovedAndCatchesUpWhenBack() throws Exception {
        StackPane root = fx(StackPane::new);
        ModelView view = fx(ModelView::new);
        fx(() -> new Scene(root));

        fx(() -> root.getChildren().add(view));
        assertTrue(view.bindings.isConnected());
        assertEquals("main", view.label.getText());
        assertEquals("main", view.field.getText());
        assertEquals("main [dev]", view.summary.getText());
        run(() -> {
            name.set("staging");
            view.field.setText("staging-2");
        });
        assertEquals("staging-2", name.get(), "the field edits the model while shown");
        assertEquals("staging-2", view.label.getText());

        fx(() -> root.getChildren().remove(view));
        view.heard.clear();
        run(() -> {
            name.set("release");
            children.add("preview");
            view.field.setText("typed while away");
        });
        assertFalse(view.bindings.isConnected());
        assertEquals("staging-2", view.label.getText(), "a removed view does not follow its model");
        assertEquals("staging-2 [dev]", view.summary.getText());
        assertEquals("release", name.get(), "nor does the model follow the removed view");
        assertTrue(view.heard.isEmpty());

        fx(() -> root.getChildren().add(view));
        assertEquals("release", view.label.getText());
        assertEquals("release", view.field.getText());
        assertEquals("release [dev, preview]", view.summary.getText(), "back in the scene, it shows what changed");
        assertEquals(List.of("release"), view.heard, "a subscriber hears the value now; a listener only changes");
        fx(() -> children.add("ci"));
        assertEquals("release [dev, preview, ci]", view.summary.getText());
        assertEquals(List.of("release", "dev,preview,ci"), view.heard);
    }

    @Test
    void aViewMovedWithinItsSceneStaysConnected() throws Exception {
        StackPane left = fx(StackPane::new);
        StackPane right = fx(StackPane::new);
        ModelView view = fx(ModelView::new);
        fx(() -> new Scene(new VBox(left, right)));
        fx(() -> left.getChildren().add(view));

        fx(() -> right.getChildren().add(view));
        run(() -> name.set("moved"));

        assertTrue(view.bindings.isConnected());
        assertEquals("moved", view.label.getText());
    }

    @Test
    void aRemovedViewIsNotKeptAliveByTheModelItFollowed() throws Exception {
        StackPane root = fx(StackPane::new);
        // in a shown window: a parent keeps a removed child until the next frame is drawn
        FxToolkit.setupStage(stage -> {
            stage.setScene(new Scene(root, 200, 120));
            stage.sizeToScene(); // the shared stage keeps an earlier test's size otherwise
            stage.show();
        });
        WeakReference<ModelView> removed = fx(() -> {
            ModelView view = new ModelView();
            root.getChildren().add(view);
            return new WeakReference<>(view);
        });
        WaitForAsyncUtils.waitForFxEvents();
        run(() -> root.getChildren().clear());

        assertTrue(collected(removed), "the model still holds the removed view");
    }

    @Test
    void whatIsAddedWhileShownIsConnectedAtOnceAndReleasedWithTheRest() throws Exception {
        StackPane root = fx(StackPane::new);
        ModelView view = fx(ModelView::new);
        fx(() -> new Scene(root));
        fx(() -> root.getChildren().add(view));
        Label late = new Label();

        fx(() -> view.bindings.bind(late.textProperty(), name));
        assertEquals("main", late.getText());
        run(() -> root.getChildren().clear());
        run(() -> name.set("gone"));

        assertEquals("main", late.getText());
        assertNull(view.getScene());
    }

    /** Asks for collections until {@code ref} is cleared, for a few seconds at most. */
    static boolean collected(WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            System.gc();
            Thread.sleep(50);
        }
        return ref.get() == null;
    }
}
