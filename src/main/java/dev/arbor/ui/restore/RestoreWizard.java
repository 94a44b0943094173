package dev.arbor.ui.restore;

import atlantafx.base.theme.Styles;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.restore.RestoreWizardViewModel.Step;
import dev.arbor.ui.common.ViewBindings;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Restore wizard: a step bar, one page per step (each its own view of its step's model), and Cancel,
 * Back and Next (Restore on the last step, Close once done). Enter presses the main button (in the SQL tab's
 * script it starts a new line) and Escape cancels, on every step (stopping the SQL tab's running query first).
 */
public final class RestoreWizard extends VBox {
    private final ViewBindings bindings = ViewBindings.of(this);
    private final RestoreWizardViewModel model;
    private final Map<Step, Node> pages = new EnumMap<>(Step.class);
    private final StackPane page = new StackPane();
    private final HBox stepBar = new HBox(6);

    public RestoreWizard(RestoreWizardViewModel m) {
        this(m, null);
    }

    /**
     * With the preview's SQL tab: {@code sqlTab} makes its view for the wizard's queries at the point (the SQL
     * editor's package has it, and that package builds on this one, so the view is handed in); null for none.
     */
    public RestoreWizard(RestoreWizardViewModel m, Function<PreviewQueries, Node> sqlTab) {
        this.model = m;
        pages.put(Step.BRANCH, new RestoreTargetView(m.target()));
        pages.put(Step.SOURCE, new RestoreSourceView(m.source()));
        pages.put(Step.POINT, new RestorePointPicker(m.picker()));
        pages.put(Step.PREVIEW, new RestorePreviewView(m.preview(), sqlTab));
        pages.put(Step.CONFIRM, new RestoreConfirmView(m.confirm(), m.outcome()));
        pages.put(Step.RESULT, new RestoreOutcomeView(m.outcome()));
        page.setAlignment(Pos.TOP_LEFT);
        stepBar.setId("restore-steps");

        Label problem = DialogBox.paragraph("");
        problem.setId("restore-step-problem");
        problem.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        bindings.bind(problem.textProperty(), WizardText.orEmpty(m.stepProblemProperty()));
        // the point picker and the backup field show their own problems where they are
        bindings.bind(problem.visibleProperty(), problem.textProperty().isNotEmpty()
                .and(m.stepProperty().isNotEqualTo(Step.POINT)).and(m.stepProperty().isNotEqualTo(Step.CONFIRM)));
        problem.managedProperty().bind(problem.visibleProperty());
        ProgressBar progress = new ProgressBar();
        progress.setId("restore-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        bindings.bind(progress.visibleProperty(), m.outcome().runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        Button cancel = DialogBox.button("restore-cancel", "Cancel");
        // during the restore Cancel stops waiting for it; the status then says it may still complete
        bindings.bind(cancel.textProperty(), Bindings.when(m.stepProperty().isEqualTo(Step.RESULT)).then("Close")
                .otherwise(Bindings.when(m.outcome().runningProperty()).then("Stop waiting").otherwise("Cancel")));
        // once restored, Done closes; Escape still does
        bindings.bind(cancel.visibleProperty(), m.stepProperty().isNotEqualTo(Step.RESULT));
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> m.cancel());
        Button back = DialogBox.button("restore-back", "Back");
        back.setGraphic(new FontIcon(Feather.CHEVRON_LEFT));
        bindings.bind(back.disableProperty(), m.canBackProperty().not());
        back.setOnAction(e -> m.back());
        bindings.bind(back.visibleProperty(), m.stepProperty().isNotEqualTo(Step.RESULT));
        back.managedProperty().bind(back.visibleProperty());
        Button primary = DialogBox.button("restore-next", "Next", Styles.ACCENT);
        bindings.bind(primary.textProperty(), Bindings.createStringBinding(() -> switch (m.stepProperty().get()) {
            case CONFIRM -> "Restore";
            case RESULT -> "Done";
            default -> "Next";
        }, m.stepProperty()));
        bindings.subscribe(m.stepProperty(), s -> {
            primary.getStyleClass().removeAll(Styles.ACCENT, Styles.DANGER);
            primary.getStyleClass().add(s == Step.CONFIRM ? Styles.DANGER : Styles.ACCENT);
        });
        bindings.bind(primary.disableProperty(), m.canNextProperty().not());
        primary.setOnAction(e -> m.primary());

        DialogBox box = new DialogBox("restore-wizard", "Restore a branch", Feather.ROTATE_CCW)
                .body(stepBar, page, problem, progress).buttons(cancel, back, primary);
        box.setPrefWidth(820);
        // while Undo's question is asked, Enter must not press Done under it: the question's own buttons answer
        bindings.bind(primary.defaultButtonProperty(), m.outcome().undoConfirmationProperty().isNull());
        getChildren().setAll(box);
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);

        bindings.subscribe(m.stepProperty(), this::show);
        bindings.onChange(this::fillStepBar, m.steps());
        // Escape cancels wherever the focus is (a date picker's popup keeps its own Escape); on the preview, a query
        // running in the SQL tab is stopped first
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !e.isConsumed()) {
                m.escape();
                e.consume();
            }
        });
    }

    private void show(Step s) {
        page.getChildren().setAll(pages.get(s));
        fillStepBar();
        Node first = pages.get(s).lookup(".text-input");
        if (first != null && s != Step.RESULT) {
            first.requestFocus();
        }
    }

    private void fillStepBar() {
        stepBar.getChildren().clear();
        Step current = model.stepProperty().get();
        int index = 1;
        for (Step s : model.steps()) {
            Label l = new Label(index++ + "  " + s.title());
            l.setId("restore-step-" + s.name().toLowerCase(java.util.Locale.ROOT));
            l.getStyleClass().addAll("wizard-step", Styles.TEXT_SMALL);
            if (s == current) {
                l.getStyleClass().add("current");
            } else if (model.steps().indexOf(s) < model.steps().indexOf(current)) {
                l.getStyleClass().add("done");
            }
            stepBar.getChildren().add(l);
            if (index <= model.steps().size()) {
                FontIcon arrow = new FontIcon(Feather.CHEVRON_RIGHT);
                arrow.getStyleClass().add("wizard-step-arrow");
                stepBar.getChildren().add(arrow);
            }
        }
        stepBar.setAlignment(Pos.CENTER_LEFT);
        // the bar shows where the person is by its look; a screen reader says it in words
        stepBar.setAccessibleRole(AccessibleRole.TEXT);
        stepBar.setAccessibleText(model.stepCaption());
    }
}
