package dev.arbor.ui.branches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.InitSource;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Branch column on a window too narrow for a long name and its badges: the name stays readable. */
class BranchNameCellTest {
    private static final Instant T = Instant.parse("2026-11-20T09:00:00Z");

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeStage() throws Exception {
        FxToolkit.setupStage(stage -> stage.hide());
    }

    private static Branch protectedBranch(String name) {
        return new Branch("br-1", "p1", name, null, null, null, false, true, BranchState.READY, null, T, 1024,
                "console", "tester", T, T, null, null, null, InitSource.PARENT_DATA, true, false, false, null, null);
    }

    /** Shows the row in a table whose Branch column is {@code width} wide; returns the cell's labels in order. */
    private static List<Label> shown(BranchRow row, double width) throws Exception {
        FxToolkit.setupStage(stage -> {
            TableView<BranchRow> table = new TableView<>();
            TableColumn<BranchRow, BranchRow> branch = new TableColumn<>("Branch");
            branch.setCellValueFactory(c -> new SimpleObjectProperty<>(c.getValue()));
            branch.setCellFactory(c -> new BranchNameCell());
            branch.setPrefWidth(width);
            branch.setMinWidth(width);
            branch.setMaxWidth(width);
            table.getColumns().add(branch);
            table.getItems().add(row);
            Scene scene = new Scene(table, width + 40, 120);
            scene.getStylesheets().add(Objects.requireNonNull(
                    BranchNameCellTest.class.getResource("/css/arbor.css")).toExternalForm());
            stage.setScene(scene);
            stage.sizeToScene(); // the shared stage keeps an earlier test's size otherwise
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return WaitForAsyncUtils.asyncFx(() -> {
            Node cell = FxToolkit.toolkitContext().getRegisteredStage().getScene().getRoot()
                    .lookupAll(".branch-name").iterator().next();
            return ((javafx.scene.layout.HBox) cell.getParent()).getChildren().stream().map(n -> (Label) n).toList();
        }).get();
    }

    @Test
    void aNarrowColumnKeepsTheStartOfALongNameAndCutsTheBadgeAfterIt() throws Exception {
        BranchRow row = BranchRow.of(protectedBranch("preview/pr-142-checkout-redesign"), null, null, ZoneOffset.UTC, T);
        List<Label> labels = shown(row, 200);
        Label name = labels.get(0);
        Label badge = labels.get(1);
        assertEquals("PROTECTED", badge.getText());
        assertTrue(name.getWidth() >= BranchNameCell.NAME_KEEPS - 1,
                "the name keeps about fifteen characters, not \"pr…\": " + name.getWidth());
        assertTrue(badge.getWidth() >= BranchNameCell.BADGE_KEEPS - 1, "the badge is cut, not gone: " + badge.getWidth());
    }

    @Test
    void aShortNameTakesOnlyItsOwnWidthAndItsBadgeFollowsIt() throws Exception {
        BranchRow row = BranchRow.of(protectedBranch("main"), null, null, ZoneOffset.UTC, T);
        List<Label> labels = shown(row, 240);
        Label name = labels.get(0);
        Label badge = labels.get(1);
        assertTrue(name.getWidth() < 60, "no gap after a short name: " + name.getWidth());
        assertEquals(badge.prefWidth(-1), badge.getWidth(), 1, "a badge with room shows whole");
    }
}
