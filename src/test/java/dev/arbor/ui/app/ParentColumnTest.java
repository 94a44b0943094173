package dev.arbor.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Branches table's Parent column, on the demo project, where dev/maria's parent is the backup its restore kept. */
class ParentColumnTest {
    private static final Pattern BACKUP = Pattern.compile("(.+)_old_\\d{4}-\\d{2}-\\d{2}T(\\d{2}:\\d{2}):.*Z");
    private final ConsoleWindow window = new ConsoleWindow();

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeWindow() throws Exception {
        window.close();
    }

    @Test
    void aBackupParentShowsItsBranchAndItsTimeInFullWithTheWholeNameOnHover() throws Exception {
        PgProjects.demo(dataDir);
        window.open(dataDir);
        Branch maria = window.backend.getBranch("dev/maria");
        String backup = window.backend.getBranch(maria.parentId()).name();
        Matcher parts = BACKUP.matcher(backup);
        assertTrue(parts.matches(), "the demo's dev/maria has a backup for its parent: " + backup);

        TableCell<?, ?> cell = WaitForAsyncUtils.asyncFx(() -> parentCellOf("dev/maria")).get();
        assertNotNull(cell, "dev/maria's row shows in the table");
        // what the column draws, after any eliding, not what it was given
        String shown = shownText(cell);
        assertTrue(shown.startsWith(parts.group(1) + " "), "the branch the backup keeps, whole: " + shown);
        assertTrue(shown.endsWith(" old " + parts.group(2)) || shown.matches(".* old \\d\\d-\\d\\d " + parts.group(2)),
                "the backup's time, whole (the window runs in UTC, like the name): " + shown);
        assertNotNull(cell.getTooltip(), "hovering shows the whole name");
        assertTrue(cell.getTooltip().getText().startsWith(backup), cell.getTooltip().getText());
    }

    @Test
    void anOrdinaryParentShowsItsNameWithoutATime() throws Exception {
        PgProjects.demo(dataDir);
        window.open(dataDir);

        TableCell<?, ?> cell = WaitForAsyncUtils.asyncFx(() -> parentCellOf("staging")).get();

        assertEquals("main", shownText(cell), "the parent's name alone");
    }

    private TableCell<?, ?> parentCellOf(String branch) {
        return window.table().lookupAll(".table-cell").stream()
                .map(n -> (TableCell<?, ?>) n)
                .filter(c -> c.getTableColumn() != null && "Parent".equals(c.getTableColumn().getText()))
                .filter(c -> c.getTableRow() != null && c.getTableRow().getItem() != null
                        && branch.equals(((dev.arbor.ui.branches.BranchRow) c.getTableRow().getItem()).name()))
                .findFirst().orElse(null);
    }

    /** The texts the cell draws, left to right: a label's {@link Text} holds the elided string when it does not fit. */
    private static String shownText(TableCell<?, ?> cell) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> cell.lookupAll(".text").stream()
                .filter(Text.class::isInstance)
                .filter(Node::isVisible)
                .filter(t -> t.getParent() != null && t.getParent().isVisible())
                .sorted(java.util.Comparator.comparingDouble(t -> t.localToScene(t.getBoundsInLocal()).getMinX()))
                .map(t -> ((Text) t).getText())
                .filter(t -> !t.isEmpty())
                .collect(Collectors.joining(" "))).get();
    }
}
