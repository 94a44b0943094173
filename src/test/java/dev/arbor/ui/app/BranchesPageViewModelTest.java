package dev.arbor.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchName;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.BranchPolicy.Action;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.actions.BulkDeleteDialogModel;
import dev.arbor.ui.actions.ConfirmDialogModel;
import dev.arbor.ui.actions.MenuEntry;
import dev.arbor.ui.actions.RenameDialogModel;
import dev.arbor.ui.actions.ResetChildrenDialogModel;
import dev.arbor.ui.branches.BranchRow;
import dev.arbor.ui.branches.QuickFilter;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.Formats;
import dev.arbor.ui.common.Shortcut;
import dev.arbor.ui.create.CreateBranchViewModel;
import dev.arbor.ui.create.PointKind;
import dev.arbor.ui.details.BranchDetailsViewModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Branches page's models against a real engine, on one thread. */
class BranchesPageViewModelTest {
    @TempDir
    Path dataDir;

    private PageOnEngine fixture;
    private EmbeddedBackend backend;
    private BranchesPageViewModel page;
    private Activity activity;

    @BeforeEach
    void open() {
        fixture = new PageOnEngine(dataDir);
        backend = fixture.backend;
        page = fixture.page;
        activity = fixture.activity;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Branch create(CreateBranchSpec spec) {
        return backend.createBranch(spec).branch();
    }

    private List<String> visible() {
        return page.list().visibleRows().stream().map(BranchRow::name).toList();
    }

    private String id(String name) {
        return backend.getBranch(name).id();
    }

    @Test
    void thePaletteNamesEachActionsShortcutFromTheSameTableThePageListensTo() {
        page.openPalette();
        java.util.Map<String, String> shown = new java.util.HashMap<>();
        for (PaletteItem item : page.paletteProperty().get().results()) {
            shown.put(item.label(), item.detail());
        }
        assertEquals(Shortcut.CREATE.label(), shown.get("Create branch"));
        assertEquals(Shortcut.REFRESH.label(), shown.get("Refresh"));
        assertEquals(Shortcut.RESTORE.label(), shown.get("Restore a branch…"));
        assertEquals(Shortcut.TREE.label(), shown.get("Show the branch tree"));
        assertEquals(null, shown.get("Connect…"), "connecting needs a selected branch");
    }

    @Test
    void withABranchSelectedThePaletteOffersConnectFirstAndOpensIt() {
        page.select(id("main"));
        page.openPalette();
        page.paletteProperty().get().queryProperty().set("connect");
        PaletteItem first = page.paletteProperty().get().results().get(0);
        assertEquals("Connect…", first.label());
        assertEquals(Shortcut.CONNECT.label(), first.detail());
        page.paletteProperty().get().chooseFirst();
        assertEquals("Connect to \"main\"", page.actions().dialogProperty().get().title());
    }

    @Test
    void thePaletteFindsABranchByNameInATurkishLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR")); // "INVOICES".toLowerCase() is "ınvoıces"
        try {
            Branch invoices = create(CreateBranchSpec.named("INVOICES"));
            page.openPalette();
            page.paletteProperty().get().queryProperty().set("invoices");
            assertEquals(List.of(invoices.id()), page.paletteProperty().get().results().stream()
                    .filter(i -> i.kind().equals("Branch")).map(PaletteItem::detail).toList());
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void searchMatchesAnyPartOfNameOrIdAndFiltersNarrow() {
        Branch dev = create(CreateBranchSpec.named("dev/alex"));
        create(CreateBranchSpec.named("production").protect());
        create(CreateBranchSpec.named("preview/pr-1").expiringAt(java.time.Instant.now().plus(Duration.ofHours(2))));

        page.list().searchProperty().set("ALE");
        assertEquals(List.of("dev/alex"), visible());
        page.list().searchProperty().set(dev.id().substring(3).toUpperCase());
        assertEquals(List.of("dev/alex"), visible());
        assertEquals("1 of 4 branches", page.list().countProperty().get());

        page.list().searchProperty().set("");
        page.list().filterProperty().set(QuickFilter.PROTECTED);
        assertEquals(List.of("production"), visible());
        page.list().filterProperty().set(QuickFilter.EXPIRING_SOON);
        assertEquals(List.of("preview/pr-1"), visible());
        page.list().filterProperty().set(QuickFilter.ROOTS);
        assertEquals(List.of("main"), visible());
        BranchRow preview = page.list().rows().stream().filter(r -> r.name().equals("preview/pr-1")).findFirst().orElseThrow();
        assertEquals("EXPIRES IN 1 H", preview.badges().get(0).label());
    }

    @Test
    void detailsFollowTheSelectedBranchWithItsChildrenAndCatalog() {
        Branch staging = create(CreateBranchSpec.named("staging"));
        create(CreateBranchSpec.named("dev/a").withParent(staging.id()));

        page.select(staging.id());

        BranchDetailsViewModel details = page.details();
        assertEquals(BranchDetailsViewModel.State.READY, details.stateProperty().get());
        assertEquals("staging", details.factsProperty().get().name());
        assertEquals("main", details.factsProperty().get().parentName());
        assertTrue(details.factsProperty().get().branchingPoint().startsWith("LSN "));
        assertEquals(List.of("dev/a"), details.children().stream().map(BranchDetailsViewModel.BranchLink::name).toList());
        assertFalse(details.databases().isEmpty() && details.roles().isEmpty());

        page.select(null);
        assertEquals(BranchDetailsViewModel.State.EMPTY, details.stateProperty().get());
    }

    @Test
    void theMenuSaysWhyAnActionIsRefused() {
        page.select(id("main"));

        MenuEntry reset = page.actions().entry(Action.RESET_FROM_PARENT);
        assertFalse(reset.allowed());
        assertEquals("\"main\" is a root branch: it has no parent to reset from.", reset.whyNot());
        MenuEntry delete = page.actions().entry(Action.DELETE);
        assertFalse(delete.allowed());
        assertTrue(delete.whyNot().contains("cannot be deleted"));
        assertTrue(page.actions().entry(Action.RENAME).allowed());
    }

    @Test
    void renameChecksTheNameAsItIsTypedThenRenames() {
        create(CreateBranchSpec.named("taken"));
        Branch dev = create(CreateBranchSpec.named("dev"));
        page.select(dev.id());

        page.renameSelected();
        RenameDialogModel rename = assertInstanceOf(RenameDialogModel.class, page.actions().dialogProperty().get());
        rename.nameProperty().set("taken");
        assertEquals("A branch named \"taken\" already exists; choose another name.", rename.problemProperty().get());
        assertFalse(rename.canSave());
        rename.nameProperty().set("dev/renamed");
        rename.save();

        assertNull(page.actions().dialogProperty().get());
        assertEquals("dev/renamed", backend.getBranch(dev.id()).name());
        assertEquals("Renamed \"dev\" to \"dev/renamed\".", activity.messageProperty().get());
        assertEquals("dev/renamed", page.details().factsProperty().get().name());
    }

    @Test
    void renameAndCreateRefuseConfusingNamesWithTheSentenceTheServerSends() {
        Branch dev = create(CreateBranchSpec.named("dev"));
        page.select(dev.id());
        page.renameSelected();
        RenameDialogModel rename = assertInstanceOf(RenameDialogModel.class, page.actions().dialogProperty().get());
        for (String name : List.of("main\u202e", "\u200b", "a\u2028b", " dev", "count", "m\ud800", dev.id())) {
            rename.nameProperty().set(name);
            if (name.equals(dev.id())) {
                // its own id is the name it had when created without one; any other branch's id is refused
                assertNull(rename.problemProperty().get());
                continue;
            }
            assertEquals(BranchName.check(name).message(), rename.problemProperty().get(), name);
            assertFalse(rename.canSave(), name);
        }
        rename.nameProperty().set("\ud83d\ude00".repeat(256));
        assertNull(rename.problemProperty().get(), "256 characters, though 512 UTF-16 units");
        rename.cancel();

        CreateBranchViewModel create = openCreate();
        create.nameProperty().set("\u3164\u3164");
        assertEquals(BranchName.check("\u3164\u3164").message(), create.nameProblemProperty().get());
        assertTrue(create.nameProblemProperty().get().startsWith("A branch name can have no characters that show as blank space"));
        create.nameProperty().set(backend.getBranch("main").id());
        assertTrue(create.nameProblemProperty().get().contains("looks like a branch id"), create.nameProblemProperty().get());
        assertFalse(create.canCreateProperty().get());
    }

    @Test
    void resetOfABranchWithChildrenOffersToDeleteThemAndContinue() {
        Branch staging = create(CreateBranchSpec.named("staging"));
        create(CreateBranchSpec.named("dev/a").withParent(staging.id()));
        create(CreateBranchSpec.named("dev/a-1").withParent(id("dev/a")));
        page.select(staging.id());

        page.actions().open(Action.RESET_FROM_PARENT);
        ResetChildrenDialogModel dialog = assertInstanceOf(ResetChildrenDialogModel.class, page.actions().dialogProperty().get());
        assertEquals(List.of("dev/a-1", "dev/a"), dialog.children().stream().map(Branch::name).toList());
        assertNull(dialog.deleteChildrenProblem());
        dialog.deleteChildrenAndReset();

        assertEquals(List.of("main", "staging"), page.list().rows().stream().map(BranchRow::name).toList());
        assertNotNull(backend.getBranch(staging.id()).lastResetAt());
    }

    @Test
    void anActionTheRulesRefusedSinceTheMenuOpenedSaysWhyAndOpensNothing() {
        Branch dev = create(CreateBranchSpec.named("dev"));
        page.select(dev.id());
        assertTrue(page.actions().menuProperty().get().stream()
                .anyMatch(e -> e.action() == Action.DELETE && e.allowed()), "the menu offered Delete");
        backend.updateBranch(dev.id(), BranchPatch.protect(true)); // as another client does, before the click

        page.actions().open(Action.DELETE);
        assertNull(page.actions().dialogProperty().get(), "no dialog opens");
        assertTrue(activity.messageProperty().get().contains("protected"), activity.messageProperty().get());
        assertEquals("ACTION_REFUSED", activity.failureProperty().get().code());
        assertTrue(backend.getBranch(dev.id()).isProtected());
    }

    @Test
    void resetWithChildrenCanKeepTheCurrentStateAsABackup() {
        Branch staging = create(CreateBranchSpec.named("staging"));
        create(CreateBranchSpec.named("dev/a").withParent(staging.id()));
        page.select(staging.id());

        page.actions().open(Action.RESET_FROM_PARENT);
        ResetChildrenDialogModel dialog = (ResetChildrenDialogModel) page.actions().dialogProperty().get();
        dialog.backupNameProperty().set("staging-before-reset");
        dialog.keepBackupAndReset();

        Branch backup = backend.getBranch("staging-before-reset");
        assertEquals(backup.id(), backend.getBranch("dev/a").parentId());
    }

    @Test
    void resetWithoutChildrenStatesItsConsequences() {
        Branch dev = create(CreateBranchSpec.named("dev"));
        page.select(dev.id());
        page.actions().open(Action.RESET_FROM_PARENT);
        ConfirmDialogModel confirm = assertInstanceOf(ConfirmDialogModel.class, page.actions().dialogProperty().get());
        String all = String.join(" ", confirm.consequences());
        assertTrue(all.contains("All databases"));
        assertTrue(all.contains("interrupted"));
        assertTrue(all.contains("No backup"));
        confirm.confirm();
        assertNotNull(backend.getBranch(dev.id()).lastResetAt());
    }

    @Test
    void bulkDeleteDeletesChildrenFirstAndSkipsProtectedAndDefault() {
        Branch a = create(CreateBranchSpec.named("a"));
        Branch a1 = create(CreateBranchSpec.named("a-1").withParent(a.id()));
        Branch prod = create(CreateBranchSpec.named("prod").protect());

        page.setSelection(List.of(id("main"), a.id(), a1.id(), prod.id()), a.id());
        page.deleteSelected();
        BulkDeleteDialogModel bulk = assertInstanceOf(BulkDeleteDialogModel.class, page.actions().dialogProperty().get());
        assertEquals(List.of("a-1", "a"), bulk.plan().deletions().stream().map(Branch::name).toList());
        assertEquals(List.of("main", "prod"), bulk.plan().skipped().stream().map(s -> s.branch().name()).sorted().toList());
        assertTrue(bulk.plan().skipped().stream().anyMatch(s -> s.reason().contains("protected")));

        bulk.confirm();
        assertEquals(BulkDeleteDialogModel.Phase.DONE, bulk.phaseProperty().get());
        assertTrue(bulk.summaryProperty().get().startsWith("Deleted 2 branches. Skipped 2"));
        assertEquals(List.of("main", "prod"), page.list().rows().stream().map(BranchRow::name).toList());
    }

    @Test
    void createAtATimestampIsCheckedAgainstTheParentsHistoryAndSelectsTheNewBranch() throws Exception {
        CreateBranchViewModel create = openCreate();
        assertEquals("main", create.parentProperty().get().name());
        assertNotNull(create.windowProperty().get());

        create.nameProperty().set("main");
        assertEquals("A branch named \"main\" already exists; choose another name.", create.nameProblemProperty().get());
        create.nameProperty().set("dev/at-time");
        create.pointKindProperty().set(PointKind.TIMESTAMP);
        create.timestampProperty().set("1999-01-01 00:00:00");
        assertTrue(create.pointProblemProperty().get().contains("is outside the history of \"main\""));
        assertFalse(create.canCreateProperty().get());
        create.timestampProperty().set(Formats.dateTimeSeconds(create.windowProperty().get().head(), ZoneOffset.UTC));
        assertNull(create.pointProblemProperty().get());

        create.pointKindProperty().set(PointKind.LSN);
        create.lsnProperty().set("nope");
        assertTrue(create.pointProblemProperty().get().startsWith("\"nope\" is not an LSN"));
        create.pointKindProperty().set(PointKind.TIMESTAMP);
        create.create();

        Branch made = backend.getBranch("dev/at-time");
        assertEquals(made.id(), page.selectedIdProperty().get());
        assertNull(page.createProperty().get());
        assertEquals("dev/at-time", page.details().factsProperty().get().name());
    }

    @Test
    void aFailedCreateKeepsTheDialogOpenWithTheBackendsSentence() {
        CreateBranchViewModel create = openCreate();
        create.nameProperty().set("x");
        backend.createBranch(CreateBranchSpec.named("x"));
        // the list already knows "x" through its event, so the rules catch it before the backend does
        assertNotNull(create.nameProblemProperty().get());
        backend.updateBranch(backend.getBranch("x").id(), BranchPatch.rename("y"));
        create.nameProperty().set("x ");
        create.nameProperty().set("x");
        assertNull(create.nameProblemProperty().get());
    }

    private CreateBranchViewModel openCreate() {
        page.openCreate();
        return page.createProperty().get();
    }
}
