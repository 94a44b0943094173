package dev.arbor.ui.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Project;
import dev.arbor.ui.common.InMemorySettings;
import dev.arbor.ui.common.SameThreadUiExecutor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The switcher's Neon form, headless: the key stays in a password field and out of every label. */
class ConnectionsDialogTest {
    private static final String KEY = "dialog-key-8c1e";
    private final FxRobot robot = new FxRobot();
    private final List<ConnectionProfile> switched = new ArrayList<>();
    private final FakeNeonAccess neon = new FakeNeonAccess(KEY,
            List.of(new Project("shop-42", "Shop", 86_400, Project.Limits.DEFAULT, Instant.EPOCH, Instant.EPOCH)));
    private Stage stage;

    @BeforeAll
    static void startToolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws TimeoutException {
        FxToolkit.cleanupStages();
    }

    @Test
    void aNeonProfileIsAddedThroughTheFormWithoutTheKeyOnScreen() throws TimeoutException {
        ConnectionsViewModel model = new ConnectionsViewModel(new InMemorySettings(), new SameThreadUiExecutor(), neon,
                List.of(new ConnectionProfile.Embedded("Demo project", Path.of("/tmp/arbor-demo"), true)), null,
                switched::add, () -> { });
        stage = FxToolkit.setupStage(s -> {
            s.setScene(new Scene(new ConnectionsDialog(model), 640, 900));
            s.sizeToScene(); // the shared stage keeps an earlier test's size otherwise
            s.show();
            s.toFront();
            s.requestFocus();
        });

        assertInstanceOf(PasswordField.class, robot.lookup("#neon-api-key").query());
        assertTrue(robot.lookup("#neon-load-projects").queryAs(Button.class).isDisabled(), "no key yet");
        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#neon-api-key").queryAs(PasswordField.class).setText(KEY));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#neon-load-projects");
        WaitForAsyncUtils.waitForFxEvents();

        ComboBox<?> projects = robot.lookup("#neon-project").queryAs(ComboBox.class);
        assertEquals("shop-42", ((Project) projects.getValue()).id(), "the only project is chosen");
        assertFalse(robot.lookup("#add-neon-profile").queryAs(Button.class).isDisabled());
        assertTrue(shownText(stage.getScene().getRoot()).stream().noneMatch(t -> t.contains(KEY)),
                "the key shows nowhere but masked in its field");

        robot.clickOn("#add-neon-profile");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(new ConnectionProfile.Neon("Shop", FakeNeonAccess.DEFAULT_URL, "shop-42")), switched);
        assertEquals(KEY, neon.savedKeys.get("Shop"));
    }

    @Test
    void theOrganizationListAppearsWhenTheKeyBelongsToSeveralAndChoosingOneListsItsProjects() throws Exception {
        dev.arbor.domain.Organization acme = new dev.arbor.domain.Organization("org-acme-1", "Acme", "acme");
        dev.arbor.domain.Organization beta = new dev.arbor.domain.Organization("org-beta-2", "Beta", "beta");
        neon.organizations = List.of(acme, beta);
        neon.projectsByOrg.put(beta.id(), List.of(new Project("blog-7", "Blog", 86_400, Project.Limits.DEFAULT,
                Instant.EPOCH, Instant.EPOCH)));
        ConnectionsViewModel model = new ConnectionsViewModel(new InMemorySettings(), new SameThreadUiExecutor(), neon,
                List.of(), null, switched::add, () -> { });
        stage = FxToolkit.setupStage(s -> {
            javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
            ConnectionsDialog dialog = new ConnectionsDialog(model);
            dialog.setPadding(new javafx.geometry.Insets(16));
            s.setScene(new Scene(dialog, 600, 680));
            s.sizeToScene(); // the shared stage keeps an earlier test's size otherwise
            s.show();
            s.toFront();
            s.requestFocus();
        });
        ComboBox<?> orgs = robot.lookup("#neon-organization").queryAs(ComboBox.class);
        assertFalse(orgs.isVisible(), "no organization list before the key is known to need one");

        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#neon-api-key").queryAs(PasswordField.class).setText(KEY));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#neon-load-projects");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(orgs.isVisible());
        assertEquals(2, orgs.getItems().size());

        WaitForAsyncUtils.asyncFx(() -> model.neonOrganizationProperty().set(beta));
        WaitForAsyncUtils.waitForFxEvents();
        ComboBox<?> projects = robot.lookup("#neon-project").queryAs(ComboBox.class);
        assertEquals("blog-7", ((Project) projects.getValue()).id());
        assertEquals(beta, orgs.getValue());
        dev.arbor.ui.Screenshots.write(stage.getScene(), "switch-project-organization-light.png");
    }

    @Test
    void aLongDataDirectoryNeverSqueezesTheOpenButton() throws TimeoutException {
        Path deep = Path.of("/home/someone/.local/share/arbor/projects/a-project-with-a-rather-long-name/and/deeper/still");
        ConnectionsViewModel model = new ConnectionsViewModel(new InMemorySettings(), new SameThreadUiExecutor(), neon,
                List.of(new ConnectionProfile.Embedded("Deep project", deep, true)), null, switched::add, () -> { });
        stage = FxToolkit.setupStage(s -> {
            javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
            s.setScene(new Scene(new ConnectionsDialog(model), 520, 700));
            s.sizeToScene(); // the shared stage keeps an earlier test's size otherwise
            s.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        Button open = robot.lookup("#open-profile-0").queryAs(Button.class);
        assertTrue(open.getWidth() >= open.prefWidth(-1) - 0.5,
                "the button shows \"Open\" whole: " + open.getWidth() + " < " + open.prefWidth(-1));
    }

    /** The text of every label, button and plain text field; a password field shows only bullets. */
    private static List<String> shownText(Node node) {
        List<String> out = new ArrayList<>();
        if (node instanceof Labeled l && l.getText() != null) {
            out.add(l.getText());
        }
        if (node instanceof TextInputControl t && !(t instanceof PasswordField)) {
            out.add(t.getText());
        }
        if (node instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> out.addAll(shownText(c)));
        }
        return out;
    }
}
