package dev.arbor.ui.app;

import atlantafx.base.controls.Message;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import dev.arbor.ui.common.Dialogs;
import dev.arbor.ui.common.UserError;
import dev.arbor.ui.common.ViewBindings;
import dev.arbor.ui.connect.ConnectionsDialog;
import java.util.Objects;
import javafx.application.Application;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The console window: a header with the project, the connection switcher and the theme switch, the
 * Branches page, and a status area. While the project opens, or when it cannot be opened, the page
 * area says so. In-window dialogs lie over everything.
 */
public final class MainWindow extends StackPane {
    static final String STYLESHEET = Objects.requireNonNull(
            MainWindow.class.getResource("/css/arbor.css"), "css/arbor.css is missing from the resources").toExternalForm();

    private final ConsoleViewModel model;
    private final BorderPane frame = new BorderPane();
    private final StackPane content = new StackPane();
    private final Button themeToggle = new Button();
    private final Dialogs dialogs = new Dialogs();
    private final ViewBindings bindings = ViewBindings.of(this);

    public MainWindow(ConsoleViewModel model) {
        this.model = model;
        createView();
        initListeners();
    }

    /** The window's in-window dialogs. */
    public Dialogs dialogs() {
        return dialogs;
    }

    private void createView() {
        getStyleClass().add("main-window");
        getStylesheets().add(STYLESHEET);
        frame.setTop(createHeader());
        frame.setCenter(content);
        frame.setBottom(new StatusArea(model, dialogs));
        getChildren().setAll(frame, dialogs.pane());
    }

    private Node createHeader() {
        FontIcon logo = new FontIcon(Feather.GIT_BRANCH);
        logo.getStyleClass().add("app-logo");
        Label project = new Label();
        project.setId("project-name");
        project.getStyleClass().add(Styles.TITLE_4);
        bindings.bind(project.textProperty(), model.projectNameProperty());
        Label location = new Label();
        location.setId("project-location");
        location.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        bindings.bind(location.textProperty(), model.locationProperty());
        VBox titles = new VBox(2, project, location);
        titles.setAlignment(Pos.CENTER_LEFT);

        Button connections = new Button("Switch project", new FontIcon(Feather.DATABASE));
        connections.setId("switch-connection");
        connections.getStyleClass().add(Styles.FLAT);
        connections.setTooltip(new Tooltip("Open another project: a data directory, the demo or a Neon project"));
        connections.setOnAction(e -> model.openConnections());

        themeToggle.setId("theme-toggle");
        themeToggle.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        themeToggle.setOnAction(e -> model.toggleTheme());

        HBox header = new HBox(12, logo, titles, new Spacer(), connections, themeToggle);
        header.getStyleClass().add("app-header");
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private void initListeners() {
        bindings.subscribe(model.darkThemeProperty(), this::applyTheme);
        bindings.subscribe(model.phaseProperty(), this::showPhase);
        bindings.subscribe(model.connectionsProperty(), c -> {
            if (c != null) {
                dialogs.show(new ConnectionsDialog(c));
            } else {
                dialogs.hide();
            }
        });
    }

    private void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        themeToggle.setGraphic(new FontIcon(dark ? Feather.SUN : Feather.MOON));
        themeToggle.setTooltip(new Tooltip(dark ? "Switch to the light theme" : "Switch to the dark theme"));
    }

    // The model sets the page before it reports READY, so READY always has a page to show.
    private void showPhase(ConsoleViewModel.Phase phase) {
        BranchesPageViewModel page = model.pageProperty().get();
        switch (phase) {
            case OPENING -> content.getChildren().setAll(openingPane());
            case FAILED -> content.getChildren().setAll(failedPane(model.openErrorProperty().get()));
            case READY -> {
                if (page != null) {
                    content.getChildren().setAll(new BranchesPage(page, dialogs));
                    showLiveIndicator(page);
                }
            }
            case CLOSED -> content.getChildren().clear();
        }
    }

    private Node openingPane() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(36, 36);
        Label text = new Label();
        text.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(12, spinner, text);
        ViewBindings.of(box).bind(text.textProperty(), model.statusProperty());
        box.setAlignment(Pos.CENTER);
        return box;
    }

    private Node failedPane(UserError error) {
        Message message = new Message("Arbor could not open the project",
                error == null ? null : error.sentence(), new FontIcon(Feather.ALERT_TRIANGLE));
        message.setId("open-error");
        message.getStyleClass().add(Styles.DANGER);
        message.setMaxWidth(620);
        Label code = new Label(error == null ? "" : "Code: " + error.code());
        code.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Button retry = new Button("Try again", new FontIcon(Feather.REFRESH_CW));
        retry.setId("retry-open");
        retry.setOnAction(e -> model.open());
        Button other = new Button("Open another project", new FontIcon(Feather.DATABASE));
        other.setOnAction(e -> model.openConnections());
        HBox actions = new HBox(12, retry, other, code);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.setMaxWidth(620);
        VBox box = new VBox(12, message, actions);
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add("page");
        return box;
    }

    /** The page's own indicator: the one it replaces stops following the page before. */
    private void showLiveIndicator(BranchesPageViewModel page) {
        FontIcon icon = new FontIcon(Feather.ACTIVITY);
        icon.getStyleClass().add("live-icon");
        Label text = new Label();
        text.getStyleClass().add(Styles.TEXT_SMALL);
        HBox liveIndicator = new HBox(6, icon, text);
        ViewBindings.of(liveIndicator).subscribe(page.list().liveUpdatesProperty(), live -> {
            text.setText(live ? "Live" : "Not following changes; use Refresh");
            icon.getStyleClass().removeAll("live", "paused");
            icon.getStyleClass().add(live ? "live" : "paused");
        });
        StatusArea area = (StatusArea) frame.getBottom();
        area.setTrailing(liveIndicator);
    }
}
