package dev.arbor.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.branches.BranchRow;
import dev.arbor.ui.common.InMemorySettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.util.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The branch table's selection kept in step with the page's, without a table: a recording stands in for it, and
 * reports what a table would report.
 */
class TableSelectionTest {
    @TempDir
    Path dataDir;

    private PageOnEngine fixture;
    private EmbeddedBackend backend;
    private BranchesPageViewModel page;
    private TableSelection selection;
    /** What the table was asked to show, in order. */
    private final List<TableSelection.Shown> asked = new ArrayList<>();
    private Subscription following;

    @BeforeEach
    void open() {
        fixture = new PageOnEngine(dataDir);
        backend = fixture.backend;
        backend.createBranch(CreateBranchSpec.named("beta"));
        backend.createBranch(CreateBranchSpec.named("delta"));
        page = fixture.page;
        selection = page.tableSelection();
        following = selection.follow(asked::add);
        asked.clear();
    }

    @AfterEach
    void close() {
        following.unsubscribe();
        fixture.close();
    }

    private String id(String name) {
        return backend.getBranch(name).id();
    }

    private int row(String name) {
        List<BranchRow> rows = page.list().visibleRows();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name + " is not shown");
    }

    private TableSelection.Shown last() {
        return asked.get(asked.size() - 1);
    }

    @Test
    void rowsChosenInTheTableBecomeThePagesSelectionWithTheFocusedOneShown() {
        selection.tableChanged(List.of(id("main"), id("delta")), id("delta"));

        assertEquals(List.of(id("main"), id("delta")), page.selectedIds());
        assertEquals(id("delta"), page.selectedIdProperty().get());
        assertEquals("delta", page.details().factsProperty().get().name());
        assertTrue(asked.isEmpty(), "the table is not told what it already shows");
    }

    @Test
    void aBranchChosenElsewhereIsSelectedInTheTableWithRowsAboveItInView() {
        for (int i = 0; i < 6; i++) {
            backend.createBranch(CreateBranchSpec.named("feature-" + i));
        }
        page.select(id("feature-5"));

        int at = row("feature-5");
        assertEquals(new TableSelection.Shown(List.of(at), at, at - 3), last());
    }

    @Test
    void aBranchTheTableAlreadyHasInFocusIsNotSelectedAgain() {
        selection.tableChanged(List.of(id("beta")), id("beta"));
        page.select(id("beta"));

        assertTrue(asked.isEmpty());
    }

    @Test
    void whatTheTableReportsWhileShowingWhatItWasAskedIsNotThePersonsChoice() {
        following.unsubscribe();
        following = selection.follow(shown -> {
            selection.tableChanged(List.of(), null); // a table clears its selection before it selects
            asked.add(shown);
        });

        page.select(id("delta"));

        assertEquals(id("delta"), page.selectedIdProperty().get());
        assertEquals(List.of(id("delta")), page.selectedIds());
    }

    @Test
    void whatTheTableReportsWhileTheListReplacesItsRowsIsNotThePersonsChoice() {
        // a table loses its selection when its rows are replaced
        page.list().visibleRows().addListener((ListChangeListener<BranchRow>) c -> selection.tableChanged(List.of(), null));
        selection.tableChanged(List.of(id("beta")), id("beta"));

        backend.createBranch(CreateBranchSpec.named("alpha"));

        assertEquals(List.of(id("beta")), page.selectedIds());
        assertEquals(new TableSelection.Shown(List.of(row("beta")), row("beta"), -1), last());
    }

    @Test
    void rowsAChangeReplacesKeepTheSelectionOnTheSameBranchesInTheTablesSortOrder() {
        selection.tableChanged(List.of(id("beta"), id("delta")), id("beta"));
        page.list().sortOrderProperty().set(Comparator.comparing(BranchRow::name).reversed());

        backend.createBranch(CreateBranchSpec.named("alpha")); // a change: the rows are replaced

        assertEquals(new TableSelection.Shown(List.of(row("delta"), row("beta")), row("beta"), -1), last());
        assertEquals(List.of(id("beta"), id("delta")), page.selectedIds());
    }

    @Test
    void aDeletedBranchLeavesTheSelectionAndTheTable() {
        selection.tableChanged(List.of(id("beta"), id("delta")), id("beta"));

        backend.deleteBranch(id("delta"));

        assertEquals(List.of(id("beta")), page.selectedIds());
        assertEquals(id("beta"), page.selectedIdProperty().get());
        assertEquals(new TableSelection.Shown(List.of(row("beta")), row("beta"), -1), last());
    }

    @Test
    void deletingTheFocusedBranchEmptiesTheSelectionAndTheTables() {
        selection.tableChanged(List.of(id("beta"), id("delta")), id("delta"));

        backend.deleteBranch(id("delta"));

        assertTrue(page.selectedIds().isEmpty());
        assertNull(page.selectedIdProperty().get());
        assertEquals(new TableSelection.Shown(List.of(), -1, -1), last());
    }

    @Test
    void aTableThatStoppedFollowingIsToldNothing() {
        following.unsubscribe();

        page.select(id("beta"));
        backend.createBranch(CreateBranchSpec.named("alpha"));

        assertTrue(asked.isEmpty());
    }

    @Test
    void aTableThatStartsFollowingIsShownThePagesSelectionAtOnce() {
        following.unsubscribe();
        page.select(id("delta"));

        following = selection.follow(asked::add);

        assertEquals(new TableSelection.Shown(List.of(row("delta")), row("delta"), -1), last());
    }

    @Test
    void theTableOrTheTreeAndTheDividerAreRememberedInTheSettings() {
        InMemorySettings settings = new InMemorySettings();
        settings.setShowBranchTree(true);
        settings.setDetailsDivider(0.6);
        BranchesPageViewModel remembering = new BranchesPageViewModel(backend, new dev.arbor.ui.common.SameThreadUiExecutor(),
                fixture.activity, page.state(), page.list(), settings, () -> { }, () -> { });

        assertTrue(remembering.treeShownProperty().get(), "the tree, as last time");
        assertEquals(0.6, remembering.detailsDividerProperty().get());
        remembering.toggleTree();
        remembering.detailsDividerProperty().set(0.5);
        assertEquals(false, settings.showBranchTree());
        assertEquals(0.5, settings.detailsDivider());
        remembering.close();
    }
}
