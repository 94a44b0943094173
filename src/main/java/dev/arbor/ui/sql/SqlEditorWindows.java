package dev.arbor.ui.sql;

import dev.arbor.ui.common.ViewBindings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * One window per open SQL editor, beside the console: it opens when an editor appears in {@link SqlEditors},
 * comes to the front when the editor is opened again, and closes with it; closing the window closes the editor
 * and its connection. The windows belong to the console's window, so they close with it; while the page is out of
 * the window (another project shown), its editors keep their connections and their windows are closed, and they open
 * again when the page is back.
 */
public final class SqlEditorWindows {
    static final String[] STYLESHEETS = {
            Objects.requireNonNull(SqlEditorWindows.class.getResource("/css/arbor.css")).toExternalForm(),
            Objects.requireNonNull(SqlEditorWindows.class.getResource("/css/sql-editor.css")).toExternalForm()};

    private final Map<SqlEditorModel, Stage> stages = new HashMap<>();
    private final Map<SqlEditorModel, Runnable> unfollow = new HashMap<>();
    private final Node anchor;

    private SqlEditorWindows(Node anchor) {
        this.anchor = anchor;
    }

    /** Follows {@code editors} while {@code anchor} (the page) is shown, opening windows owned by its window. */
    public static void follow(SqlEditors editors, Node anchor) {
        SqlEditorWindows w = new SqlEditorWindows(anchor);
        ViewBindings.of(anchor).add(() -> {
            ListChangeListener<SqlEditorModel> changes = c -> {
                while (c.next()) {
                    c.getRemoved().forEach(w::closed);
                    c.getAddedSubList().forEach(w::opened);
                }
            };
            editors.open().addListener(changes);
            editors.open().forEach(w::opened);
            return () -> {
                editors.open().removeListener(changes);
                List.copyOf(w.stages.keySet()).forEach(w::closed);
            };
        });
    }

    private void opened(SqlEditorModel model) {
        if (stages.containsKey(model)) {
            return;
        }
        SqlEditorView view = new SqlEditorView(model);
        Scene scene = new Scene(view, 1100, 720);
        scene.getStylesheets().addAll(STYLESHEETS);
        Stage stage = new Stage();
        stage.setTitle(model.title());
        Window owner = anchor.getScene() == null ? null : anchor.getScene().getWindow();
        if (owner != null) {
            stage.initOwner(owner);
            if (owner instanceof Stage s) {
                stage.getIcons().setAll(s.getIcons());
            }
        }
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> model.close());
        ChangeListener<Object> focus = (o, a, b) -> {
            stage.show();
            stage.toFront();
            stage.requestFocus();
        };
        model.focusRequestsProperty().addListener(focus);
        unfollow.put(model, () -> model.focusRequestsProperty().removeListener(focus));
        stages.put(model, stage);
        stage.show();
        stage.toFront();
        stage.requestFocus();
        view.area().requestFocus();
    }

    private void closed(SqlEditorModel model) {
        Stage stage = stages.remove(model);
        Runnable focus = unfollow.remove(model);
        if (focus != null) {
            focus.run();
        }
        if (stage != null) {
            stage.close();
        }
    }
}
