package dev.arbor.ui.restore;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.restore.PointPickerModel.Mode;
import dev.arbor.ui.common.ViewBindings;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A point in a branch's history: a date, a time to the millisecond and the zone it is in, or an LSN;
 * the window's bounds, quick choices, what the point resolves to and why it cannot be used.
 */
public final class RestorePointPicker extends VBox {
    private final ViewBindings bindings = ViewBindings.of(this);

    /** Also the SQL editor's Time Travel picker. */
    public RestorePointPicker(PointPickerModel m) {
        super(10);
        ToggleGroup modes = new ToggleGroup();
        ToggleButton byTime = mode("restore-mode-time", Mode.TIMESTAMP, modes, m, Styles.LEFT_PILL);
        ToggleButton byLsn = mode("restore-mode-lsn", Mode.LSN, modes, m, Styles.RIGHT_PILL);
        bindings.subscribe(m.modeProperty(), mode -> (mode == Mode.LSN ? byLsn : byTime).setSelected(true));

        DatePicker date = new DatePicker();
        date.setId("restore-date");
        date.setPrefWidth(150);
        bindings.bindBidirectional(date.valueProperty(), m.dateProperty());
        TextField time = new TextField();
        time.setId("restore-time");
        time.setPromptText("HH:mm:ss.SSS");
        time.setPrefColumnCount(9);
        bindings.bindBidirectional(time.textProperty(), m.timeProperty());
        Label zone = new Label();
        zone.setId("restore-zone");
        zone.getStyleClass().add(Styles.TEXT_MUTED);
        bindings.bind(zone.textProperty(), m.zoneTextProperty());
        ToggleSwitch utc = new ToggleSwitch("UTC");
        utc.setId("restore-utc");
        bindings.bindBidirectional(utc.selectedProperty(), m.utcProperty());
        HBox timeRow = new HBox(8, date, time, zone, utc);
        timeRow.setAlignment(Pos.CENTER_LEFT);
        bindings.bind(timeRow.visibleProperty(), m.modeProperty().isEqualTo(Mode.TIMESTAMP));
        timeRow.managedProperty().bind(timeRow.visibleProperty());

        TextField lsn = new TextField();
        lsn.setId("restore-lsn");
        lsn.setPromptText("X/Y, for example 0/1DE2850");
        lsn.getStyleClass().add("mono");
        lsn.setMaxWidth(260);
        bindings.bindBidirectional(lsn.textProperty(), m.lsnProperty());
        bindings.bind(lsn.visibleProperty(), m.modeProperty().isEqualTo(Mode.LSN));
        lsn.managedProperty().bind(lsn.visibleProperty());

        Label window = hint("restore-window");
        bindings.bind(window.textProperty(), m.windowTextProperty());

        FlowPane quick = new FlowPane(6, 6);
        quick.setId("restore-quick");
        Label refusedChoices = hint("restore-quick-refused");
        bindings.onChange(() -> fillQuickChoices(m, quick, refusedChoices), m.quickChoices());
        bindings.bind(quick.visibleProperty(), m.modeProperty().isEqualTo(Mode.TIMESTAMP));
        quick.managedProperty().bind(quick.visibleProperty());
        refusedChoices.visibleProperty().bind(quick.visibleProperty().and(refusedChoices.textProperty().isNotEmpty()));
        refusedChoices.managedProperty().bind(refusedChoices.visibleProperty());

        Label resolution = DialogBox.paragraph("");
        resolution.setId("restore-resolution");
        resolution.setGraphic(new FontIcon(Feather.CHECK_CIRCLE));
        resolution.getStyleClass().add(Styles.SUCCESS);
        bindings.bind(resolution.textProperty(), m.resolutionProperty());
        bindings.bind(resolution.visibleProperty(), m.resolutionProperty().isNotEmpty().and(m.problemProperty().isNull()));
        resolution.managedProperty().bind(resolution.visibleProperty());
        Label problem = DialogBox.paragraph("");
        problem.setId("restore-point-problem");
        problem.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        bindings.bind(problem.textProperty(), Bindings.createStringBinding(() -> m.problemProperty().get() == null ? ""
                : m.problemProperty().get(), m.problemProperty()));
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        getChildren().setAll(new HBox(byTime, byLsn), timeRow, lsn, window, quick, refusedChoices, resolution, problem);
    }

    private static ToggleButton mode(String id, Mode mode, ToggleGroup group, PointPickerModel m, String pill) {
        ToggleButton b = new ToggleButton(mode.toString());
        b.setId(id);
        b.getStyleClass().add(pill);
        b.setToggleGroup(group);
        b.setOnAction(e -> {
            m.modeProperty().set(mode);
            b.setSelected(true); // a pill stays pressed
        });
        return b;
    }

    private static void fillQuickChoices(PointPickerModel m, FlowPane pane, Label refused) {
        pane.getChildren().clear();
        StringBuilder why = new StringBuilder();
        Label title = new Label("Quick choices:");
        title.getStyleClass().add(Styles.TEXT_MUTED);
        if (!m.quickChoices().isEmpty()) {
            pane.getChildren().add(title);
        }
        for (QuickChoice c : m.quickChoices()) {
            Button b = new Button(c.label());
            b.setId("restore-quick-" + c.id());
            b.getStyleClass().addAll(Styles.SMALL);
            b.setDisable(!c.allowed());
            b.setOnAction(e -> m.choose(c));
            pane.getChildren().add(b);
            if (!c.allowed()) {
                why.append(why.isEmpty() ? "" : " ").append(c.label()).append(": ").append(c.whyNot());
            }
        }
        refused.setText(why.toString());
    }

    private static Label hint(String id) {
        Label l = DialogBox.paragraph("");
        l.setId(id);
        l.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        return l;
    }
}
