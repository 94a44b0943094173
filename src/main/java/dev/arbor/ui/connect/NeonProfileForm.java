package dev.arbor.ui.connect;

import atlantafx.base.theme.Styles;
import dev.arbor.domain.Organization;
import dev.arbor.domain.Project;
import dev.arbor.ui.common.DialogBox;
import dev.arbor.ui.common.ViewBindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Adding a Neon profile: the base URL and the API key, "Load projects", the organization (shown once the key
 * turns out to belong to one), a project to choose or its id typed, a name. The key field is a
 * {@link PasswordField}, so the key never shows on screen or in a screenshot.
 */
final class NeonProfileForm extends VBox {
    private final ViewBindings bindings = ViewBindings.of(this);

    NeonProfileForm(ConnectionsViewModel m) {
        super(6);
        Label title = new Label("Add a Neon project");
        title.getStyleClass().add(Styles.TEXT_BOLD);

        TextField baseUrl = new TextField();
        baseUrl.setId("neon-base-url");
        baseUrl.setPromptText("API base URL");
        bindings.bindBidirectional(baseUrl.textProperty(), m.neonBaseUrlProperty());
        PasswordField key = new PasswordField();
        key.setId("neon-api-key");
        key.setPromptText("Neon API key");
        key.setTooltip(new javafx.scene.control.Tooltip("Create one in the Neon Console: Account settings → API keys"
                + " for a personal key, or Organization settings → API keys for an organization's."));
        bindings.bindBidirectional(key.textProperty(), m.neonApiKeyProperty());
        HBox.setHgrow(key, Priority.ALWAYS);
        Button load = new Button("Load projects", new FontIcon(Feather.DOWNLOAD_CLOUD));
        load.setId("neon-load-projects");
        bindings.bind(load.disableProperty(), m.canLoadProjectsProperty().not());
        load.setOnAction(e -> m.loadProjects());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        bindings.bind(spinner.visibleProperty(), m.neonBusyProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());
        Button stop = new Button("Stop");
        stop.setId("neon-stop-loading");
        stop.setTooltip(new javafx.scene.control.Tooltip("Stop waiting for Neon's answer"));
        bindings.bind(stop.visibleProperty(), m.neonBusyProperty());
        stop.managedProperty().bind(stop.visibleProperty());
        stop.setOnAction(e -> m.stopLoading());
        HBox keyRow = new HBox(6, key, load, spinner, stop);
        keyRow.setAlignment(Pos.CENTER_LEFT);

        ComboBox<Project> project = new ComboBox<>(m.neonProjects());
        project.setId("neon-project");
        project.setPromptText("Project");
        project.setMaxWidth(Double.MAX_VALUE);
        project.setConverter(shownAs(p -> p.name() + "  ·  " + p.id()));
        bindings.bindBidirectional(project.valueProperty(), m.neonProjectProperty());
        bindings.bind(project.disableProperty(), javafx.beans.binding.Bindings.isEmpty(m.neonProjects()));
        ComboBox<Organization> org = new ComboBox<>(m.neonOrganizations());
        org.setId("neon-organization");
        org.setPromptText("Organization");
        org.setMaxWidth(Double.MAX_VALUE);
        org.setConverter(shownAs(o -> o.label() + "  ·  " + o.id()));
        bindings.bindBidirectional(org.valueProperty(), m.neonOrganizationProperty());
        bindings.bind(org.visibleProperty(), javafx.beans.binding.Bindings.isNotEmpty(m.neonOrganizations()));
        HBox orgRow = labelled("Organization", org);
        orgRow.visibleProperty().bind(org.visibleProperty());
        orgRow.managedProperty().bind(org.visibleProperty());
        TextField projectId = new TextField();
        projectId.setId("neon-project-id");
        projectId.setPromptText("…or type a project id, such as shiny-wind-028834");
        bindings.bindBidirectional(projectId.textProperty(), m.neonProjectIdProperty());
        TextField name = new TextField();
        name.setId("neon-profile-name");
        name.setPromptText("Profile name (the project's name if empty)");
        bindings.bindBidirectional(name.textProperty(), m.neonNameProperty());

        Label status = new Label();
        status.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        bindings.bind(status.textProperty(), m.neonStatusProperty());
        Label problem = DialogBox.paragraph("");
        problem.setId("neon-problem");
        problem.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        bindings.bind(problem.textProperty(), m.neonProblemProperty());
        Button add = new Button("Add and open", new FontIcon(Feather.PLUS));
        add.setId("add-neon-profile");
        bindings.bind(add.disableProperty(), m.canAddNeonProperty().not());
        add.setOnAction(e -> m.addNeonAndSwitch());

        getChildren().setAll(title, baseUrl, keyRow, status, orgRow, labelled("Project", project), projectId, name, problem,
                add);
    }

    /** How a chooser shows its (read-only) items: the empty string for none. */
    private static <T> StringConverter<T> shownAs(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T item) {
                return item == null ? "" : text.apply(item);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }

    /** A chooser whose value alone would not say what it is, with its name before it. */
    private static HBox labelled(String text, ComboBox<?> box) {
        Label label = new Label(text);
        label.setMinWidth(96);
        label.setLabelFor(box);
        HBox.setHgrow(box, Priority.ALWAYS);
        HBox row = new HBox(6, label, box);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
