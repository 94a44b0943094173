package dev.arbor.ui.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.testing.PgProjects;
import dev.arbor.ui.common.SameThreadUiExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The editors of a session: one per branch, following the branch, with listeners that last. */
class SqlEditorsTest {

    @Test
    void aBranchHasOneEditorWhichOpeningAgainBringsForward(@TempDir Path dir) {
        try (EmbeddedBackend backend = EmbeddedBackend.open(PgProjects.prepare(dir))) {
            SqlEditors editors = new SqlEditors(backend, new SameThreadUiExecutor(), Clock.systemUTC());
            Branch main = backend.getBranch("main");
            SqlEditorModel first = editors.open(main);
            assertSame(first, editors.open(main));
            assertEquals(1, editors.open().size());
            assertEquals(1, first.focusRequestsProperty().get());
            first.close();
            assertTrue(editors.open().isEmpty(), "closing an editor takes it off the list");
        }
    }

    @Test
    void aWindowsListenerOnTheOpenEditorsOutlivesGarbageCollection(@TempDir Path dir) throws Exception {
        try (EmbeddedBackend backend = EmbeddedBackend.open(PgProjects.prepare(dir))) {
            SqlEditors editors = new SqlEditors(backend, new SameThreadUiExecutor(), Clock.systemUTC());
            List<SqlEditorModel> seen = new ArrayList<>();
            editors.open().addListener((ListChangeListener<SqlEditorModel>) c -> {
                while (c.next()) {
                    seen.addAll(c.getAddedSubList());
                }
            });
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(20);
            }
            editors.open(backend.getBranch("main"));
            assertEquals(1, seen.size(), "the page's windows hear of an editor opened after a collection");
        }
    }

    @Test
    void safeModeFollowsTheBranchAsItChanges(@TempDir Path dir) {
        try (EmbeddedBackend backend = EmbeddedBackend.open(PgProjects.prepare(dir))) {
            SqlEditors editors = new SqlEditors(backend, new SameThreadUiExecutor(), Clock.systemUTC());
            Branch feature = backend.createBranch(CreateBranchSpec.named("dev")).branch();
            SqlEditorModel m = editors.open(feature);
            assertEquals(false, m.safeMode());
            backend.updateBranch(feature.id(), BranchPatch.protect(true));
            editors.follow(backend::getBranch);
            assertTrue(m.safeMode());
            assertEquals("\"dev\" is protected, so a statement that writes asks you first.", m.safeModeText());
        }
    }
}
