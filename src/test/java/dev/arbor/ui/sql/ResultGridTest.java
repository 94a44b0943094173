package dev.arbor.ui.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The result grid's columns as shown: a short column keeps its name readable (seen: "co…" over counts). */
class ResultGridTest {
    private ResultGrid grid;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeStage() throws Exception {
        FxToolkit.setupStage(stage -> stage.hide());
    }

    @Test
    void aColumnOfShortValuesIsAsWideAsItsNameNeedsOnceShown() throws Exception {
        SqlResult result = SqlResult.rows("select status, count(*) from orders group by 1", List.of("status", "count"),
                List.of(List.of("delivered", "14"), List.of("paid", "16")), false, 11);
        FxToolkit.setupStage(stage -> {
            grid = new ResultGrid(result);
            stage.setScene(new Scene(grid, 600, 200));
            stage.sizeToScene(); // the shared stage keeps an earlier test's size otherwise
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        for (TableColumn<List<String>, ?> c : grid.getColumns()) {
            assertTrue(c.getWidth() >= 80, c.getText() + " is " + c.getWidth() + " px wide");
        }
    }
}
