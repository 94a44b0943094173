package dev.arbor.ui.create;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.arbor.domain.Branch;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.common.ExpirationPicker;
import dev.arbor.ui.common.ViewBindings;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** The Create branch dialog: binds every field to its model, shows each problem under its field. */
public final class CreateBranchDialog extends VBox {
    private final ViewBindings bindings = ViewBindings.of(this);

    public CreateBranchDialog(CreateBranchViewModel m) {
        TextField name = new TextField();
        name.setId("create-name");
        name.setPromptText("for example dev/alex");
        bindings.bindBidirectional(name.textProperty(), m.nameProperty());

        ComboBox<Branch> parent = new ComboBox<>(m.parents());
        parent.setId("create-parent");
        parent.setMaxWidth(Double.MAX_VALUE);
        bindings.bindBidirectional(parent.valueProperty(), m.parentProperty());
        parent.setCellFactory(v -> new BranchCell());
        parent.setButtonCell(new BranchCell());

        ToggleGroup points = new ToggleGroup();
        VBox pointBox = new VBox(6);
        for (PointKind kind : PointKind.values()) {
            RadioButton r = new RadioButton(kind.toString());
            r.setId("create-point-" + kind.name().toLowerCase(Locale.ROOT));
            r.setToggleGroup(points);
            r.setUserData(kind);
            r.setSelected(m.pointKindProperty().get() == kind);
            pointBox.getChildren().add(r);
        }
        points.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                m.pointKindProperty().set((PointKind) b.getUserData());
            }
        });
        TextField timestamp = new TextField();
        timestamp.setId("create-timestamp");
        timestamp.setPromptText("yyyy-MM-dd HH:mm:ss");
        bindings.bindBidirectional(timestamp.textProperty(), m.timestampProperty());
        bindings.bind(timestamp.visibleProperty(), m.pointKindProperty().isEqualTo(PointKind.TIMESTAMP));
        timestamp.managedProperty().bind(timestamp.visibleProperty());
        TextField lsn = new TextField();
        lsn.setId("create-lsn");
        lsn.setPromptText("X/Y, for example 0/1DE2850");
        bindings.bindBidirectional(lsn.textProperty(), m.lsnProperty());
        bindings.bind(lsn.visibleProperty(), m.pointKindProperty().isEqualTo(PointKind.LSN));
        lsn.managedProperty().bind(lsn.visibleProperty());
        Label window = hint();
        window.setId("create-window");
        bindings.bind(window.textProperty(), m.windowTextProperty());
        bindings.bind(window.visibleProperty(), m.pointKindProperty().isNotEqualTo(PointKind.HEAD));
        window.managedProperty().bind(window.visibleProperty());

        ToggleSwitch schemaOnly = new ToggleSwitch("Schema only (a new root branch without data)");
        schemaOnly.setId("create-schema-only");
        bindings.bindBidirectional(schemaOnly.selectedProperty(), m.schemaOnlyProperty());
        ToggleSwitch protect = new ToggleSwitch("Protected");
        protect.setId("create-protected");
        bindings.bindBidirectional(protect.selectedProperty(), m.protectProperty());
        ToggleSwitch compute = new ToggleSwitch("Add a read-write compute");
        compute.setId("create-compute");
        bindings.bindBidirectional(compute.selectedProperty(), m.addComputeProperty());

        ExpirationPicker expirationRow = new ExpirationPicker("create-expiration", m.expirationProperty(),
                m.customExpirationProperty());

        Label failure = problem("create-failure");
        bindings.subscribe(m.failureProperty(), e -> failure.setText(e == null ? "" : e.sentence()));

        Button cancel = DialogBox.button("dialog-cancel", "Cancel");
        cancel.setOnAction(e -> m.cancel());
        // a branch being made cannot be called back: Cancel is off, and Stop waiting closes the dialog while the
        // status says the branch may still appear
        bindings.bind(cancel.disableProperty(), m.creatingProperty());
        Button stop = DialogBox.button("create-stop-waiting", "Stop waiting");
        stop.setOnAction(e -> m.cancel());
        bindings.bind(stop.visibleProperty(), m.creatingProperty());
        stop.managedProperty().bind(stop.visibleProperty());
        Button create = DialogBox.button("create-submit", "Create branch", Styles.ACCENT);
        bindings.bind(create.textProperty(), Bindings.when(m.creatingProperty()).then("Creating…").otherwise("Create branch"));
        bindings.bind(create.disableProperty(), m.canCreateProperty().not());
        create.setOnAction(e -> m.create());

        DialogBox box = new DialogBox("create-dialog", "Create branch", Feather.GIT_BRANCH).body(
                field("Name", name, bound(problem("create-name-problem"), m.nameProblemProperty())),
                field("Parent", parent, bound(problem("create-parent-problem"), m.parentProblemProperty())),
                field("Include data up to", pointBox, timestamp, lsn, window,
                        bound(problem("create-point-problem"), m.pointProblemProperty())),
                new VBox(8, schemaOnly, protect, compute),
                field("Automatically delete after", expirationRow,
                        bound(problem("create-expiration-problem"), m.expirationProblemProperty())),
                failure).buttons(cancel, stop, create);
        box.setPrefWidth(560);
        getChildren().setAll(box);
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
    }

    private static Node field(String title, Node... nodes) {
        Label label = new Label(title);
        label.getStyleClass().add(Styles.TEXT_BOLD);
        VBox box = new VBox(4, label);
        box.getChildren().addAll(nodes);
        return box;
    }

    private static Label hint() {
        Label l = DialogBox.paragraph("");
        l.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        return l;
    }

    private static Label problem(String id) {
        Label l = DialogBox.paragraph("");
        l.setId(id);
        l.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.managedProperty());
        return l;
    }

    private Label bound(Label l, javafx.beans.value.ObservableValue<String> text) {
        bindings.bind(l.textProperty(), javafx.beans.binding.Bindings.createStringBinding(
                () -> text.getValue() == null ? "" : text.getValue(), text));
        return l;
    }

    private static final class BranchCell extends ListCell<Branch> {
        @Override
        protected void updateItem(Branch b, boolean empty) {
            super.updateItem(b, empty);
            setText(empty || b == null ? null : b.isDefault() ? b.name() + "  (default)" : b.name());
        }
    }
}
