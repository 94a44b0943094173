package dev.arbor.ui.app;

import static dev.arbor.ui.app.ConsoleWindow.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.controls.Message;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.engine.DataDirs;
import dev.arbor.testing.NoConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Connect, as a person uses it: from the details panel, the Actions menu, the palette and the keyboard, over a
 * project whose branches are real Postgres databases. The copied connection string must really connect.
 */
class ConnectFlowTest {
    private final ConsoleWindow window = new ConsoleWindow();

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeWindow() throws Exception {
        System.clearProperty("arbor.home");
        window.close();
    }

    private void openProject(boolean connectable) throws Exception {
        System.setProperty("arbor.home", home.toString());
        if (!connectable) {
            window.wrap = NoConnections::over;
        }
        window.open(DataDirs.defaultDataDir());
        // main's compute runs, as on a branch in use: the dialog's lists are read through it
        window.backend.startEndpoint(window.backend.listEndpoints(window.backend.getBranch("main").id()).get(0).id());
        waitFor(() -> window.table().getItems().stream().anyMatch(r -> r.name().equals("main") && r.compute().equals("Active")));
        window.select("main");
        waitFor(() -> window.robot.lookup("#details-connect").tryQuery().map(n -> n.getScene() != null).orElse(false));
    }

    private boolean dialogOpen() {
        return window.robot.lookup("#connect-dialog").tryQuery().isPresent();
    }

    private String uriText() {
        return window.robot.lookup("#connect-uri").queryAs(TextArea.class).getText();
    }

    private void closeDialog() throws Exception {
        window.robot.clickOn("#dialog-cancel");
        waitFor(() -> !dialogOpen());
    }

    @Test
    void openRevealCopyAndTheCopiedConnectionStringConnects() throws Exception {
        openProject(true);
        String main = window.backend.getBranch("main").id();
        String password = window.backend.revealPassword(main, "neondb_owner");
        int port = window.backend.connectionDetails(main, "neondb", "neondb_owner").port();

        window.robot.clickOn("#details-connect");
        waitFor(() -> dialogOpen() && uriText().contains("********"));
        assertEquals("neondb", window.robot.lookup("#connect-database").queryAs(ComboBox.class).getValue());
        assertEquals("neondb_owner", window.robot.lookup("#connect-role").queryAs(ComboBox.class).getValue());
        assertFalse(uriText().contains(password), "the password is hidden until asked for");
        assertEquals("psql \"postgresql://neondb_owner@127.0.0.1:" + port + "/neondb\"",
                window.robot.lookup("#connect-psql").queryAs(TextArea.class).getText());
        assertTrue(window.robot.lookup("#connect-copy-uri").queryAs(Button.class).getTooltip().getText()
                .contains("with its password"));
        window.snapshot("connect-dialog-light.png", "#connect-dialog");

        window.robot.clickOn("#connect-show-password");
        waitFor(() -> uriText().contains(password));
        assertEquals("Hide password", window.robot.lookup("#connect-show-password").queryAs(Button.class).getText());
        window.robot.clickOn("#connect-show-password");
        waitFor(() -> !uriText().contains(password));

        window.robot.clickOn("#connect-copy-uri");
        WaitForAsyncUtils.waitForFxEvents();
        String copied = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get();
        assertTrue(copied.contains(password), "the clipboard gets the real connection string");
        assertEquals("neondb_owner@neondb", whoAmI(copied));
        assertEquals("Copied the connection string, password included.",
                window.robot.lookup("#connect-copied").queryAs(javafx.scene.control.Label.class).getText());

        WaitForAsyncUtils.asyncFx(window.console::toggleTheme).get();
        window.snapshot("connect-dialog-dark.png", "#connect-dialog");
        closeDialog();
    }

    @Test
    void theActionsMenuThePaletteAndTheShortcutOpenConnectToo() throws Exception {
        openProject(true);

        ConsoleWindow.chooseAction(window.robot, "#action-connect");
        waitFor(() -> dialogOpen() && uriText().contains("********"));
        closeDialog();

        window.robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        waitFor(() -> window.robot.lookup("#palette-query").tryQuery().isPresent());
        window.robot.write("Connect");
        WaitForAsyncUtils.waitForFxEvents();
        window.robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(this::dialogOpen);
        closeDialog();

        window.robot.clickOn("#branch-table");
        window.select("main");
        window.robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.C).release(KeyCode.C, KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor(this::dialogOpen);
        // Escape presses Close
        window.robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(() -> !dialogOpen());
    }

    @Test
    void aProjectWithoutConnectionsSaysSoInTheDialog() throws Exception {
        openProject(false);
        window.robot.clickOn("#details-connect");
        waitFor(() -> dialogOpen() && window.robot.lookup("#connect-problem").query().isVisible()
                && !java.util.Objects.toString(window.robot.lookup("#connect-problem").queryAs(Message.class).getDescription(), "").isEmpty());
        assertEquals("This project's branches have no computes a client can connect to.",
                window.robot.lookup("#connect-problem").queryAs(Message.class).getDescription());
        assertFalse(window.robot.lookup("#connect-connection").query().isVisible());
        window.snapshot("connect-dialog-unavailable-light.png", "#connect-dialog");
        closeDialog();
    }

    private static String whoAmI(String uri) throws Exception {
        ConnectionDetails d = ConnectionDetails.parse(null, uri);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + d.host() + ":" + d.port() + "/"
                + d.database(), d.role(), d.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_user || '@' || current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
