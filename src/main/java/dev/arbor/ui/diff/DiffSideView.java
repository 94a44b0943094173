package dev.arbor.ui.diff;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.arbor.domain.Branch;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.restore.PointPickerModel;
import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** One side of the Schema diff: the branch, then its head or a time or an LSN in its history, and why not yet. */
final class DiffSideView extends VBox {

    /** {@code id} prefixes every control's id ({@code diff-base}, {@code diff-compared}). */
    DiffSideView(String id, String title, DiffSide side, ObservableList<Branch> branches) {
        super(6);
        setId(id);
        getStyleClass().add("diff-side");
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TEXT_BOLD);

        ComboBox<Branch> branch = new ComboBox<>(branches);
        branch.setId(id + "-branch");
        branch.setMaxWidth(Double.MAX_VALUE);
        branch.valueProperty().bindBidirectional(side.branchProperty());
        // one converter names a branch alike in the list and in the button
        branch.setConverter(new StringConverter<>() {
            @Override
            public String toString(Branch b) {
                return b == null ? "" : b.isDefault() ? b.name() + "  (default)" : b.name();
            }

            @Override
            public Branch fromString(String text) {
                return null; // the combo is not editable
            }
        });

        ToggleGroup group = new ToggleGroup();
        HBox pills = new HBox();
        DiffSide.At[] all = DiffSide.At.values();
        for (int i = 0; i < all.length; i++) {
            DiffSide.At at = all[i];
            ToggleButton b = new ToggleButton(at.toString());
            b.setId(id + "-at-" + at.name().toLowerCase(java.util.Locale.ROOT));
            b.getStyleClass().add(i == 0 ? Styles.LEFT_PILL : i == all.length - 1 ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
            b.setToggleGroup(group);
            b.setOnAction(e -> {
                side.atProperty().set(at);
                b.setSelected(true); // a pill stays pressed
            });
            pills.getChildren().add(b);
        }
        side.atProperty().subscribe(at -> ((ToggleButton) pills.getChildren().get(at.ordinal())).setSelected(true));

        PointPickerModel picker = side.picker();
        DatePicker date = new DatePicker();
        date.setId(id + "-date");
        date.setPrefWidth(140);
        date.valueProperty().bindBidirectional(picker.dateProperty());
        TextField time = new TextField();
        time.setId(id + "-time");
        time.setPromptText("HH:mm:ss.SSS");
        time.setPrefColumnCount(8);
        time.textProperty().bindBidirectional(picker.timeProperty());
        ToggleSwitch utc = new ToggleSwitch("UTC");
        utc.setId(id + "-utc");
        utc.selectedProperty().bindBidirectional(picker.utcProperty());
        HBox timeRow = new HBox(8, date, time, utc);
        timeRow.setAlignment(Pos.CENTER_LEFT);
        timeRow.visibleProperty().bind(side.atProperty().isEqualTo(DiffSide.At.TIME));
        timeRow.managedProperty().bind(timeRow.visibleProperty());

        TextField lsn = new TextField();
        lsn.setId(id + "-lsn");
        lsn.setPromptText("X/Y, for example 0/1DE2850");
        lsn.getStyleClass().add("mono");
        lsn.textProperty().bindBidirectional(picker.lsnProperty());
        lsn.visibleProperty().bind(side.atProperty().isEqualTo(DiffSide.At.LSN));
        lsn.managedProperty().bind(lsn.visibleProperty());

        Label window = small(id + "-window", Styles.TEXT_MUTED);
        window.textProperty().bind(picker.windowTextProperty());
        window.visibleProperty().bind(side.atProperty().isNotEqualTo(DiffSide.At.HEAD));
        window.managedProperty().bind(window.visibleProperty());

        Label problem = small(id + "-problem", Styles.DANGER);
        problem.textProperty().bind(Bindings.createStringBinding(() -> side.problemProperty().get() == null ? ""
                : side.problemProperty().get(), side.problemProperty()));
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        getChildren().setAll(heading, branch, pills, timeRow, lsn, window, problem);
    }

    private static Label small(String id, String style) {
        Label l = DialogBox.paragraph("");
        l.setId(id);
        l.getStyleClass().addAll(Styles.TEXT_SMALL, style);
        return l;
    }
}
