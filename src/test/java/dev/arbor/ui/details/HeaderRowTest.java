package dev.arbor.ui.details;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The details panel's header at the widths the divider allows: a name is never broken inside a word to make room
 * for the Connect and Actions buttons; they move under it instead (seen: "dev/arju" over "n" in a 390 px panel).
 */
class HeaderRowTest {
    private Label name;
    private HBox buttons;
    private Label idLine;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeStage() throws Exception {
        FxToolkit.setupStage(stage -> stage.hide());
    }

    private void show(String text, double width) throws Exception {
        FxToolkit.setupStage(stage -> {
            name = new Label(text);
            name.setStyle("-fx-font-size: 24px");
            name.setWrapText(true);
            name.setMinWidth(0);
            buttons = new HBox(8, new Button("Connect"), new Button("Actions"));
            HeaderRow row = new HeaderRow(new VBox(name), buttons);
            idLine = new Label("ID br-proud-violet-0fbe8b39");
            VBox root = new VBox(6, row, idLine); // as in the panel: the ID line follows the header
            root.setPrefWidth(width);
            stage.setScene(new Scene(root, width, 200));
            stage.sizeToScene(); // the shared stage keeps an earlier test's size otherwise
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private double singleLineHeight() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> name.prefHeight(-1)).get();
    }

    @Test
    void aNameThatFitsBesideTheButtonsSharesTheirRow() throws Exception {
        show("main", 600);
        assertEquals(0, buttons.getLayoutY(), "the buttons are on the name's row");
        assertTrue(buttons.getLayoutX() > name.getWidth(), "beside the name, to its right");
    }

    @Test
    void aNameTooWideToShareTheRowKeepsItsWordsAndTheButtonsGoUnderIt() throws Exception {
        show("dev/arjun", 220);
        assertEquals(singleLineHeight(), name.getHeight(), 0.5, "the name is on one line, not broken inside a word");
        assertTrue(name.getWidth() >= name.prefWidth(-1) - 0.5, "the whole name is shown");
        assertTrue(buttons.getLayoutY() >= name.getHeight(), "the buttons are under the name");
        assertTrue(idLine.getLayoutY() >= buttons.getLayoutY() + buttons.getHeight(), "and the next line under them");
    }
}
