package dev.arbor.ui.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.engine.PostgresDemoFixture;
import dev.arbor.ui.app.ConsoleWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Schema diff in the console on real Postgres: a migration made in SQL on a child, then the details panel's
 * Compare to parent shows the new column and index as coloured additions and the dropped table as removals; the
 * palette's Compare schemas opens it too, and two equal schemas are a sentence.
 */
class SchemaDiffFlowTest {
    private final ConsoleWindow window = new ConsoleWindow().onPostgres();
    private final FxRobot robot = window.robot;
    private Path home;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void openProject() throws Exception {
        home = PostgresDemoFixture.reachable(Files.createTempDirectory("arbor-diff-flow"));
        window.open(PostgresDemoFixture.reachable(Files.createDirectory(home.resolve("project"))));
    }

    @AfterEach
    void closeWindow() throws Exception {
        window.close();
        try (var all = Files.walk(home)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void compareToParentAfterAMigrationShowsTheColouredLines() throws Exception {
        BranchBackend backend = window.backend;
        sql(backend.connectionDetails(backend.getBranch("main").id(), null, null),
                "create table orders (id bigint primary key, item text not null, placed_at timestamptz not null)",
                "create table legacy_audit (id bigint primary key, note text)");
        Branch dev = backend.createBranch(CreateBranchSpec.named("dev/checkout").withEndpoint(EndpointSpec.readWrite())).branch();
        sql(backend.connectionDetails(dev.id(), null, null),
                "alter table orders add column shipped_at timestamptz",
                "create index orders_item on orders (item)",
                "drop table legacy_audit");
        waitFor(() -> window.hasRow("dev/checkout"));
        window.select("dev/checkout");
        waitFor(() -> robot.lookup("#details-compare-to-parent").tryQuery().isPresent());

        openSchemaDiffFromDetails();
        waitFor(() -> window.page().schemaDiffProperty().get() != null
                && window.page().schemaDiffProperty().get().resultProperty().get() != null);

        SchemaDiffModel diff = window.page().schemaDiffProperty().get();
        assertEquals("main", diff.base().branchProperty().get().name(), "the parent's head is the base, as in Neon");
        assertEquals("dev/checkout", diff.compared().branchProperty().get().name());
        // the lines on screen, coloured by their kind
        List<String> added = texts(".diff-added .diff-text");
        List<String> removed = texts(".diff-removed .diff-text");
        assertTrue(added.stream().anyMatch(l -> l.startsWith("+    shipped_at timestamp with time zone")), added::toString);
        assertTrue(removed.stream().anyMatch(l -> l.startsWith("-CREATE TABLE public.legacy_audit")), removed::toString);
        assertTrue(robot.lookup(".diff-hunk").tryQuery().isPresent(), "hunk headers are shown");
        // further down, the new index
        @SuppressWarnings("unchecked")
        ListView<DiffLine> list = robot.lookup("#diff-lines").queryAs(ListView.class);
        int index = list.getItems().stream().map(DiffLine::text).toList().indexOf(
                list.getItems().stream().map(DiffLine::text).filter(l -> l.startsWith("+CREATE INDEX orders_item")).findFirst()
                        .orElseThrow(() -> new AssertionError(diff.diffText())));
        WaitForAsyncUtils.asyncFx(() -> list.scrollTo(index)).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(texts(".diff-added .diff-text").stream().anyMatch(l -> l.startsWith("+CREATE INDEX orders_item")),
                () -> texts(".diff-added .diff-text").toString());
        WaitForAsyncUtils.asyncFx(() -> list.scrollTo(0)).get();
        String summary = robot.lookup("#diff-summary").queryAs(Label.class).getText();
        assertTrue(summary.matches("\\d+ lines? added and \\d+ lines? removed in \\d+ places?: .*"), summary);

        robot.clickOn("#diff-copy");
        String copied = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get();
        assertEquals(diff.diffText(), copied);

        window.snapshot("schema-diff-light.png", null);
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(() -> window.page().schemaDiffProperty().get() == null);

        // the dark theme: the toggle is out of reach while a dialog is open, so it is switched first
        WaitForAsyncUtils.asyncFx(() -> window.console.toggleTheme()).get();
        openSchemaDiffFromDetails();
        waitFor(() -> window.page().schemaDiffProperty().get() != null
                && window.page().schemaDiffProperty().get().resultProperty().get() != null);
        assertEquals(diff.diffText(), window.page().schemaDiffProperty().get().diffText(), "the same diff again");
        window.snapshot("schema-diff-dark.png", null);
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(() -> window.page().schemaDiffProperty().get() == null);
        WaitForAsyncUtils.asyncFx(() -> window.console.toggleTheme()).get();
    }

    @Test
    void thePaletteComparesAnyPairAndEqualSchemasAreASentence() throws Exception {
        robot.clickOn("#branch-table");
        window.select("main");
        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        waitFor(() -> robot.lookup("#palette-query").tryQuery().isPresent());
        robot.write("compare schemas");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(() -> window.page().schemaDiffProperty().get() != null);
        SchemaDiffModel diff = window.page().schemaDiffProperty().get();
        assertNull(diff.base().branchProperty().get(), "main is a root: the person picks the base");
        assertEquals("Choose the base branch.", robot.lookup("#diff-base-problem").queryAs(Label.class).getText());

        robot.clickOn("#diff-base-branch");
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match(n -> n instanceof javafx.scene.control.ListCell<?> c
                && c.getText() != null && c.getText().startsWith("main")).<javafx.scene.Node>query());
        waitFor(() -> !robot.lookup("#diff-compare").query().isDisabled());
        robot.clickOn("#diff-compare");
        waitFor(() -> diff.resultProperty().get() != null);

        assertTrue(robot.lookup("#diff-same").queryAs(Label.class).getText()
                .startsWith("The schemas of \"neondb\" are the same on both sides"));
        assertTrue(robot.lookup("#diff-copy").query().isDisabled(), "nothing to copy");
    }

    private List<String> texts(String query) {
        return robot.lookup(query).queryAllAs(Label.class).stream().map(Label::getText).toList();
    }

    private static void sql(ConnectionDetails d, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(null));
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /**
     * Follows the details panel's link. The panel redraws its facts as the branch's compute settles, so the link
     * is looked up and followed in one step on the FX thread rather than found first and clicked later.
     */
    private void openSchemaDiffFromDetails() {
        robot.interact(() -> robot.lookup("#details-compare-to-parent").queryAs(javafx.scene.control.Hyperlink.class).fire());
    }
}
