package dev.arbor.ui.branches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchResult;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Compute column's dot takes its style from the compute's typed state, in any locale. */
class ComputeCellTest {
    private final Locale before = Locale.getDefault();

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(before);
    }

    private static void show(ComputeCell cell, Branch b, Endpoint primary) throws Exception {
        BranchRow row = BranchRow.of(b, b.isRoot() ? null : "main", primary, ZoneOffset.UTC, Instant.now());
        WaitForAsyncUtils.asyncFx(() -> cell.updateItem(row, false)).get();
    }

    private static Node dotOf(ComputeCell cell) {
        return ((Label) cell.getGraphic()).getGraphic();
    }

    @Test
    void anIdleComputesDotIsStyledIdleEvenInTurkish() throws Exception {
        Locale.setDefault(Locale.forLanguageTag("tr-TR")); // where "Idle".toLowerCase() is "ıdle"
        try (EmbeddedBackend backend = EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options())) {
            BranchResult created =
                    backend.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite()));
            Branch dev = created.branch();
            String endpointId = created.endpoints().get(0).id();
            Endpoint active = backend.startEndpoint(endpointId).endpoints().stream()
                    .filter(e -> e.id().equals(endpointId)).findFirst().orElseThrow();
            backend.suspendEndpoint(endpointId);
            Endpoint idle = backend.getEndpoint(endpointId);
            assertEquals(Endpoint.State.IDLE, idle.currentState());
            Branch main = backend.getBranch("main");

            ComputeCell cell = WaitForAsyncUtils.asyncFx(ComputeCell::new).get();
            show(cell, dev, idle);
            assertEquals("Idle", ((Label) cell.getGraphic()).getText());
            assertTrue(dotOf(cell).getStyleClass().containsAll(java.util.List.of("compute-dot", "idle")),
                    dotOf(cell).getStyleClass()::toString);

            // the same cell, reused for another row, drops the state it showed before
            show(cell, dev, active);
            assertTrue(dotOf(cell).getStyleClass().contains("active"));
            assertFalse(dotOf(cell).getStyleClass().contains("idle"));

            show(cell, main, null);
            assertNull(((Label) cell.getGraphic()).getGraphic(), "no compute, no dot");
        }
    }
}
