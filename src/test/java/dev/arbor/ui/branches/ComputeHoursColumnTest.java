package dev.arbor.ui.branches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchResult;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.ManualClock;
import dev.arbor.testing.PgProjects;
import dev.arbor.ui.common.SameThreadUiExecutor;
import dev.arbor.ui.project.ProjectState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Branches page's Compute hours column: each branch's active hours this billing period, sorted by them. */
class ComputeHoursColumnTest {
    private final FxRobot robot = new FxRobot();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-10T08:00:00Z"));
    private ProjectState state;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        if (state != null) {
            WaitForAsyncUtils.asyncFx(state::close).get();
        }
        FxToolkit.cleanupStages();
    }

    @Test
    void theColumnShowsEachBranchsHoursAndSortsByThem() throws Exception {
        try (EmbeddedBackend backend = EmbeddedBackend.open(PgProjects.prepare(dataDir),
                PgProjects.options().withClock(clock))) {
            Branch main = backend.getBranch("main");
            backend.startEndpoint(backend.listEndpoints(main.id()).get(0).id());
            BranchResult dev = backend.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite()));
            backend.createBranch(CreateBranchSpec.named("quiet"));
            clock.advance(Duration.ofMinutes(15));
            backend.suspendEndpoint(dev.endpoints().get(0).id());
            clock.advance(Duration.ofMinutes(75));

            BranchesView view = WaitForAsyncUtils.asyncFx(() -> {
                state = new ProjectState(backend, new SameThreadUiExecutor(), clock);
                BranchTableModel model = new BranchTableModel(state);
                state.start();
                return new BranchesView(model);
            }).get();
            FxToolkit.setupStage(stage -> {
                stage.setScene(new javafx.scene.Scene(view, 1100, 400));
                stage.sizeToScene(); // the shared stage keeps an earlier test's size otherwise
                stage.show();
            });
            WaitForAsyncUtils.waitForFxEvents();

            assertEquals(List.of("1.50 h", "0.25 h", "0.00 h"), List.of(hoursOf(view, "main"), hoursOf(view, "dev"),
                    hoursOf(view, "quiet")));
            assertTrue(robot.lookup(".table-cell").queryAllAs(TableCell.class).stream()
                    .anyMatch(c -> "1.50 h".equals(c.getText())), "the text is on screen");

            @SuppressWarnings("unchecked")
            TableColumn<BranchRow, ?> hours = view.table().getColumns().stream()
                    .filter(c -> c.getText().equals("Compute hours")).findFirst().orElseThrow();
            assertEquals(List.of("quiet", "dev", "main"), sortedBy(view, hours, TableColumn.SortType.ASCENDING));
            assertEquals(List.of("main", "dev", "quiet"), sortedBy(view, hours, TableColumn.SortType.DESCENDING));
        }
    }

    private static String hoursOf(BranchesView view, String name) {
        return view.table().getItems().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow()
                .computeHours();
    }

    private static List<String> sortedBy(BranchesView view, TableColumn<BranchRow, ?> column,
                                         TableColumn.SortType type) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            column.setSortType(type);
            view.table().getSortOrder().setAll(List.of(column));
            return view.table().getItems().stream().map(BranchRow::name).toList();
        }).get();
    }

    @Test
    void anUnreportedTimeIsADashAndNotZeroHours() {
        Branch b = new Branch("br-a", "p", "x", null, null, null, true, false, null, null, null, 0, null, null,
                Instant.EPOCH, Instant.EPOCH, null, null, null, null, true, false, false, null, null);
        Instant now = Instant.EPOCH;
        assertEquals("0.00 h", BranchRow.of(b, null, null, ZoneOffset.UTC, now).computeHours());
        assertEquals("0.42 h", BranchRow.of(b.withActiveTimeSeconds(1512), null, null, ZoneOffset.UTC, now).computeHours());
        assertEquals("—", BranchRow.of(b.withActiveTimeSeconds(Branch.UNKNOWN_ACTIVE_TIME), null, null, ZoneOffset.UTC,
                now).computeHours());
    }
}
