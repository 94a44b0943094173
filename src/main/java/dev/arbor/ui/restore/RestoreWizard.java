package dev.arbor.ui.restore;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.arbor.domain.Branch;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.restore.RestoreWizardViewModel.SourceKind;
import dev.arbor.ui.restore.RestoreWizardViewModel.Step;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Restore wizard: a step bar, one page per step, and Cancel, Back and Next (Restore on the last
 * step, Close once done). Enter presses the main button and Escape cancels, on every step.
 */
public final class RestoreWizard extends VBox {
    private final RestoreWizardViewModel model;
    private final Map<Step, Node> pages = new EnumMap<>(Step.class);
    private final StackPane page = new StackPane();
    private final HBox stepBar = new HBox(6);

    public RestoreWizard(RestoreWizardViewModel m) {
        this.model = m;
        pages.put(Step.BRANCH, branchPage());
        pages.put(Step.SOURCE, sourcePage());
        pages.put(Step.POINT, new RestorePointPicker(m.picker()));
        pages.put(Step.PREVIEW, new RestorePreviewView(m.preview()));
        pages.put(Step.CONFIRM, confirmPage());
        pages.put(Step.RESULT, resultPage());
        page.setAlignment(Pos.TOP_LEFT);

        Label problem = DialogBox.paragraph("");
        problem.setId("restore-step-problem");
        problem.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        problem.textProperty().bind(text(m.stepProblemProperty()));
        // the point picker and the backup field show their own problems where they are
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty()
                .and(m.stepProperty().isNotEqualTo(Step.POINT)).and(m.stepProperty().isNotEqualTo(Step.CONFIRM)));
        problem.managedProperty().bind(problem.visibleProperty());
        ProgressBar progress = new ProgressBar();
        progress.setId("restore-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.visibleProperty().bind(m.runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        Button cancel = DialogBox.button("restore-cancel", "Cancel");
        cancel.textProperty().bind(Bindings.when(m.stepProperty().isEqualTo(Step.RESULT)).then("Close").otherwise("Cancel"));
        cancel.disableProperty().bind(m.runningProperty());
        // once restored, Done closes; Escape still does
        cancel.visibleProperty().bind(m.stepProperty().isNotEqualTo(Step.RESULT));
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> m.cancel());
        Button back = DialogBox.button("restore-back", "Back");
        back.setGraphic(new FontIcon(Feather.CHEVRON_LEFT));
        back.disableProperty().bind(m.canBackProperty().not());
        back.setOnAction(e -> m.back());
        back.visibleProperty().bind(m.stepProperty().isNotEqualTo(Step.RESULT));
        back.managedProperty().bind(back.visibleProperty());
        Button primary = DialogBox.button("restore-next", "Next", Styles.ACCENT);
        primary.textProperty().bind(Bindings.createStringBinding(() -> switch (m.stepProperty().get()) {
            case CONFIRM -> "Restore";
            case RESULT -> "Done";
            default -> "Next";
        }, m.stepProperty()));
        m.stepProperty().subscribe(s -> {
            primary.getStyleClass().removeAll(Styles.ACCENT, Styles.DANGER);
            primary.getStyleClass().add(s == Step.CONFIRM ? Styles.DANGER : Styles.ACCENT);
        });
        primary.disableProperty().bind(m.canNextProperty().not());
        primary.setOnAction(e -> m.primary());

        DialogBox box = new DialogBox("restore-wizard", "Restore a branch", Feather.ROTATE_CCW)
                .body(stepBar, page, problem, progress).buttons(cancel, back, primary);
        box.setPrefWidth(820);
        // while Undo's question is asked, Enter must not press Done under it: the question's own buttons answer
        primary.defaultButtonProperty().bind(m.undoConfirmationProperty().isNull());
        getChildren().setAll(box);
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);

        m.stepProperty().subscribe(this::show);
        m.steps().addListener((ListChangeListener<Step>) c -> fillStepBar());
        // Escape cancels wherever the focus is (a date picker's popup keeps its own Escape)
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !e.isConsumed()) {
                m.cancel();
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
            l.setId("restore-step-" + s.name().toLowerCase());
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
    }

    // Pages

    private Node branchPage() {
        CustomTextField search = new CustomTextField();
        search.setId("restore-search");
        search.setPromptText("Find a branch by name or id");
        search.setLeft(new FontIcon(Feather.SEARCH));
        search.textProperty().bindBidirectional(model.searchProperty());
        ListView<Branch> branches = new ListView<>(model.targets());
        branches.setId("restore-targets");
        branches.setPrefHeight(230);
        branches.setPrefWidth(360);
        branches.setCellFactory(v -> new BranchCell());
        model.targetProperty().subscribe(t -> {
            if (t != null && branches.getSelectionModel().getSelectedItem() != t) {
                branches.getSelectionModel().select(t);
                branches.scrollTo(Math.max(0, branches.getItems().indexOf(t) - 2));
            }
        });
        // searching replaces the list's items; the chosen branch stays chosen where it is still listed
        model.targets().addListener((ListChangeListener<Branch>) c -> {
            Branch t = model.targetProperty().get();
            if (t != null && model.targets().contains(t)) {
                branches.getSelectionModel().select(t);
            }
        });
        branches.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.targetProperty().set(b);
            }
        });
        VBox facts = new VBox(6);
        facts.setId("restore-facts");
        facts.getStyleClass().add("details-card");
        model.targetFacts().addListener((ListChangeListener<String>) c -> fillFacts(facts));
        fillFacts(facts);
        VBox left = new VBox(8, search, branches);
        HBox.setHgrow(facts, javafx.scene.layout.Priority.ALWAYS);
        facts.setMaxWidth(Double.MAX_VALUE);
        return new HBox(16, left, facts);
    }

    private void fillFacts(VBox facts) {
        facts.getChildren().clear();
        Branch t = model.targetProperty().get();
        Label title = new Label(t == null ? "No branch chosen" : t.name());
        title.setId("restore-target-name");
        title.getStyleClass().add(Styles.TITLE_4);
        title.setWrapText(true);
        facts.getChildren().add(title);
        for (String f : model.targetFacts()) {
            Label l = DialogBox.paragraph(f);
            l.getStyleClass().add(Styles.TEXT_SMALL);
            facts.getChildren().add(l);
        }
    }

    private Node sourcePage() {
        ToggleGroup kinds = new ToggleGroup();
        ToggleButton own = kind("restore-source-own", SourceKind.OWN_HISTORY, kinds, Styles.LEFT_PILL);
        ToggleButton other = kind("restore-source-other", SourceKind.OTHER_BRANCH, kinds, Styles.RIGHT_PILL);
        model.sourceKindProperty().subscribe(k -> (k == SourceKind.OWN_HISTORY ? own : other).setSelected(true));
        Label explain = DialogBox.paragraph("");
        explain.setId("restore-source-explain");
        explain.textProperty().bind(Bindings.createStringBinding(() -> {
            Branch t = model.targetProperty().get();
            String name = t == null ? "the branch" : "\"" + t.name() + "\"";
            return model.sourceKindProperty().get() == SourceKind.OWN_HISTORY
                    ? "Rewind " + name + " to an earlier point in its own history, for example to just before data was lost."
                    : "Replace the data of " + name + " with another branch's, from its latest data or an earlier point.";
        }, model.sourceKindProperty(), model.targetProperty()));

        ComboBox<Branch> source = new ComboBox<>(model.sources());
        source.setId("restore-source-branch");
        source.setPromptText("Choose the branch to restore from");
        source.setPrefWidth(360);
        source.valueProperty().bindBidirectional(model.sourceProperty());
        source.setCellFactory(v -> new BranchCell());
        source.setButtonCell(new BranchCell());
        ToggleSwitch head = new ToggleSwitch("Restore from latest data (head)");
        head.setId("restore-from-head");
        head.selectedProperty().bindBidirectional(model.fromHeadProperty());
        Label headHint = DialogBox.paragraph("Turn this off to pick an earlier point in the source's history on the next step.");
        headHint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        VBox otherBox = new VBox(10, label("Source branch"), source, head, headHint);
        otherBox.visibleProperty().bind(model.sourceKindProperty().isEqualTo(SourceKind.OTHER_BRANCH));
        otherBox.managedProperty().bind(otherBox.visibleProperty());
        return new VBox(12, new HBox(own, other), explain, otherBox);
    }

    private ToggleButton kind(String id, SourceKind kind, ToggleGroup group, String pill) {
        ToggleButton b = new ToggleButton(kind.toString());
        b.setId(id);
        b.getStyleClass().add(pill);
        b.setToggleGroup(group);
        b.setOnAction(e -> {
            model.sourceKindProperty().set(kind);
            b.setSelected(true);
        });
        return b;
    }

    private Node confirmPage() {
        TextField backup = new TextField();
        backup.setId("restore-backup-name");
        backup.textProperty().bindBidirectional(model.backupNameProperty());
        Label hint = DialogBox.paragraph("");
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        hint.textProperty().bind(Bindings.when(model.backupRequiredProperty())
                .then("Required: the rules need a backup branch that keeps the current state.")
                .otherwise("Optional: clear the name to keep no backup of the current state."));
        Label problem = DialogBox.paragraph("");
        problem.setId("restore-backup-problem");
        problem.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        problem.textProperty().bind(text(model.backupProblemProperty()));
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());

        VBox summary = new VBox(8);
        summary.setId("restore-summary");
        model.summary().addListener((ListChangeListener<String>) c -> fillSummary(summary));
        fillSummary(summary);
        Label failure = DialogBox.paragraph("");
        failure.setId("restore-failure");
        failure.getStyleClass().add(Styles.DANGER);
        failure.textProperty().bind(Bindings.createStringBinding(() -> model.failureProperty().get() == null ? ""
                : model.failureProperty().get().sentence(), model.failureProperty()));
        failure.managedProperty().bind(failure.textProperty().isNotEmpty());
        failure.visibleProperty().bind(failure.managedProperty());
        return new VBox(10, label("Backup branch"), backup, hint, problem, label("What happens"), summary, failure);
    }

    private void fillSummary(VBox summary) {
        summary.getChildren().clear();
        for (String line : model.summary()) {
            Label l = DialogBox.paragraph(line);
            l.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
            l.getStyleClass().add("consequence");
            summary.getChildren().add(l);
        }
    }

    private Node resultPage() {
        Label outcome = DialogBox.paragraph("");
        outcome.setId("restore-outcome");
        outcome.setGraphic(new FontIcon(Feather.CHECK_CIRCLE));
        outcome.getStyleClass().add(Styles.SUCCESS);
        outcome.textProperty().bind(model.outcomeProperty());
        Hyperlink restored = new Hyperlink();
        restored.setId("restore-link-restored");
        restored.textProperty().bind(Bindings.createStringBinding(() -> model.restoredProperty().get() == null ? ""
                : "Show \"" + model.restoredProperty().get().name() + "\"", model.restoredProperty()));
        restored.setOnAction(e -> model.showRestored());
        Hyperlink backup = new Hyperlink();
        backup.setId("restore-link-backup");
        backup.textProperty().bind(Bindings.createStringBinding(() -> model.backupProperty().get() == null ? ""
                : "Show the backup \"" + model.backupProperty().get().name() + "\"", model.backupProperty()));
        backup.visibleProperty().bind(model.backupProperty().isNotNull());
        backup.managedProperty().bind(backup.visibleProperty());
        backup.setOnAction(e -> model.showBackup());

        Button undo = DialogBox.button("restore-undo", "Undo restore");
        undo.setGraphic(new FontIcon(Feather.CORNER_UP_LEFT));
        undo.disableProperty().bind(model.undoProblemProperty().isNotNull().or(model.runningProperty())
                .or(model.undoConfirmationProperty().isNotNull()));
        undo.setOnAction(e -> model.undo());
        // Undo overwrites the branch again: it asks first, in the page
        Label question = DialogBox.paragraph("");
        question.setId("restore-undo-question");
        question.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
        question.textProperty().bind(text(model.undoConfirmationProperty()));
        Button confirm = DialogBox.button("restore-undo-confirm", "Undo restore");
        confirm.getStyleClass().add(Styles.DANGER);
        confirm.setOnAction(e -> model.confirmUndo());
        Button keep = DialogBox.button("restore-undo-keep", "Keep the restore");
        keep.setOnAction(e -> model.keepRestore());
        VBox ask = new VBox(6, question, new HBox(10, confirm, keep));
        ask.managedProperty().bind(model.undoConfirmationProperty().isNotNull());
        ask.visibleProperty().bind(ask.managedProperty());
        Label undoHint = DialogBox.paragraph("");
        undoHint.setId("restore-undo-hint");
        undoHint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        undoHint.textProperty().bind(Bindings.createStringBinding(() -> model.undoProblemProperty().get() != null
                ? model.undoProblemProperty().get()
                : "Undo restores the branch from its backup's latest data, which is its state from before this restore.",
                model.undoProblemProperty()));
        Label failure = DialogBox.paragraph("");
        failure.setId("restore-undo-failure");
        failure.getStyleClass().add(Styles.DANGER);
        failure.textProperty().bind(Bindings.createStringBinding(() -> model.failureProperty().get() == null ? ""
                : model.failureProperty().get().sentence(), model.failureProperty()));
        failure.managedProperty().bind(failure.textProperty().isNotEmpty().and(model.stepProperty().isEqualTo(Step.RESULT)));
        failure.visibleProperty().bind(failure.managedProperty());
        return new VBox(10, outcome, new VBox(2, restored, backup), new HBox(10, undo), undoHint, ask, failure);
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return l;
    }

    private static ObservableValue<String> text(ObservableValue<String> nullable) {
        return Bindings.createStringBinding(() -> nullable.getValue() == null ? "" : nullable.getValue(), nullable);
    }

    private static final class BranchCell extends ListCell<Branch> {
        @Override
        protected void updateItem(Branch b, boolean empty) {
            super.updateItem(b, empty);
            if (empty || b == null) {
                setText(null);
                return;
            }
            String tags = (b.isDefault() ? "  · default" : "") + (b.isProtected() ? "  · protected" : "")
                    + (b.isRoot() ? "  · root" : "") + (b.backup() ? "  · backup" : "");
            setText(b.name() + tags);
            setPrefWidth(0); // long names end in an ellipsis instead of scrolling the list sideways
        }
    }
}
