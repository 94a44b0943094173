package dev.arbor.ui.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.Capabilities;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import dev.arbor.engine.ManualClock;
import dev.arbor.testing.Parallel;
import dev.arbor.testing.PgProjects;
import dev.arbor.ui.project.ProjectState;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.Formats;
import dev.arbor.ui.common.SameThreadUiExecutor;
import dev.arbor.ui.common.SteppedUiExecutor;
import dev.arbor.ui.restore.PointPickerModel.Mode;
import dev.arbor.ui.restore.RestoreSourceModel.SourceKind;
import dev.arbor.ui.restore.RestoreWizardViewModel.Step;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The Restore wizard's model against a real engine on real Postgres, on one thread. Rows are written in SQL through
 * a branch's connection string; commit times are the ones Postgres records, so the engine's clock is a manual one that
 * follows real time ({@link #tick()}), and a test that needs a longer history moves it ahead only once nothing more is
 * written ({@link #historyLasts}). Each test copies a project made once, whose main holds items 1 and 2, committed
 * apart ({@link #afterOne} lies between them).
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Parallel.POSTGRES_1)
class RestoreWizardViewModelTest {
    private static final String DB = "neondb";
    private static final EngineOptions.NewProject PROJECT = new EngineOptions.NewProject("test", 86_400,
            Project.Limits.DEFAULT);
    /** A moment of main's history after item 1 was committed and before item 2 was. */
    private static Instant afterOne;

    @TempDir
    Path dir;

    private ManualClock clock;
    private final SameThreadUiExecutor executor = new SameThreadUiExecutor();
    private final List<String> shown = new ArrayList<>();
    private EmbeddedEngine engine;
    private EmbeddedBackend backend;
    private ProjectState state;
    private Activity activity;
    private boolean closed;

    @BeforeEach
    void open() {
        Path project = PgProjects.prepare(dir.resolve("project"), "restore-wizard-items", PROJECT, e -> {
            PgProjects.sql(e, "main", "create table items (id bigint primary key, label text)",
                    "insert into items values (1, 'one')");
            afterOne = PgProjects.moment(e, "main");
            waitUntilAfter(afterOne);
            PgProjects.sql(e, "main", "insert into items values (2, 'two')");
        });
        clock = new ManualClock(nextMillisecond(null));
        engine = EmbeddedEngine.open(project, PgProjects.options().withClock(clock).withNewProject(PROJECT));
        backend = new EmbeddedBackend(engine);
        activity = new Activity(executor);
    }

    @AfterEach
    void close() {
        if (state != null) {
            state.close();
        }
        engine.close();
    }

    /**
     * Moves the clock to the next millisecond once real time has reached it, never back: every commit before a tick
     * is at or before the clock's time, every commit after it later.
     */
    private void tick() {
        clock.set(nextMillisecond(clock.instant()));
    }

    private static Instant nextMillisecond(Instant notBefore) {
        Instant next = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        if (notBefore != null && !next.isAfter(notBefore)) {
            return notBefore.plusMillis(1);
        }
        waitUntilAfter(next.minusMillis(1));
        return next;
    }

    private static void waitUntilAfter(Instant t) {
        while (!Instant.now().isAfter(t)) {
            Thread.onSpinWait();
        }
    }

    /**
     * Lets main's history last at least {@code d}: the clock moves on to {@code d} after the window's start, unless
     * real time is already past it. The clock may then be ahead of real time: a test that calls this writes no more.
     */
    private void historyLasts(Duration d) {
        Instant at = backend.historyWindow(backend.getBranch("main").id()).start().plus(d);
        if (at.isAfter(clock.instant())) {
            clock.set(at);
        }
    }

    /**
     * Writes a row in SQL through the branch's connection string, then reads the branch's head as the engine reports
     * it and ticks. Only a compute takes writes, so a branch without a read-write one gets one first.
     */
    private void put(String branch, long id, String label) {
        sql(branch, "insert into items values (" + id + ", '" + label + "') on conflict (id) do update set label = excluded.label");
    }

    private void sql(String branch, String statement) {
        if (engine.endpoints(branch).stream().noneMatch(e -> e.type() == Endpoint.Type.READ_WRITE)) {
            engine.awaitOperations(engine.createEndpoint(branch, EndpointSpec.readWrite()).operations(), Duration.ofMinutes(2));
        }
        PgProjects.sql(engine, branch, statement);
        engine.resolve(branch, PointInTime.HEAD); // a running compute's head is read when asked for
        tick();
    }

    /** The rows of {@code items} at the branch's head, read as the console reads them. */
    private Map<Long, String> items(String branch) {
        return engine.readPostgres(branch, DB, PointInTime.HEAD, r -> r.readRows("items", 0, 10_000)).rows().stream()
                .collect(Collectors.toMap(r -> ((Number) r.get("id")).longValue(), r -> String.valueOf(r.get("label"))));
    }

    /** A moment in main's history at which it holds items 1 and 2: after both commits, before anything the test writes. */
    private Instant inHistory() {
        return backend.getBranch("main").headTimestamp().plusMillis(1);
    }

    private RestoreWizardViewModel wizard(String targetName) {
        return wizard(backend, targetName);
    }

    private RestoreWizardViewModel wizard(BranchBackend b, String targetName) {
        state = new ProjectState(b, executor, clock);
        state.start();
        String id = targetName == null ? null : b.getBranch(targetName).id();
        return new RestoreWizardViewModel(b, executor, activity, state, id, shown::add, () -> closed = true);
    }

    private static void typeTime(PointPickerModel p, Instant t) {
        p.dateProperty().set(LocalDate.ofInstant(t, ZoneOffset.UTC));
        p.timeProperty().set(Formats.dateTimeMillis(t, ZoneOffset.UTC).substring(11));
    }

    // ---- step gating -----------------------------------------------------------------------------

    @Test
    void eachStepSaysWhyNextIsNotYetPossible() {
        // an underscore, which no branch id has: the picker also searches ids, which are random words
        backend.createBranch(CreateBranchSpec.named("dev_1"));
        RestoreWizardViewModel w = wizard(null);
        assertEquals(Step.BRANCH, w.stepProperty().get());
        assertFalse(w.canNextProperty().get());
        assertEquals("Choose the branch to restore.", w.stepProblemProperty().get());
        w.next();
        assertEquals(Step.BRANCH, w.stepProperty().get(), "Next does nothing while the step is incomplete");

        w.target().searchProperty().set("DEV_");
        assertEquals(List.of("dev_1"), w.target().matches().stream().map(Branch::name).toList(), "the picker searches names, ignoring case");
        w.target().branchProperty().set(w.target().matches().get(0));
        assertTrue(w.canNextProperty().get());
        assertFalse(w.canBackProperty().get());
        w.next();
        assertEquals(Step.SOURCE, w.stepProperty().get());
        assertEquals("Step 2 of 6: Source", w.stepCaption());

        w.source().kindProperty().set(SourceKind.OTHER_BRANCH);
        assertEquals("Choose the branch to restore from.", w.stepProblemProperty().get());
        assertEquals(List.of("main"), w.source().branches().stream().map(Branch::name).toList(), "the target is not its own source");
        w.source().branchProperty().set(w.source().branches().get(0));
        assertFalse(w.steps().contains(Step.POINT), "from another branch's head there is no point to pick");
        w.next();
        assertEquals(Step.PREVIEW, w.stepProperty().get());
        w.back();
        assertEquals(Step.SOURCE, w.stepProperty().get());
        w.source().fromHeadProperty().set(false);
        assertTrue(w.steps().contains(Step.POINT), "turning head off shows the point picker");
        w.next();
        assertEquals(Step.POINT, w.stepProperty().get());
        assertEquals("main", w.picker().branchProperty().get().name(), "the point is in the source's history");
        assertTrue(w.canNextProperty().get(), "the picker starts at the head, which is a valid point");
        w.picker().timeProperty().set("25:00");
        assertFalse(w.canNextProperty().get());
        w.cancel();
        assertTrue(closed);
    }

    @Test
    void nothingChangesBeforeTheFinalRestore() {
        List<Branch> before = backend.listBranches();
        Map<Long, String> data = items("main");
        RestoreWizardViewModel w = wizard("main");
        w.next();
        w.next();
        typeTime(w.picker(), inHistory());
        w.next();
        w.next();
        assertEquals(Step.CONFIRM, w.stepProperty().get());
        w.cancel();
        assertTrue(closed);
        assertEquals(before, backend.listBranches());
        assertEquals(data, items("main"));
    }

    // ---- timestamps and LSNs ---------------------------------------------------------------------

    @Test
    void aTimestampIsCheckedForFormWindowAndFutureAndShowsItsLsn() {
        RestoreWizardViewModel w = wizard("main");
        w.next();
        w.next();
        PointPickerModel p = w.picker();
        assertNotNull(p.windowProperty().get());
        assertTrue(p.windowTextProperty().get().startsWith("\"main\" has history from "), p.windowTextProperty().get());

        p.timeProperty().set("9 o'clock");
        assertTrue(p.problemProperty().get().startsWith("Enter the time as HH:mm:ss.SSS"), p.problemProperty().get());
        assertFalse(w.canNextProperty().get());

        typeTime(p, p.windowProperty().get().start().minusSeconds(1)); // before the project was made
        assertTrue(p.problemProperty().get().contains("is outside the history of \"main\": choose a time from "),
                p.problemProperty().get());
        assertFalse(w.canNextProperty().get());

        typeTime(p, clock.instant().plusSeconds(60));
        assertTrue(p.problemProperty().get().contains("is in the future"), p.problemProperty().get());
        assertFalse(w.canNextProperty().get());

        Instant ok = afterOne; // main had item 1 only then
        typeTime(p, ok);
        assertNull(p.problemProperty().get());
        assertEquals(PointInTime.at(ok), p.pointProperty().get(), "the time is kept to the millisecond");
        assertEquals(backend.resolve(w.target().branchProperty().get().id(), PointInTime.at(ok)).lsn(), p.resolvedProperty().get().lsn());
        assertTrue(p.resolvedProperty().get().lsn().isBefore(backend.getBranch("main").headLsn()), "item 2 came later");
        assertTrue(p.resolutionProperty().get().startsWith("Resolves to LSN " + p.resolvedProperty().get().lsn()),
                p.resolutionProperty().get());
        assertTrue(w.canNextProperty().get());
    }

    @Test
    void anLsnIsValidatedAsTypedAndShowsWhenItWasCommitted() {
        RestoreWizardViewModel w = wizard("main");
        w.next();
        w.next();
        PointPickerModel p = w.picker();
        p.modeProperty().set(Mode.LSN);
        assertEquals(p.windowProperty().get().headLsn().toString(), p.lsnProperty().get(), "prefilled with the head");
        assertNull(p.problemProperty().get());
        assertTrue(p.resolutionProperty().get().contains("reads the data committed up to "), p.resolutionProperty().get());

        p.lsnProperty().set("0/");
        assertTrue(p.problemProperty().get().startsWith("\"0/\" is not an LSN."));
        assertFalse(w.canNextProperty().get());
        p.lsnProperty().set("zz/1");
        assertTrue(p.problemProperty().get().startsWith("\"zz/1\" is not an LSN."));
        p.lsnProperty().set("FFFFFFFF/0");
        assertTrue(p.problemProperty().get().startsWith("LSN FFFFFFFF/0 is outside the history of \"main\""),
                p.problemProperty().get());
        assertFalse(w.canNextProperty().get());
        p.lsnProperty().set(p.windowProperty().get().startLsn().toString().toLowerCase());
        assertNull(p.problemProperty().get(), "hex digits in either case");
        assertTrue(w.canNextProperty().get());
    }

    @Test
    void quickChoicesFitAHistoryOfMinutesOrSeconds() {
        // main's history is two minutes long (history is kept for two minutes, or the project is that old): an hour
        // ago is no choice to offer
        engine.updateProject(120, Project.Limits.DEFAULT);
        historyLasts(Duration.ofMinutes(2));
        RestoreWizardViewModel w = wizard("main");
        w.next();
        w.next();
        Map<String, QuickChoice> choices = w.picker().quickChoices().stream()
                .collect(Collectors.toMap(QuickChoice::id, c -> c));
        assertEquals(Set.of("one-minute", "five-minutes", "before-reset", "creation"), choices.keySet());
        assertTrue(choices.get("one-minute").allowed());
        assertEquals(clock.instant().minus(Duration.ofMinutes(1)), choices.get("one-minute").at());
        assertTrue(choices.get("five-minutes").whyNot().contains("before the history window"));
    }

    @Test
    void quickChoicesKnowTheWindowAndTheLastRestore() {
        historyLasts(Duration.ofMinutes(10));
        RestoreWizardViewModel w = wizard("main");
        w.next();
        w.next();
        Map<String, QuickChoice> choices = w.picker().quickChoices().stream()
                .collect(Collectors.toMap(QuickChoice::id, c -> c));
        assertEquals(clock.instant().minus(Duration.ofMinutes(5)), choices.get("five-minutes").at());
        assertTrue(choices.get("five-minutes").allowed(), "main has more than five minutes of history");
        assertFalse(choices.get("one-hour").allowed(), "an hour ago is before main's first commit");
        assertTrue(choices.get("one-hour").whyNot().contains("before the history window"));
        assertEquals("\"main\" has not been reset or restored.", choices.get("before-reset").whyNot());
        // main's creation is offered, though on Postgres it lies a moment before the window, which begins at the
        // first base backup made right after it
        assertTrue(choices.get("creation").at() != null && choices.get("creation").at().equals(backend.getBranch("main").createdAt()));

        w.picker().choose(choices.get("five-minutes"));
        assertEquals(PointInTime.at(clock.instant().minus(Duration.ofMinutes(5))), w.picker().pointProperty().get());
        w.picker().choose(choices.get("one-hour"));
        assertEquals(PointInTime.at(clock.instant().minus(Duration.ofMinutes(5))), w.picker().pointProperty().get(),
                "a refused choice changes nothing");

        tick();
        String id = backend.getBranch("main").id();
        Instant restoredAt = clock.instant();
        backend.restore(id, new RestoreSpec(id, PointInTime.at(restoredAt.minusSeconds(30)), "main_before"));
        RestoreWizardViewModel again = wizard("main");
        again.next();
        again.next();
        QuickChoice beforeReset = again.picker().quickChoices().stream().filter(c -> c.id().equals("before-reset")).findFirst().orElseThrow();
        assertTrue(beforeReset.allowed());
        assertEquals(restoredAt.minusMillis(1), beforeReset.at());
    }

    @Test
    void theZoneIsShownAndSwitchingItKeepsTheInstant() {
        java.time.Clock berlin = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneId.of("Europe/Berlin");
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock.instant();
            }
        };
        PointPickerModel p = new PointPickerModel(backend, executor, berlin);
        p.load(backend.getBranch("main"));
        Instant t = afterOne.truncatedTo(ChronoUnit.SECONDS).plusMillis(250);
        ZoneOffset offset = ZoneId.of("Europe/Berlin").getRules().getOffset(t);
        assertEquals("Local time (Europe/Berlin, UTC" + offset.getId() + ")", p.zoneTextProperty().get());
        p.show(t);
        assertEquals(Formats.dateTimeMillis(t, offset).substring(11), p.timeProperty().get());
        assertTrue(p.timeProperty().get().endsWith(".250"), p.timeProperty().get());
        p.utcProperty().set(true);
        assertEquals("UTC", p.zoneTextProperty().get());
        assertEquals(Formats.dateTimeMillis(t, ZoneOffset.UTC).substring(11), p.timeProperty().get());
        assertEquals(PointInTime.at(t), p.pointProperty().get());
    }

    // ---- backup and summary ----------------------------------------------------------------------

    @Test
    void theBackupNameIsPrefilledRequiredForOwnHistoryAndValidated() {
        backend.createBranch(CreateBranchSpec.named("other").schemaOnly()); // a root, so main has no children
        RestoreWizardViewModel w = wizard("main");
        Branch main = backend.getBranch("main");
        assertEquals(RestoreSpec.consoleBackupName("main", main.headTimestamp()), w.confirm().backupNameProperty().get());
        assertTrue(w.confirm().backupNameProperty().get().matches("main_old_\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        w.next();
        w.next();
        w.next();
        w.next();
        assertEquals(Step.CONFIRM, w.stepProperty().get());
        assertTrue(w.confirm().backupRequiredProperty().get());
        assertTrue(w.canNextProperty().get());

        w.confirm().backupNameProperty().set("  ");
        assertEquals("Restoring \"main\" from its own history needs a name for the backup branch that keeps its current state.",
                w.confirm().backupProblemProperty().get());
        assertFalse(w.canNextProperty().get());
        w.confirm().backupNameProperty().set("other");
        assertEquals("A branch named \"other\" already exists; choose another name.", w.confirm().backupProblemProperty().get());
        w.confirm().backupNameProperty().set("bad\tname");
        assertTrue(w.confirm().backupProblemProperty().get().contains("no control characters"));
        w.restore();
        assertEquals(2, backend.listBranches().size(), "a refused restore changes nothing");

        // from another branch, without children, the backup may be left out
        w.back();
        w.back();
        w.back();
        w.source().kindProperty().set(SourceKind.OTHER_BRANCH);
        w.source().branchProperty().set(backend.getBranch("other"));
        w.next();
        w.next();
        w.confirm().backupNameProperty().set("");
        assertFalse(w.confirm().backupRequiredProperty().get());
        assertNull(w.confirm().backupProblemProperty().get());
        assertTrue(w.confirm().summary().contains("No backup is kept: the current state of \"main\" cannot be recovered after the restore."));
    }

    @Test
    void theSummaryOfARootSaysBothBecomeRoots() {
        backend.createBranch(CreateBranchSpec.named("kid"));
        RestoreWizardViewModel w = wizard("main");
        w.next();
        w.next();
        Instant t = inHistory();
        typeTime(w.picker(), t);
        w.next();
        w.next();
        String b = w.confirm().backupNameProperty().get();
        String lsn = backend.resolve(backend.getBranch("main").id(), PointInTime.at(t)).lsn().toString();
        assertEquals(List.of(
                "Restore \"main\" to its own history at " + Formats.dateTimeMillis(t, ZoneOffset.UTC) + " UTC (LSN " + lsn + ").",
                "All databases on \"main\" are overwritten with the schema and data of that point. This is a complete overwrite, "
                        + "not a merge: changes made on \"main\" after it are not kept on \"main\".",
                "Connections to \"main\" are interrupted briefly while it is restored; its connection details stay the same.",
                "The current state of \"main\" is kept in a new backup branch \"" + b + "\", so the restore can be undone.",
                "\"main\" is a root branch: after the restore, \"main\" and the backup \"" + b + "\" are both root branches, "
                        + "with no parent-child link between them.",
                "Its child branch \"kid\" moves to the backup \"" + b + "\" and keeps its data."),
                w.confirm().summary());
    }

    @Test
    void theSummaryOfANonRootSaysTheBackupBecomesItsParent() {
        Branch dev = backend.createBranch(CreateBranchSpec.named("dev")).branch();
        put("dev", 7, "dev");
        backend.createBranch(CreateBranchSpec.named("other"));
        RestoreWizardViewModel w = onConfirmation(backend, "dev", "other");
        String b = w.confirm().backupNameProperty().get();
        assertTrue(w.confirm().summary().get(0).startsWith("Restore \"dev\" from \"other\" at its latest data (head, now LSN "), w.confirm().summary().get(0));
        assertTrue(w.confirm().summary().contains("The backup \"" + b + "\" keeps \"main\" as its parent and becomes the parent of \"dev\". "
                + "A later Reset from parent resets \"dev\" to the backup, not to \"main\"."), w.confirm().summary()::toString);
        assertTrue(w.confirm().summary().contains("\"dev\" has no child branches, so none move."));
        assertEquals(dev.parentId(), backend.getBranch("dev").parentId());

        // from the parent's head it is a reset, which keeps the parent
        w.back();
        w.back();
        w.source().branchProperty().set(backend.getBranch("main"));
        w.next();
        w.next();
        assertTrue(w.confirm().summary().contains("Because \"main\" is the parent of \"dev\" and you restore from its latest data, this is a "
                + "reset from parent: \"dev\" keeps \"main\" as its parent, and the backup \"" + b + "\" gets the same parent."),
                w.confirm().summary()::toString);
    }

    // ---- the SQL tab's point ------------------------------------------------------------------------

    @Test
    void theSqlTabHoldsThePointOnlyWhileThePreviewShowsItAndEscapeStopsItsQueryFirst() {
        Instant beforeDelete = clock.instant();
        sql("main", "delete from items where id = 1");
        List<String> seen = new java.util.ArrayList<>();
        boolean[] running = {false};
        PreviewQueries queries = new PreviewQueries() {
            @Override
            public void showPoint(Branch source, PointInTime point, String pointText) {
                seen.add("show " + source.name() + " at " + point);
            }

            @Override
            public void release() {
                seen.add("release");
            }

            @Override
            public boolean cancelRunning() {
                boolean was = running[0];
                running[0] = false;
                if (was) {
                    seen.add("cancel");
                }
                return was;
            }
        };
        state = new ProjectState(backend, executor, clock);
        state.start();
        RestoreWizardViewModel w = new RestoreWizardViewModel(backend, executor, activity, state,
                backend.getBranch("main").id(), shown::add, () -> closed = true, queries);
        w.next();
        w.next();
        typeTime(w.picker(), beforeDelete);
        w.next();
        assertEquals(Step.PREVIEW, w.stepProperty().get());
        String shownAt = "show main at " + w.picker().pointProperty().get();
        assertEquals(List.of(shownAt), seen);

        running[0] = true;
        w.escape();
        assertEquals(List.of(shownAt, "cancel"), seen);
        assertEquals(Step.PREVIEW, w.stepProperty().get(), "Escape stopped the query, not the wizard");
        assertFalse(closed);

        w.back();
        assertEquals("release", seen.get(seen.size() - 1), "Back lets go of the point");
        w.next();
        assertEquals(shownAt, seen.get(seen.size() - 1));
        w.next();
        assertEquals(Step.CONFIRM, w.stepProperty().get());
        assertEquals("release", seen.get(seen.size() - 1), "Next lets go of the point");
        w.back();
        w.escape();
        assertTrue(closed, "with no query running, Escape cancels the wizard");
        assertEquals("release", seen.get(seen.size() - 1), "closing lets go of the point");
    }

    // ---- restore, result and undo ----------------------------------------------------------------

    @Test
    void restoreToOwnHistoryThenUndo() {
        Instant beforeDelete = clock.instant();
        sql("main", "delete from items where id in (1, 2); insert into items values (9, 'after')");
        RestoreWizardViewModel w = wizard("main");
        w.next();
        w.next();
        typeTime(w.picker(), beforeDelete);
        w.next();
        assertEquals(Step.PREVIEW, w.stepProperty().get());
        w.next();
        String backupName = w.confirm().backupNameProperty().get();
        w.primary();

        assertEquals(Step.RESULT, w.stepProperty().get());
        assertEquals(Map.of(1L, "one", 2L, "two"), items("main"), "the deleted rows are back");
        assertEquals(Map.of(9L, "after"), items(backupName), "the backup holds the state from before the restore");
        assertEquals(backupName, w.outcome().backupProperty().get().name());
        assertEquals("main", w.outcome().restoredProperty().get().name());
        assertTrue(w.outcome().messageProperty().get().startsWith("Restored \"main\" to its own history at "));
        assertNull(w.outcome().undoProblemProperty().get());
        assertEquals(List.of(w.outcome().restoredProperty().get().id()), shown, "the Branches page shows the restored branch");
        assertTrue(activity.messageProperty().get().startsWith("Restored \"main\""));

        // Undo asks first: it overwrites "main" again
        w.outcome().undo();
        assertEquals("Undo restores \"main\" from \"" + backupName + "\", its state from before the restore; changes made "
                + "on \"main\" since the restore are lost.", w.outcome().undoConfirmationProperty().get());
        assertEquals(Map.of(1L, "one", 2L, "two"), items("main"), "nothing changes before the answer");
        w.outcome().keepRestore();
        assertNull(w.outcome().undoConfirmationProperty().get());
        w.outcome().confirmUndo();
        assertFalse(w.outcome().undoneProperty().get(), "keeping the restore withdrew the question");
        assertEquals(Map.of(1L, "one", 2L, "two"), items("main"));
        w.outcome().undo();
        w.outcome().confirmUndo();
        assertTrue(w.outcome().undoneProperty().get());
        assertTrue(w.outcome().messageProperty().get().endsWith("The backup \"" + backupName + "\" stays; delete it when you no longer need it."),
                w.outcome().messageProperty().get());
        assertEquals(Map.of(9L, "after"), items("main"), "undo brings back the state from before the restore");
        assertTrue(backend.getBranch("main").isRoot());
        assertEquals(Map.of(9L, "after"), items(backupName), "the backup stays");
        assertEquals(3 - 1, backend.listBranches().size(), "undo keeps no second backup");
        assertNotNull(w.outcome().undoProblemProperty().get(), "undo runs once");
        w.primary();
        assertTrue(closed);
    }

    @Test
    void undoOfANonRootResetsFromTheBackupThatIsNowItsParent() {
        backend.createBranch(CreateBranchSpec.named("dev"));
        put("dev", 5, "five");
        backend.createBranch(CreateBranchSpec.named("other"));
        put("other", 6, "six");
        RestoreWizardViewModel w = onConfirmation(backend, "dev", "other");
        String backupName = w.confirm().backupNameProperty().get();
        w.restore();
        assertEquals(Map.of(1L, "one", 2L, "two", 6L, "six"), items("dev"), "restored from other's head");
        Branch kept = backend.getBranch(backupName);
        assertEquals(kept.id(), backend.getBranch("dev").parentId(), "the backup becomes dev's parent");

        w.outcome().undo();
        w.outcome().confirmUndo();
        assertEquals(Map.of(1L, "one", 2L, "two", 5L, "five"), items("dev"));
        assertEquals(kept.id(), backend.getBranch("dev").parentId());
        assertTrue(w.outcome().messageProperty().get().endsWith("The backup \"" + backupName + "\" stays as the parent of \"dev\" and keeps "
                + "it as its child, so it cannot be deleted while it has children."), w.outcome().messageProperty().get());
        assertFalse(w.outcome().messageProperty().get().contains("delete it"), "the backup cannot be deleted, so the outcome does not say to");
    }

    @Test
    void aRefusedRestoreKeepsTheWizardOnTheConfirmationWithTheSentence() {
        RestoreWizardViewModel w = wizard("main");
        w.next();
        w.next();
        typeTime(w.picker(), inHistory());
        w.next();
        w.next();
        // another client takes the backup's name: the wizard follows the project and says so at once
        Branch taken = backend.createBranch(CreateBranchSpec.named(w.confirm().backupNameProperty().get()).schemaOnly()).branch();
        assertEquals("A branch named \"" + taken.name() + "\" already exists; choose another name.", w.confirm().backupProblemProperty().get());
        assertFalse(w.canNextProperty().get());
        w.confirm().backupNameProperty().set("main_kept");
        // the window moves on while the confirmation is open: the backend refuses, the sentence is shown (the
        // control plane's clock moves on; nothing is written after it)
        clock.advance(Duration.ofDays(2));
        List<Branch> before = backend.listBranches();
        w.restore();
        assertEquals(Step.CONFIRM, w.stepProperty().get());
        assertNotNull(w.outcome().failureProperty().get());
        assertTrue(w.outcome().failureProperty().get().sentence().contains("before the history window"), w.outcome().failureProperty().get().sentence());
        assertEquals(before, backend.listBranches());
        assertTrue(w.canNextProperty().get(), "the person can change the point and try again");
    }

    // ---- review findings: deleted branches, closed wizards, loads, follow-up reads, undo ---------

    /** dev restored from other's head, on the confirmation step. */
    private RestoreWizardViewModel onConfirmation(BranchBackend b, String target, String source) {
        RestoreWizardViewModel w = wizard(b, target);
        w.next();
        w.source().kindProperty().set(SourceKind.OTHER_BRANCH);
        w.source().branchProperty().set(b.getBranch(source));
        w.next();
        w.next();
        assertEquals(Step.CONFIRM, w.stepProperty().get());
        return w;
    }

    @Test
    void aTargetDeletedOnTheConfirmationIsRefusedWithASentenceAndCancelStillWorks() {
        backend.createBranch(CreateBranchSpec.named("dev"));
        backend.createBranch(CreateBranchSpec.named("other"));
        RestoreWizardViewModel w = onConfirmation(backend, "dev", "other");
        backend.deleteBranch(backend.getBranch("dev").id()); // another client
        List<Branch> before = backend.listBranches();

        w.restore();
        w.primary();
        assertEquals(Step.BRANCH, w.stepProperty().get(), "the wizard goes back to choosing the branch");
        assertEquals("\"dev\" was deleted while the wizard was open; choose another branch to restore.", w.stepProblemProperty().get());
        assertFalse(w.canNextProperty().get());
        assertFalse(w.outcome().runningProperty().get(), "nothing runs, so Back and Cancel stay on");
        assertEquals(before, backend.listBranches(), "nothing changes");
        assertFalse(w.target().matches().stream().anyMatch(b -> b.name().equals("dev")));
        w.cancel();
        assertTrue(closed);
    }

    @Test
    void aSourceDeletedOnThePointStepSendsTheWizardBackToTheSource() {
        backend.createBranch(CreateBranchSpec.named("dev"));
        backend.createBranch(CreateBranchSpec.named("other"));
        RestoreWizardViewModel w = wizard("dev");
        w.next();
        w.source().kindProperty().set(SourceKind.OTHER_BRANCH);
        w.source().branchProperty().set(backend.getBranch("other"));
        w.source().fromHeadProperty().set(false);
        w.next();
        assertEquals(Step.POINT, w.stepProperty().get());
        backend.deleteBranch(backend.getBranch("other").id());

        w.next();
        assertEquals(Step.SOURCE, w.stepProperty().get());
        assertEquals("\"other\" was deleted while the wizard was open; choose another branch to restore from.",
                w.stepProblemProperty().get());
        assertFalse(w.canNextProperty().get());
        w.source().branchProperty().set(backend.getBranch("main"));
        assertNull(w.stepProblemProperty().get(), "another source clears the sentence");
    }

    @Test
    void aClosedWizardNoLongerFollowsTheBranchList() {
        RestoreWizardViewModel w = wizard("main");
        w.cancel();
        assertTrue(closed);
        RestoreWizardViewModel open = new RestoreWizardViewModel(backend, executor, activity, state, null, shown::add, () -> { });
        backend.createBranch(CreateBranchSpec.named("late"));
        assertEquals(List.of("main", "late"), open.target().matches().stream().map(Branch::name).toList(), "an open wizard follows");
        assertEquals(List.of("main"), w.target().matches().stream().map(Branch::name).toList(), "the closed one does not");
        open.dispose();
    }

    @Test
    void typingWhileTheHistoryWindowLoadsKeepsTheWindowAndChecksWhatWasTyped() {
        SteppedUiExecutor stepped = new SteppedUiExecutor();
        PointPickerModel p = new PointPickerModel(backend, stepped, clock);
        p.load(backend.getBranch("main"));
        assertEquals("Loading the history of \"main\"…", p.windowTextProperty().get());
        Instant t = inHistory();
        typeTime(p, t); // before the window arrives
        p.utcProperty().set(true);
        p.utcProperty().set(false);
        stepped.runAll();
        assertNotNull(p.windowProperty().get(), "the window is not dropped");
        assertTrue(p.windowTextProperty().get().startsWith("\"main\" has history from "), p.windowTextProperty().get());
        assertNull(p.problemProperty().get());
        assertEquals(PointInTime.at(t), p.pointProperty().get(), "what was typed is kept and checked");
        assertTrue(p.resolutionProperty().get().startsWith("Resolves to LSN "), p.resolutionProperty().get());
    }

    @Test
    void aRestoreThatSucceededIsReportedAsSuchWhenTheReadsAfterItFail() {
        backend.createBranch(CreateBranchSpec.named("dev"));
        backend.createBranch(CreateBranchSpec.named("other"));
        put("other", 6, "six");
        AtomicBoolean restoredOnce = new AtomicBoolean();
        BranchBackend flaky = (BranchBackend) Proxy.newProxyInstance(BranchBackend.class.getClassLoader(),
                new Class<?>[] {BranchBackend.class}, (proxy, method, args) -> {
                    if (restoredOnce.get() && List.of("getBranch", "listBranches", "project").contains(method.getName())) {
                        throw ArborException.unavailable("NETWORK", "The connection to the backend was reset.", null);
                    }
                    try {
                        Object r = method.invoke(backend, args);
                        if (method.getName().equals("restore")) {
                            restoredOnce.set(true);
                        }
                        return r;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        state = new ProjectState(backend, executor, clock);
        state.start();
        RestoreWizardViewModel w = new RestoreWizardViewModel(flaky, executor, activity, state, backend.getBranch("dev").id(),
                shown::add, () -> closed = true);
        w.next();
        w.source().kindProperty().set(SourceKind.OTHER_BRANCH);
        w.source().branchProperty().set(backend.getBranch("other"));
        w.next();
        w.next();
        String backupName = w.confirm().backupNameProperty().get();
        w.restore();

        assertEquals(Step.RESULT, w.stepProperty().get(), "the restore happened, so the result is shown");
        assertNull(w.outcome().failureProperty().get());
        assertTrue(w.outcome().messageProperty().get().startsWith("Restored \"dev\" from \"other\""), w.outcome().messageProperty().get());
        assertTrue(activity.messageProperty().get().startsWith("Restored \"dev\""), activity.messageProperty().get());
        assertEquals(Map.of(1L, "one", 2L, "two", 6L, "six"), items("dev"));
        assertEquals("The restore succeeded, but Arbor could not check afterwards whether it can be undone, so Undo is not "
                + "offered: The connection to the backend was reset. The backup \"" + backupName + "\" keeps the state from "
                + "before the restore.", w.outcome().undoProblemProperty().get());
        int branches = backend.listBranches().size();
        w.restore();
        w.outcome().undo();
        assertEquals(branches, backend.listBranches().size(), "Restore is not offered again");
        assertEquals(Map.of(1L, "one", 2L, "two", 6L, "six"), items("dev"));
    }

    @Test
    void theSummaryPromisesUndoOnlyWhereTheRulesAllowIt() {
        backend.createBranch(CreateBranchSpec.named("dev").protect());
        backend.createBranch(CreateBranchSpec.named("qa"));
        backend.createBranch(CreateBranchSpec.named("other"));

        RestoreWizardViewModel ordinary = onConfirmation(backend, "qa", "other");
        String q = ordinary.confirm().backupNameProperty().get();
        assertTrue(ordinary.confirm().summary().contains("The current state of \"qa\" is kept in a new backup branch \"" + q
                + "\", so the restore can be undone."), ordinary.confirm().summary()::toString);
        ordinary.cancel();

        RestoreWizardViewModel w = onConfirmation(backend, "dev", "other");
        String b = w.confirm().backupNameProperty().get();
        assertTrue(w.confirm().summary().contains("The current state of \"dev\" is kept in a new backup branch \"" + b + "\", but the "
                + "restore cannot be undone afterwards: undoing it would reset \"dev\" from \"" + b + "\", its new parent, and "
                + "\"dev\" is protected and cannot be reset. Remove its protection first."), w.confirm().summary()::toString);
        assertTrue(w.canNextProperty().get(), "the restore itself is allowed");
        w.restore();
        assertEquals(Step.RESULT, w.stepProperty().get());
        assertEquals("\"dev\" is protected and cannot be reset. Remove its protection first.", w.outcome().undoProblemProperty().get());
        w.outcome().undo();
        assertNull(w.outcome().undoConfirmationProperty().get(), "Undo is not offered");
    }

    // ---- preview ---------------------------------------------------------------------------------

    @Test
    void thePreviewShowsTablesRowCountsDifferencesAndPagesOfRows() {
        Instant before = clock.instant();
        sql("main", "insert into items select g, 'row ' || g from generate_series(10, 39) g");
        RestoreWizardViewModel w = wizard("main");
        w.next();
        w.next();
        typeTime(w.picker(), before);
        w.next();
        RestorePreviewModel p = w.preview();
        assertFalse(p.loadingProperty().get());
        assertEquals(List.of(new PreviewTable(DB, "items", 2L, 32L)), p.tables());
        assertEquals("-30 rows", p.tables().get(0).change());
        assertEquals(List.of("neondb.items has 2 rows at the point and 32 rows now (-30 rows after the restore)."), p.differences());
        assertEquals(List.of("id", "label"), p.columns(), "the first table opens in the browser");
        assertEquals(List.of(List.of("1", "one"), List.of("2", "two")), p.rows());

        w.back();
        w.picker().show(clock.instant());
        w.next();
        assertEquals("Rows 1–25 of 32", p.pageTextProperty().get());
        assertFalse(p.hasPreviousProperty().get());
        p.nextPage();
        assertEquals("Rows 26–32 of 32", p.pageTextProperty().get());
        assertEquals(7, p.rows().size());
        assertFalse(p.hasNextProperty().get());
        p.previousPage();
        assertEquals("Rows 1–25 of 32", p.pageTextProperty().get());
        assertEquals(List.of("\"main\" now has the same tables, columns and row counts as the point."), p.differences());
    }

    @Test
    void thePreviewComparesSchemasAndSaysWhyRowsAreMissingWhereOnlyTheSchemaIsAvailable() {
        Instant before = clock.instant();
        sql("main", "create table notes (id bigint)");
        BranchBackend schemaOnly = schemaOnly(backend);
        RestoreWizardViewModel w = wizard(schemaOnly, "main");
        w.next();
        w.next();
        typeTime(w.picker(), before);
        assertTrue(w.picker().resolutionProperty().get().startsWith("This backend cannot say beforehand which LSN"));
        w.next();
        RestorePreviewModel p = w.preview();
        assertTrue(p.noteProperty().get().startsWith("Only the schema is shown: this backend can give the schema at a point in time, but not"));
        assertTrue(p.tables().isEmpty());
        assertTrue(p.schemaProperty().get().contains("CREATE TABLE public.items"));
        assertEquals(List.of("neondb: only on \"main\" now: CREATE TABLE public.notes ( …"), p.differences());
    }

    @Test
    void theSchemaOnlyPreviewComparesDatabasesThatAreOnlyOnTheTarget() {
        backend.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite()));
        backend.createBranch(CreateBranchSpec.named("other"));
        engine.createDatabase("dev", "analytics", "neondb_owner");
        var analytics = engine.connectionDetails("dev", "analytics", null);
        try (var c = java.sql.DriverManager.getConnection(analytics.jdbcUrl(), analytics.jdbcProperties(null));
             var st = c.createStatement()) {
            st.execute("create table events (id bigint)");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        engine.resolve("dev", PointInTime.HEAD);
        tick();
        RestoreWizardViewModel w = onConfirmation(schemaOnly(backend), "dev", "other");
        w.back();
        RestorePreviewModel p = w.preview();
        assertEquals(Step.PREVIEW, w.stepProperty().get());
        assertEquals(List.of("analytics: the database is on \"dev\" now but not at the point; the restore removes it.",
                "analytics: only on \"dev\" now: CREATE TABLE public.events ( …"), p.differences());
        assertTrue(p.schemaProperty().get().contains("-- database analytics\n-- not at the point"), p.schemaProperty().get());
    }

    /** The backend as one that gives schema at a point but no rows and no timestamp lookup, like the Neon API. */
    private static BranchBackend schemaOnly(BranchBackend real) {
        return (BranchBackend) Proxy.newProxyInstance(BranchBackend.class.getClassLoader(), new Class<?>[] {BranchBackend.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "capabilities" -> {
                            return new Capabilities(true, false, false, true);
                        }
                        case "listTables", "readRows" -> throw ArborException.invalid("NO_ROWS", "No rows here.");
                        default -> {
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    }
                });
    }
}
