package dev.arbor.ui.branches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.common.SameThreadUiExecutor;
import dev.arbor.ui.common.SteppedUiExecutor;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.project.ProjectState;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BranchTableModelTest {
    @TempDir
    Path dataDir;

    private EmbeddedBackend backend;
    private ProjectState state;
    private BranchTableModel model;

    @BeforeEach
    void openProject() {
        backend = EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options());
    }

    @AfterEach
    void closeProject() {
        if (state != null) {
            state.close();
        }
        backend.close();
    }

    private BranchTableModel started(UiExecutor executor) {
        state = new ProjectState(backend, executor, ZoneOffset.UTC);
        model = new BranchTableModel(state);
        state.start();
        return model;
    }

    private BranchTableModel started() {
        return started(new SameThreadUiExecutor());
    }

    private List<String> names() {
        return model.rows().stream().map(BranchRow::name).toList();
    }

    private BranchRow row(String name) {
        return model.rows().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row named " + name + " in " + names()));
    }

    private Branch create(CreateBranchSpec spec) {
        return backend.createBranch(spec).branch();
    }

    @Test
    void aNewProjectListsMainAsItsDefaultRootBranch() {
        started();

        assertEquals(List.of("main"), names());
        BranchRow main = row("main");
        assertEquals(List.of("DEFAULT"), main.badges().stream().map(BranchBadge::label).toList());
        assertEquals("—", main.parent());
        assertFalse(model.loadingProperty().get());
        assertNull(model.errorProperty().get());
        assertTrue(model.liveUpdatesProperty().get());
        assertEquals("1 branch", model.statusProperty().get());
    }

    @Test
    void anExpiringBranchsBadgeIsUpperCasedByEnglishRulesInATurkishLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR")); // where "min".toUpperCase() is "MİN"
        try {
            Instant now = Instant.now();
            Branch soon = backend.createBranch(CreateBranchSpec.named("soon").expiringAt(now.plus(Duration.ofMinutes(30))))
                    .branch();
            BranchBadge badge = BranchBadge.of(soon, ZoneOffset.UTC, soon.expiresAt().minus(Duration.ofMinutes(30))).stream()
                    .filter(b -> b.kind() == BranchBadge.Kind.EXPIRES).findFirst().orElseThrow();
            assertEquals("EXPIRES IN 30 MIN", badge.label());
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void rowsShowCreationTimeAndDataSizeAsText() {
        started();
        Branch main = backend.getBranch("main");

        BranchRow row = row("main");
        assertEquals(main.createdAt(), row.createdAt());
        assertEquals(main.createdAt().atZone(ZoneOffset.UTC).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES)
                .toString().replace('T', ' '), row.created());
        assertEquals(main.logicalSize(), row.dataSizeBytes());
        assertTrue(row.dataSize().matches("\\d+(\\.\\d)? (B|KB|MB|GB)"), row.dataSize());
    }

    @Test
    void aBranchCreatedElsewhereAppearsWithoutRefresh() {
        started();

        create(CreateBranchSpec.named("dev/alex"));

        assertEquals(List.of("main", "dev/alex"), names());
        assertEquals("main", row("dev/alex").parent());
        assertTrue(row("dev/alex").badges().isEmpty());
        assertEquals("2 branches", model.statusProperty().get());
    }

    @Test
    void renamingAParentRenamesItInItsChildrensRows() {
        started();
        create(CreateBranchSpec.named("dev"));

        backend.updateBranch(backend.getBranch("main").id(), BranchPatch.rename("production"));

        assertEquals(List.of("production", "dev"), names());
        assertEquals("production", row("dev").parent());
    }

    @Test
    void aDeletedBranchDisappears() {
        started();
        Branch dev = create(CreateBranchSpec.named("dev"));

        backend.deleteBranch(dev.id());

        assertEquals(List.of("main"), names());
        assertEquals("1 branch", model.statusProperty().get());
    }

    @Test
    void protectionAndExpirationShowAsBadgesWithExplanations() {
        started();
        Instant expires = Instant.now().plus(1, ChronoUnit.DAYS);
        create(CreateBranchSpec.named("preview").expiringAt(expires));
        create(CreateBranchSpec.named("staging").protect());

        assertTrue(row("staging").hasBadge(BranchBadge.Kind.PROTECTED));
        BranchBadge badge = row("preview").badges().getFirst();
        assertEquals("EXPIRES IN 23 H", badge.label(), "the tag says how long is left, rounded down");
        String when = expires.atZone(ZoneOffset.UTC).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES)
                .toString().replace('T', ' ');
        assertEquals("Deleted automatically at " + when + ".", badge.explanation());

        backend.updateBranch(backend.getBranch("staging").id(), BranchPatch.protect(false));
        assertFalse(row("staging").hasBadge(BranchBadge.Kind.PROTECTED));
    }

    @Test
    void aSchemaOnlyBranchIsMarkedAndHasNoParent() {
        started();

        create(CreateBranchSpec.named("schema-copy").schemaOnly());

        assertTrue(row("schema-copy").hasBadge(BranchBadge.Kind.SCHEMA_ONLY));
        assertEquals("—", row("schema-copy").parent());
    }

    @Test
    void restoringFromOwnHistoryAddsTheBackupBranch() {
        Branch main = backend.getBranch("main");
        create(CreateBranchSpec.named("dev"));
        started();

        backend.restore(main.id(), new RestoreSpec(main.id(), PointInTime.at(main.headLsn()), "main_before_restore"));

        assertTrue(row("main_before_restore").hasBadge(BranchBadge.Kind.BACKUP), () -> names().toString());
        assertEquals(backend.listBranches().size(), model.rows().size());
        assertTrue(row("main").hasBadge(BranchBadge.Kind.DEFAULT));
    }

    @Test
    void theDefaultBadgeMovesWithSetDefault() {
        started();
        Branch dev = create(CreateBranchSpec.named("dev"));

        backend.setDefault(dev.id());

        assertTrue(row("dev").hasBadge(BranchBadge.Kind.DEFAULT));
        assertFalse(row("main").hasBadge(BranchBadge.Kind.DEFAULT));
    }

    @Test
    void aChangeDeliveredBeforeTheSnapshotItFollowsIsKept() {
        SteppedUiExecutor executor = new SteppedUiExecutor();
        started(executor);
        Runnable loadResult = executor.runNextWorkHoldingResult();   // subscribes, reads [main], then stalls

        create(CreateBranchSpec.named("dev"));
        executor.runUiThread();   // the event reaches the UI thread first...
        loadResult.run();         // ...and the older snapshot second

        assertEquals(List.of("main", "dev"), names());
        assertEquals("2 branches", model.statusProperty().get());
    }

    @Test
    void anOlderLoadArrivingLateDoesNotReplaceANewerOne() {
        SteppedUiExecutor executor = new SteppedUiExecutor();
        started(executor);
        executor.runAll();
        model.refresh();
        Runnable lateResult = executor.runNextWorkHoldingResult();   // reads [main], then stalls

        create(CreateBranchSpec.named("dev"));
        model.refresh();
        executor.runNextWork();                                      // reads [main, dev]
        executor.runUiThread();
        lateResult.run();

        assertEquals(List.of("main", "dev"), names());
        assertFalse(model.loadingProperty().get());
    }

    @Test
    void aFailedLoadSaysWhatHappenedAndKeepsTheRows() {
        started();
        backend.close();
        assertThrows(RuntimeException.class, backend::listBranches);

        model.refresh();

        assertNotNull(model.errorProperty().get());
        assertEquals(model.errorProperty().get().sentence(), model.statusProperty().get());
        assertFalse(model.loadingProperty().get());
        assertEquals(List.of("main"), names());
        backend = EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options());
    }

    @Test
    void afterCloseChangesAreNoLongerFollowed() {
        started();
        state.close();

        create(CreateBranchSpec.named("dev"));

        assertEquals(List.of("main"), names());
        assertFalse(model.liveUpdatesProperty().get());
    }
    @Test
    void aLoadThatArrivesBeforeTheTableIsMadeIsTakenWithTheChangesMadeSince() {
        SteppedUiExecutor executor = new SteppedUiExecutor();
        state = new ProjectState(backend, executor, java.time.Clock.systemUTC());
        state.start();
        executor.runNextWork();                                   // subscribes and reads [main]
        create(CreateBranchSpec.named("dev/while-the-page-was-built"));
        executor.runUiThread();                                   // the load arrives; no table yet
        model = new BranchTableModel(state);                      // the table is made after the load

        executor.runUiThread();                                   // the change the subscription saw

        assertEquals(List.of("main", "dev/while-the-page-was-built"), names());
        assertTrue(model.liveUpdatesProperty().get());
        assertFalse(model.loadingProperty().get());
        create(CreateBranchSpec.named("dev/after"));
        executor.runUiThread();
        assertEquals(List.of("main", "dev/while-the-page-was-built", "dev/after"), names());
    }

    @Test
    void aTableMadeBeforeItsLoadArrivesSaysItIsLoadingThenShowsTheBranches() {
        SteppedUiExecutor executor = new SteppedUiExecutor();
        state = new ProjectState(backend, executor, java.time.Clock.systemUTC());
        state.start();
        model = new BranchTableModel(state);

        assertTrue(model.loadingProperty().get());
        assertEquals("Loading branches…", model.statusProperty().get());
        executor.runAll();

        assertEquals(List.of("main"), names());
        assertFalse(model.loadingProperty().get());
        assertEquals("1 branch", model.statusProperty().get());
    }

    @Test
    void aRefreshThatLandsBeforeTheFirstLoadKeepsItsRowsAndTheLoadStillBringsLiveUpdates() {
        SteppedUiExecutor executor = new SteppedUiExecutor();
        state = new ProjectState(backend, executor, java.time.Clock.systemUTC());
        model = new BranchTableModel(state);
        state.start();
        model.refresh();                                          // F5 while the page says "Loading branches…"

        Runnable firstArrives = executor.runNextWorkHoldingResult(); // the first load subscribes and takes its snapshot
        backend.createBranch(CreateBranchSpec.named("dev/meanwhile"));
        executor.runNextWork();                                   // the refresh's snapshot, which has it, lands first
        executor.runUiThread();
        assertEquals(List.of("main", "dev/meanwhile"), names());

        firstArrives.run();                                       // then the older first load hands over
        executor.runUiThread();
        assertEquals(List.of("main", "dev/meanwhile"), names());
        assertFalse(model.loadingProperty().get());
        assertTrue(model.liveUpdatesProperty().get());

        backend.createBranch(CreateBranchSpec.named("dev/later"));
        executor.runAll();
        assertEquals(List.of("main", "dev/meanwhile", "dev/later"), names());
    }

    @Test
    void aFirstLoadThatFailsIsTriedAgainAndAFailureThenSaysWhy() {
        SteppedUiExecutor executor = new SteppedUiExecutor();
        state = new ProjectState(backend, executor, java.time.Clock.systemUTC());
        model = new BranchTableModel(state);
        state.start();
        backend.close();

        executor.runAll();                                        // the first load fails quietly; the state tries
                                                                  // again, and that failure says so

        assertNotNull(model.errorProperty().get());
        assertEquals(model.errorProperty().get().sentence(), model.statusProperty().get());
        backend = EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options());
    }

    @Test
    void searchNarrowsTheRowsInTheTablesSortOrder() {
        started();
        create(CreateBranchSpec.named("dev/b"));
        create(CreateBranchSpec.named("dev/a"));
        create(CreateBranchSpec.named("preview/c"));
        model.sortOrderProperty().set(java.util.Comparator.comparing(BranchRow::name).reversed());

        model.searchProperty().set("DEV/");

        assertEquals(List.of("dev/b", "dev/a"), model.visibleRows().stream().map(BranchRow::name).toList());
        assertEquals("2 of 4 branches", model.countProperty().get());
        model.sortOrderProperty().set(java.util.Comparator.comparing(BranchRow::name));
        assertEquals(List.of("dev/a", "dev/b"), model.visibleRows().stream().map(BranchRow::name).toList());
        model.searchProperty().set("");
        assertEquals(List.of("dev/a", "dev/b", "main", "preview/c"),
                model.visibleRows().stream().map(BranchRow::name).toList());
    }

    @Test
    void aBranchIdIsFoundByAnyPartOfItButNotAcrossNameAndId() {
        started();
        Branch dev = create(CreateBranchSpec.named("dev"));

        model.searchProperty().set(dev.id().substring(dev.id().length() - 8).toUpperCase());
        assertEquals(List.of("dev"), model.visibleRows().stream().map(BranchRow::name).toList());
        model.searchProperty().set("dev" + dev.id().substring(0, 2));
        assertTrue(model.visibleRows().isEmpty(), "a match must lie within the name or within the id");
    }
    @Test
    void eachQuickFilterLetsThroughItsBranchesAndTheCountSaysHowMany() {
        Branch main = backend.getBranch("main");
        create(CreateBranchSpec.named("dev"));
        create(CreateBranchSpec.named("prod").protect());
        create(CreateBranchSpec.named("preview/soon").expiringAt(Instant.now().plus(2, ChronoUnit.HOURS)));
        create(CreateBranchSpec.named("preview/later").expiringAt(Instant.now().plus(6, ChronoUnit.DAYS)));
        create(CreateBranchSpec.named("analytics").schemaOnly());
        backend.restore(main.id(), new RestoreSpec(main.id(), PointInTime.at(main.headLsn()), "main_before"));
        // three days from now: nothing has been active since the branches were made
        java.time.Clock later = java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofDays(3));
        state = new ProjectState(backend, new SameThreadUiExecutor(), later);
        model = new BranchTableModel(state);
        state.start();

        assertEquals(List.of("main", "analytics", "main_before"), visibleWith(QuickFilter.ROOTS));
        assertEquals("3 of 7 branches", model.countProperty().get());
        assertEquals(List.of("prod"), visibleWith(QuickFilter.PROTECTED));
        assertEquals(List.of("preview/soon"), visibleWith(QuickFilter.EXPIRING_SOON));
        assertEquals(List.of("main_before"), visibleWith(QuickFilter.BACKUPS));
        model.inactiveDaysProperty().set(7);
        assertEquals(List.of(), visibleWith(QuickFilter.INACTIVE), "made three days ago: active within seven days");
        model.inactiveDaysProperty().set(2);
        assertEquals(7, model.visibleRows().size(), "nothing active for two days");
        model.searchProperty().set("preview/");
        assertEquals(List.of("preview/soon", "preview/later"), model.visibleRows().stream().map(BranchRow::name).toList(),
                "the search and the quick filter narrow together");
        model.clearSearch();
        assertEquals(7, model.visibleRows().size());
        assertEquals("7 branches", model.countProperty().get());
    }

    private List<String> visibleWith(QuickFilter f) {
        model.filterProperty().set(f);
        return model.visibleRows().stream().map(BranchRow::name).toList();
    }
}
