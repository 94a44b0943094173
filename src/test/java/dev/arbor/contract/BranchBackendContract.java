package dev.arbor.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BackendEvent;
import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.BranchResult;
import dev.arbor.backend.Capabilities;
import dev.arbor.backend.HistoryWindow;
import dev.arbor.backend.Page;
import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.InitSource;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.domain.TableInfo;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import dev.arbor.engine.ManualClock;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link BranchBackend} must show, as one suite that concrete subclasses run against a backend
 * over a real {@link EmbeddedEngine} on real Postgres, driven by a {@link ManualClock} that follows real time.
 *
 * <p>Data is written in SQL through a branch's own connection string, as setup: the Neon API serves no row data.
 * Commit times are the ones Postgres records, so the clock moves to the next millisecond once real time has passed
 * it after each write ({@link #tick()}): a moment read from the clock lies between two commits, and is never in the
 * future of a remote backend's wall clock.
 * Every assertion about branches, endpoints and operations goes through the backend under test; where it reports
 * a branch, the value is also checked against the engine's own record of it ({@link #matchesEngine}), so a backend
 * that reports the same ids, names, parents, flags and LSNs passes and one that loses or bends a field fails.
 * Where backends legitimately differ, the suite asserts the {@link Capabilities} flag and the behaviour it
 * implies, never skips.
 */
abstract class BranchBackendContract {
    static final String DB = "neondb";
    private static final EngineOptions.NewProject PROJECT = new EngineOptions.NewProject("contract", 86_400,
            Project.Limits.DEFAULT);

    @TempDir
    Path dir;

    /** When the test's engine opened: after the project was made and before anything the test writes. */
    protected Instant start;

    protected ManualClock clock;
    protected EmbeddedEngine engine;
    protected BranchBackend backend;

    /** The backend under test, serving the project of {@code engine}. */
    protected abstract BranchBackend open(EmbeddedEngine engine);

    /** Closes what {@link #open} started; the engine is closed afterwards by the suite. */
    protected abstract void closeBackend();

    /** What this backend says it can do. */
    protected abstract Capabilities expectedCapabilities();

    /**
     * Each test copies a project made once per test JVM, whose main already has table {@code items(id, label)}: a
     * copy opens in a tenth of a second, a new project with a table takes seconds.
     */
    @BeforeEach
    void openEngineAndBackend() {
        Path project = PgProjects.prepare(dir.resolve("project"), "contract-items", PROJECT,
                e -> PgProjects.sql(e, "main", "create table items (id bigint primary key, label text)"));
        clock = new ManualClock(nextMillisecond(null));
        start = clock.instant();
        engine = EmbeddedEngine.open(project, PgProjects.options().withClock(clock).withNewProject(PROJECT));
        backend = open(engine);
    }

    @AfterEach
    void closeAll() {
        try {
            closeBackend();
        } finally {
            engine.close();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /**
     * Moves the clock to the next millisecond once real time has reached it (at most a millisecond's wait), never
     * back: every commit before a tick is at or before the clock's time, every commit after it later.
     */
    void tick() {
        clock.set(nextMillisecond(clock.instant()));
    }

    private static Instant nextMillisecond(Instant notBefore) {
        Instant next = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        if (notBefore != null && !next.isAfter(notBefore)) {
            return notBefore.plusMillis(1);
        }
        while (Instant.now().isBefore(next)) {
            Thread.onSpinWait();
        }
        return next;
    }

    /**
     * Moves the clock to the next whole second, as Neon keeps expiration times (the wire sends them to the second).
     * The clock is then up to a second ahead of real time: a test that calls this writes nothing afterwards.
     */
    void toWholeSecond() {
        Instant now = clock.instant();
        Instant whole = now.truncatedTo(ChronoUnit.SECONDS);
        clock.set(whole.equals(now) ? now : whole.plusSeconds(1));
    }

    /**
     * Writes a row in SQL through the branch's connection string (setup: the API serves no data), then reads the
     * branch's head as the engine reports it and ticks. Only a compute takes writes, so a branch without a read-write
     * one gets one first, through the engine.
     */
    void put(String branch, long id, String label) {
        if (engine.endpoints(branch).stream().noneMatch(e -> e.type() == Endpoint.Type.READ_WRITE)) {
            engine.awaitOperations(engine.createEndpoint(branch, EndpointSpec.readWrite()).operations(), Duration.ofMinutes(2));
        }
        PgProjects.sql(engine, branch, "insert into items values (" + id + ", '" + label.replace("'", "''")
                + "') on conflict (id) do update set label = excluded.label");
        engine.resolve(branch, PointInTime.HEAD); // a running compute's head is read when asked for
        tick();
    }

    /** The rows of {@code items} at the branch's head, read as the console reads them (never starting a compute). */
    Map<Long, String> items(String branch) {
        return engine.readPostgres(branch, DB, PointInTime.HEAD, r -> r.readRows("items", 0, 10_000)).rows().stream()
                .collect(Collectors.toMap(r -> ((Number) r.get("id")).longValue(), r -> String.valueOf(r.get("label"))));
    }

    Branch b(String idOrName) {
        return matchesEngine(backend.getBranch(idOrName));
    }

    String id(String name) {
        return backend.getBranch(name).id();
    }

    BranchResult create(CreateBranchSpec spec) {
        BranchResult r = backend.createBranch(spec);
        matchesEngine(r.branch());
        assertTrue(r.operations().stream().allMatch(o -> o.status() == Operation.Status.FINISHED), r.operations().toString());
        return r;
    }

    /**
     * Asserts the backend's view of a branch is the engine's record of it, field for field, except who created it
     * and how ({@code created_by}, {@code creation_source}), which the API server fills in for itself.
     */
    Branch matchesEngine(Branch reported) {
        assertEquals(comparable(engine.branch(reported.id())), comparable(reported), "the backend reports the branch as the engine has it");
        return reported;
    }

    static Branch comparable(Branch b) {
        return new Branch(b.id(), b.projectId(), b.name(), b.parentId(), b.parentLsn(), b.parentTimestamp(), b.isDefault(),
                b.isProtected(), b.currentState(), b.pendingState(), b.stateChangedAt(), b.logicalSize(), null, null,
                b.createdAt(), b.updatedAt(), b.expiresAt(), b.ttlIntervalSeconds(), b.lastResetAt(), b.initSource(),
                b.firstRoot(), b.backup(), b.deletionBlocked(), b.headLsn(), b.headTimestamp());
    }

    /** The whole listing matches the engine, branch for branch. */
    List<Branch> listMatchesEngine() {
        List<Branch> listed = backend.listBranches();
        assertEquals(sorted(engine.branches()), sorted(listed));
        return listed;
    }

    private static List<Branch> sorted(List<Branch> all) {
        return all.stream().map(BranchBackendContract::comparable).sorted(Comparator.comparing(Branch::id)).toList();
    }

    List<String> names() {
        return backend.listBranches().stream().map(Branch::name).sorted().toList();
    }

    /** Asserts the call fails with the code (and the reason, when given) and that no branch changed. */
    ArborException refused(ErrorCode code, String reason, Executable call) {
        List<Branch> before = sorted(backend.listBranches());
        ArborException e = assertThrows(ArborException.class, call);
        assertEquals(code, e.code(), e.reason() + ": " + e.getMessage());
        if (reason != null) {
            assertEquals(reason, e.reason(), e.getMessage());
        }
        assertEquals(before, sorted(backend.listBranches()), "a refused call changes no branch");
        return e;
    }

    static List<Operation.Action> actions(BranchResult r) {
        return r.operations().stream().map(Operation::action).toList();
    }

    // ---- project, listing, lookup --------------------------------------------------------------------

    @Test
    void capabilitiesAreDeclared() {
        assertEquals(expectedCapabilities(), backend.capabilities());
        assertTrue(backend.capabilities().schemaAtPoint(), "every backend serves the schema at a point");
        assertFalse(backend.describe().isBlank());
    }

    @Test
    void projectAndTheNewProjectsTree() {
        Project p = backend.project();
        Project e = engine.project();
        assertEquals(e.id(), p.id());
        assertEquals(e.name(), p.name());
        assertEquals(e.historyRetentionSeconds(), p.historyRetentionSeconds());
        assertEquals(e.limits(), p.limits());
        assertEquals(e.createdAt(), p.createdAt());

        List<Branch> all = listMatchesEngine();
        assertEquals(1, all.size());
        Branch main = all.get(0);
        assertEquals("main", main.name());
        assertTrue(main.isDefault() && main.isRoot() && main.firstRoot());
        assertFalse(main.isProtected() || main.backup() || main.deletionBlocked());
        assertEquals(BranchState.READY, main.currentState());
        assertNotNull(main.headLsn(), "the head LSN is reported");
        assertEquals(List.of("neondb"), backend.listDatabases(main.id()).stream().map(d -> d.name()).toList());
        assertEquals("neondb_owner", backend.listDatabases(main.id()).get(0).ownerName());
        assertEquals(List.of("neondb_owner"), backend.listRoles(main.id()).stream().map(r -> r.name()).toList());
        assertEquals(1, backend.listProjectEndpoints().size(), "main has its read-write compute");
        assertEquals(Endpoint.Type.READ_WRITE, backend.listEndpoints(main.id()).get(0).type());
    }

    @Test
    void getByIdAndByName() {
        Branch dev = create(CreateBranchSpec.named("dev")).branch();
        assertEquals(dev.id(), b(dev.id()).id());
        assertEquals(comparable(b(dev.id())), comparable(b("dev")));
        assertEquals("main", b(b("main").id()).name());
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.getBranch("de"));
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.getBranch("nope"));
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.getBranch("br-no-such-00000000"));
    }

    // ---- creation ----------------------------------------------------------------------------------------

    @Test
    void createAtHead() {
        put("main", 1, "one");
        Branch main = b("main");
        BranchResult r = create(CreateBranchSpec.named("dev").withParent(main.id()));
        Branch dev = r.branch();
        assertEquals("dev", dev.name());
        assertEquals(main.id(), dev.parentId());
        assertEquals(main.headLsn(), dev.parentLsn());
        assertEquals(clock.instant(), dev.parentTimestamp(), "a branch at the head records the moment it was made");
        assertEquals(BranchState.READY, dev.currentState());
        assertFalse(dev.isDefault() || dev.isProtected() || dev.firstRoot() || dev.backup());
        assertEquals(InitSource.PARENT_DATA, dev.initSource());
        assertTrue(dev.id().matches("br-[a-z]+-[a-z]+-[0-9a-f]{8}"), dev.id());
        assertEquals(List.of(Operation.Action.CREATE_BRANCH), actions(r));
        assertEquals(List.of(), r.endpoints());
        assertEquals(Map.of(1L, "one"), items("dev"));
        assertEquals(List.of("dev", "main"), names());
        listMatchesEngine();
        // the parent defaults to the default branch
        assertEquals(main.id(), create(CreateBranchSpec.named("dev2")).branch().parentId());
    }

    @Test
    void createAtTimestampAndAtLsn() {
        put("main", 1, "one");
        Lsn lsnOne = b("main").headLsn();
        Instant afterOne = clock.instant();
        put("main", 2, "two");
        Branch byTime = create(CreateBranchSpec.named("t").at(PointInTime.at(afterOne))).branch();
        Branch byLsn = create(CreateBranchSpec.named("l").at(PointInTime.at(lsnOne))).branch();
        assertEquals(lsnOne, byTime.parentLsn(), "a timestamp resolves to the last LSN committed at or before it");
        assertEquals(afterOne, byTime.parentTimestamp());
        assertEquals(lsnOne, byLsn.parentLsn());
        assertEquals(Map.of(1L, "one"), items("t"));
        assertEquals(Map.of(1L, "one"), items("l"));
    }

    @Test
    void createSchemaOnly() {
        put("main", 1, "one");
        Branch s = create(CreateBranchSpec.named("schema").schemaOnly()).branch();
        assertTrue(s.isRoot() && s.isSchemaOnly());
        assertFalse(s.firstRoot());
        assertNull(s.parentLsn());
        assertEquals(Map.of(), items("schema"));
        assertEquals(backend.schemaSql(id("main"), DB, PointInTime.HEAD), backend.schemaSql(s.id(), DB, PointInTime.HEAD));
    }

    @Test
    void createProtectedExpiringAndWithEndpoint() {
        assertTrue(create(CreateBranchSpec.named("p").protect()).branch().isProtected());
        toWholeSecond();
        Instant at = clock.instant().plus(Duration.ofDays(2));
        Branch e = create(CreateBranchSpec.named("e").expiringAt(at)).branch();
        assertEquals(at, e.expiresAt());
        assertEquals(2 * 86_400L, e.ttlIntervalSeconds());

        BranchResult r = create(CreateBranchSpec.named("withep").withEndpoint(EndpointSpec.readWrite()));
        assertEquals(1, r.endpoints().size());
        Endpoint ep = r.endpoints().get(0);
        assertEquals(Endpoint.Type.READ_WRITE, ep.type());
        assertEquals(Endpoint.State.ACTIVE, ep.currentState());
        assertEquals(r.branch().id(), ep.branchId());
        assertEquals(List.of(Operation.Action.CREATE_BRANCH, Operation.Action.START_COMPUTE), actions(r));
        assertEquals(List.of(ep.id()), backend.listEndpoints(r.branch().id()).stream().map(Endpoint::id).toList());

        refused(ErrorCode.RULE_VIOLATED, "PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED",
                () -> backend.createBranch(CreateBranchSpec.named("pe").protect().expiringAt(at)));
        refused(ErrorCode.INVALID_INPUT, "EXPIRATION_IN_PAST",
                () -> backend.createBranch(CreateBranchSpec.named("past").expiringAt(clock.instant().minusSeconds(1))));
        refused(ErrorCode.INVALID_INPUT, "EXPIRATION_TOO_FAR",
                () -> backend.createBranch(CreateBranchSpec.named("far").expiringAt(clock.instant().plus(Duration.ofDays(31)))));
        refused(ErrorCode.RULE_VIOLATED, "EXPIRING_BRANCH_CHILD_NOT_ALLOWED",
                () -> backend.createBranch(CreateBranchSpec.named("child").withParent(e.id())));
        refused(ErrorCode.CONFLICT, "READ_WRITE_ENDPOINT_EXISTS", () -> backend.createBranch(CreateBranchSpec.named("two")
                .withEndpoint(EndpointSpec.readWrite()).withEndpoint(EndpointSpec.readWrite())));
    }

    @Test
    void nameRules() {
        refused(ErrorCode.INVALID_INPUT, "INVALID_BRANCH_NAME", () -> backend.createBranch(CreateBranchSpec.named("")));
        refused(ErrorCode.INVALID_INPUT, "INVALID_BRANCH_NAME", () -> backend.createBranch(CreateBranchSpec.named("y".repeat(257))));
        refused(ErrorCode.INVALID_INPUT, "INVALID_BRANCH_NAME", () -> backend.createBranch(CreateBranchSpec.named("tab\there")));
        ArborException taken = refused(ErrorCode.CONFLICT, "BRANCH_NAME_TAKEN", () -> backend.createBranch(CreateBranchSpec.named("main")));
        assertTrue(taken.getMessage().contains("\"main\""), taken.getMessage());
        assertEquals("x".repeat(256), create(CreateBranchSpec.named("x".repeat(256))).branch().name());
        Branch unnamed = create(new CreateBranchSpec(null, null, null, null, false, null, null, null)).branch();
        assertEquals(unnamed.id(), unnamed.name(), "the name defaults to the id");
    }

    // ---- attributes --------------------------------------------------------------------------------------

    @Test
    void renameKeepsTheIdAndRefusesTakenOrBadNames() {
        Branch dev = create(CreateBranchSpec.named("dev")).branch();
        BranchResult r = backend.updateBranch(dev.id(), BranchPatch.rename("feature"));
        assertEquals(dev.id(), matchesEngine(r.branch()).id());
        assertEquals("feature", r.branch().name());
        assertEquals(dev.id(), b("feature").id());
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.getBranch("dev"));
        refused(ErrorCode.CONFLICT, "BRANCH_NAME_TAKEN", () -> backend.updateBranch(dev.id(), BranchPatch.rename("main")));
        refused(ErrorCode.INVALID_INPUT, "INVALID_BRANCH_NAME", () -> backend.updateBranch(dev.id(), BranchPatch.rename("")));
        refused(ErrorCode.INVALID_INPUT, "INVALID_BRANCH_NAME", () -> backend.updateBranch(dev.id(), BranchPatch.rename("z".repeat(257))));
        // renaming to its own name is allowed
        assertEquals("feature", backend.updateBranch(dev.id(), BranchPatch.rename("feature")).branch().name());
    }

    @Test
    void exactlyOneDefault() {
        Branch main = b("main");
        Branch dev = create(CreateBranchSpec.named("dev")).branch();
        BranchResult r = backend.setDefault(dev.id());
        assertTrue(matchesEngine(r.branch()).isDefault());
        assertEquals(List.of("dev"), backend.listBranches().stream().filter(Branch::isDefault).map(Branch::name).toList());
        assertFalse(b(main.id()).isDefault());
        refused(ErrorCode.CONFLICT, "ALREADY_DEFAULT", () -> backend.setDefault(dev.id()));
        Branch e = create(CreateBranchSpec.named("e").expiringAt(clock.instant().plusSeconds(3600))).branch();
        refused(ErrorCode.RULE_VIOLATED, "EXPIRING_BRANCH_CANNOT_BE_DEFAULT", () -> backend.setDefault(e.id()));
        backend.setDefault(main.id());
        assertEquals(List.of("main"), backend.listBranches().stream().filter(Branch::isDefault).map(Branch::name).toList());
        listMatchesEngine();
    }

    @Test
    void protectAndUnprotectWithinTheLimit() {
        engine.updateProject(86_400, new Project.Limits(100, 10, 1));
        assertEquals(new Project.Limits(100, 10, 1), backend.project().limits());
        Branch a = create(CreateBranchSpec.named("a")).branch();
        Branch bb = create(CreateBranchSpec.named("b")).branch();
        BranchResult r = backend.updateBranch(a.id(), BranchPatch.protect(true));
        assertTrue(matchesEngine(r.branch()).isProtected());
        assertEquals(List.of(Operation.Action.APPLY_CONFIG), actions(r));
        refused(ErrorCode.RULE_VIOLATED, "PROTECTED_BRANCHES_LIMIT_EXCEEDED", () -> backend.updateBranch(bb.id(), BranchPatch.protect(true)));
        refused(ErrorCode.RULE_VIOLATED, "PROTECTED_BRANCHES_LIMIT_EXCEEDED", () -> backend.createBranch(CreateBranchSpec.named("c").protect()));
        assertFalse(backend.updateBranch(a.id(), BranchPatch.protect(false)).branch().isProtected());
        assertTrue(backend.updateBranch(bb.id(), BranchPatch.protect(true)).branch().isProtected());
        assertEquals(1, backend.listBranches().stream().filter(Branch::isProtected).count());
    }

    @Test
    void setAndClearExpiration() {
        Branch dev = create(CreateBranchSpec.named("dev")).branch();
        toWholeSecond();
        Instant at = clock.instant().plus(Duration.ofHours(5));
        Branch set = matchesEngine(backend.updateBranch(dev.id(), BranchPatch.expireAt(at)).branch());
        assertEquals(at, set.expiresAt());
        assertEquals(5 * 3600L, set.ttlIntervalSeconds());
        Branch cleared = matchesEngine(backend.updateBranch(dev.id(), BranchPatch.clearExpiration()).branch());
        assertNull(cleared.expiresAt());
        assertNull(cleared.ttlIntervalSeconds());
        String mainId = id("main");
        refused(ErrorCode.RULE_VIOLATED, "DEFAULT_BRANCH_EXPIRATION_NOT_ALLOWED", () -> backend.updateBranch(mainId, BranchPatch.expireAt(at)));
        refused(ErrorCode.INVALID_INPUT, "EXPIRATION_IN_PAST", () -> backend.updateBranch(dev.id(), BranchPatch.expireAt(clock.instant())));
        refused(ErrorCode.INVALID_INPUT, "EXPIRATION_TOO_FAR",
                () -> backend.updateBranch(dev.id(), BranchPatch.expireAt(clock.instant().plus(Duration.ofDays(31)))));
        backend.updateBranch(dev.id(), BranchPatch.protect(true));
        refused(ErrorCode.RULE_VIOLATED, "PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED", () -> backend.updateBranch(dev.id(), BranchPatch.expireAt(at)));
        backend.updateBranch(dev.id(), BranchPatch.protect(false));
        create(CreateBranchSpec.named("kid").withParent(dev.id()));
        refused(ErrorCode.RULE_VIOLATED, "BRANCH_WITH_CHILDREN_EXPIRATION_NOT_ALLOWED",
                () -> backend.updateBranch(dev.id(), BranchPatch.expireAt(at)));
        // protecting an expiring branch is refused; doing both in one patch clears the expiration first
        Branch e = create(CreateBranchSpec.named("e").expiringAt(at)).branch();
        refused(ErrorCode.RULE_VIOLATED, "PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED", () -> backend.updateBranch(e.id(), BranchPatch.protect(true)));
    }

    // ---- reset from parent ---------------------------------------------------------------------------------

    @Test
    void resetFromParentTakesTheParentsHeadAndKeepsTheParent() {
        Branch dev = create(CreateBranchSpec.named("dev")).branch();
        put("dev", 2, "dev only");
        put("main", 3, "three");
        tick();
        BranchResult r = backend.resetFromParent(dev.id(), null);
        Branch after = matchesEngine(r.branch());
        Branch main = b("main");
        assertEquals(dev.id(), after.id());
        assertEquals("dev", after.name());
        assertEquals(main.id(), after.parentId(), "a reset keeps the parent");
        assertEquals(main.headLsn(), after.parentLsn(), "and moves the branch point to the parent's head");
        assertEquals(clock.instant(), after.lastResetAt());
        assertTrue(backend.listBranches().stream().noneMatch(Branch::backup), "a reset without a name keeps no backup");
        assertEquals(Map.of(3L, "three"), items("dev"));
        assertTrue(r.operations().stream().allMatch(o -> o.status() == Operation.Status.FINISHED));
    }

    @Test
    void resetIsRefusedForRootsSchemaOnlyAndProtectedBranches() {
        refused(ErrorCode.RULE_VIOLATED, "ROOT_BRANCH_RESET_NOT_ALLOWED", () -> backend.resetFromParent(id("main"), null));
        Branch s = create(CreateBranchSpec.named("schema").schemaOnly()).branch();
        refused(ErrorCode.RULE_VIOLATED, "ROOT_BRANCH_RESET_NOT_ALLOWED", () -> backend.resetFromParent(s.id(), null));
        Branch p = create(CreateBranchSpec.named("p").protect()).branch();
        refused(ErrorCode.RULE_VIOLATED, "PROTECTED_BRANCH_RESET_NOT_ALLOWED", () -> backend.resetFromParent(p.id(), null));
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.resetFromParent("br-no-such-00000000", null));
    }

    @Test
    void resetWithChildrenNeedsABackupNameAndTheBackupKeepsTheChildren() {
        Branch staging = create(CreateBranchSpec.named("staging")).branch();
        put("staging", 5, "staging only");
        Branch kid = create(CreateBranchSpec.named("kid").withParent(staging.id())).branch();
        refused(ErrorCode.RULE_VIOLATED, "BRANCH_HAS_CHILDREN", () -> backend.resetFromParent(staging.id(), null));
        refused(ErrorCode.CONFLICT, "BRANCH_NAME_TAKEN", () -> backend.resetFromParent(staging.id(), "main"));
        put("main", 6, "six");
        backend.resetFromParent(staging.id(), "staging_before_reset");
        Branch kept = b("staging_before_reset");
        assertTrue(kept.backup());
        assertFalse(kept.deletionBlocked());
        assertEquals(kept.id(), b(kid.id()).parentId(), "the children move to the kept state");
        assertEquals(id("main"), b(staging.id()).parentId(), "a reset keeps the parent");
        assertEquals(id("main"), kept.parentId(), "the backup keeps the old parent");
        assertEquals(Map.of(5L, "staging only"), items("staging_before_reset"));
        assertEquals(Map.of(6L, "six"), items("staging"));
        assertEquals(Map.of(5L, "staging only"), items("kid"));
        listMatchesEngine();
    }

    // ---- restore ---------------------------------------------------------------------------------------------

    @Test
    void restoreFromOwnHistoryNeedsAPointAndABackupName() {
        put("main", 1, "one");
        String mainId = id("main");
        Instant now = clock.instant();
        refused(ErrorCode.RULE_VIOLATED, "RESTORE_POINT_REQUIRED", () -> backend.restore(mainId, new RestoreSpec(mainId, PointInTime.HEAD, "b")));
        refused(ErrorCode.RULE_VIOLATED, "BACKUP_NAME_REQUIRED", () -> backend.restore(mainId, new RestoreSpec(mainId, PointInTime.at(now), null)));
        refused(ErrorCode.CONFLICT, "BRANCH_NAME_TAKEN", () -> backend.restore(mainId, new RestoreSpec(mainId, PointInTime.at(now), "main")));
        refused(ErrorCode.INVALID_INPUT, "POINT_OUTSIDE_HISTORY",
                () -> backend.restore(mainId, new RestoreSpec(mainId, PointInTime.at(start.minus(Duration.ofDays(2))), "b")));
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.restore(mainId, new RestoreSpec("nope", PointInTime.HEAD, null)));
    }

    @Test
    void restoreFromOwnHistoryKeepsTheOldStateAsARootBackup() {
        put("main", 1, "one");
        put("main", 2, "two");
        Instant good = clock.instant();
        put("main", 9, "after");
        Branch main = b("main");
        String backupName = RestoreSpec.consoleBackupName("main", main.headTimestamp());
        tick();
        BranchResult r = backend.restore(main.id(), new RestoreSpec(main.id(), PointInTime.at(good), backupName));
        Branch restored = matchesEngine(r.branch());
        assertEquals(main.id(), restored.id());
        assertEquals("main", restored.name());
        assertTrue(restored.isDefault() && restored.isRoot() && restored.firstRoot(), "the target keeps its attributes");
        assertEquals(clock.instant(), restored.lastResetAt());
        Branch backup = b(backupName);
        assertTrue(backup.isRoot() && backup.backup());
        assertFalse(backup.deletionBlocked() || backup.isDefault() || backup.firstRoot());
        assertFalse(backup.headLsn().isBefore(main.headLsn()),
                "the backup keeps the old head (sealed past it when main's compute stopped)");
        assertEquals(Map.of(1L, "one", 2L, "two"), items("main"));
        assertEquals(Map.of(1L, "one", 2L, "two", 9L, "after"), items(backupName));
        backend.deleteBranch(backup.id());
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.getBranch(backupName));
    }

    @Test
    void restoreFromAnotherBranchsHeadKeepsIdNameAndEndpoints() {
        put("main", 1, "one");
        Branch dev = create(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite())).branch();
        Endpoint ep = backend.listEndpoints(dev.id()).get(0);
        Branch source = create(CreateBranchSpec.named("source")).branch();
        put("source", 4, "from source");
        BranchResult r = backend.restore(dev.id(), new RestoreSpec(source.id(), PointInTime.HEAD, null));
        Branch after = matchesEngine(r.branch());
        assertEquals(dev.id(), after.id());
        assertEquals("dev", after.name());
        assertEquals(source.id(), after.parentId(), "without a backup the source becomes the parent");
        assertEquals(b("source").headLsn(), after.parentLsn());
        assertEquals(List.of(ep.id()), backend.listEndpoints(dev.id()).stream().map(Endpoint::id).toList(), "endpoints stay");
        assertEquals(Endpoint.State.ACTIVE, backend.getEndpoint(ep.id()).currentState(), "a running compute restarts");
        assertEquals(List.of(Operation.Action.SUSPEND_COMPUTE, Operation.Action.CREATE_TIMELINE, Operation.Action.START_COMPUTE,
                Operation.Action.DELETE_TIMELINE), actions(r));
        assertTrue(backend.listBranches().stream().noneMatch(Branch::backup), "no name, no backup");
        assertEquals(Map.of(1L, "one", 4L, "from source"), items("dev"));
    }

    @Test
    void restoreOfARootFromAnotherBranchLeavesTwoRootsAndAnUndeletableBackup() {
        put("main", 1, "one");
        Branch other = create(CreateBranchSpec.named("other")).branch();
        put("other", 8, "eight");
        Branch main = b("main");
        backend.restore(main.id(), new RestoreSpec(other.id(), PointInTime.HEAD, "main_old"));
        Branch backup = b("main_old");
        Branch restored = b(main.id());
        assertTrue(backup.isRoot() && restored.isRoot(), "a restored root and its backup are both roots");
        assertTrue(backup.backup() && backup.deletionBlocked());
        assertTrue(restored.isDefault() && restored.firstRoot());
        assertEquals(backup.id(), b(other.id()).parentId(), "main's children move to the backup");
        backend.deleteBranch(other.id());
        refused(ErrorCode.RULE_VIOLATED, "RESTORE_BACKUP_DELETION_NOT_ALLOWED", () -> backend.deleteBranch(backup.id()));
        assertEquals(Map.of(1L, "one", 8L, "eight"), items("main"));
    }

    @Test
    void restoreOfANonRootMakesTheBackupItsParentAndMovesTheChildren() {
        put("main", 1, "one");
        Branch dev = create(CreateBranchSpec.named("dev")).branch();
        Instant good = clock.instant();
        put("dev", 2, "two");
        Branch kid = create(CreateBranchSpec.named("kid").withParent(dev.id())).branch();
        refused(ErrorCode.RULE_VIOLATED, "BACKUP_NAME_REQUIRED",
                () -> backend.restore(dev.id(), new RestoreSpec(id("main"), PointInTime.at(good), null)));
        tick();
        backend.restore(dev.id(), new RestoreSpec(dev.id(), PointInTime.at(good), "dev_old"));
        Branch backup = b("dev_old");
        assertTrue(backup.backup());
        assertFalse(backup.deletionBlocked());
        assertEquals(backup.id(), b(dev.id()).parentId(), "the backup becomes the restored branch's parent");
        assertEquals(dev.parentId(), backup.parentId(), "the backup keeps the old parent");
        assertEquals(backup.id(), b(kid.id()).parentId(), "the children move to the backup");
        assertEquals(Map.of(1L, "one"), items("dev"));
        assertEquals(Map.of(1L, "one", 2L, "two"), items("dev_old"));
        listMatchesEngine();
    }

    @Test
    void restoreToAPointInAnotherBranchsHistory() {
        put("main", 1, "one");
        Branch source = create(CreateBranchSpec.named("source")).branch();
        put("source", 4, "four");
        Instant between = clock.instant();
        Lsn betweenLsn = b("source").headLsn();
        put("source", 5, "five");
        Branch dev = create(CreateBranchSpec.named("dev")).branch();
        Branch after = matchesEngine(backend.restore(dev.id(), new RestoreSpec(source.id(), PointInTime.at(between), "dev_old")).branch());
        assertEquals(Map.of(1L, "one", 4L, "four"), items("dev"));
        assertEquals(Map.of(1L, "one"), items("dev_old"));
        assertEquals(b("dev_old").id(), after.parentId());
        // by LSN, on a branch without a backup
        Branch dev2 = create(CreateBranchSpec.named("dev2")).branch();
        Branch byLsn = matchesEngine(backend.restore(dev2.id(), new RestoreSpec(source.id(), PointInTime.at(betweenLsn), null)).branch());
        assertEquals(source.id(), byLsn.parentId());
        assertEquals(betweenLsn, byLsn.parentLsn());
        assertEquals(Map.of(1L, "one", 4L, "four"), items("dev2"));
    }

    /**
     * The SPI: "Restores (or, from the parent's head, resets) a branch". A restore whose source is the target's
     * parent at its head is a reset from the parent on every backend: the parent stays, the branch point moves
     * to the parent's head, and a named backup keeps the old state and the children.
     */
    @Test
    void restoreFromTheParentsHeadIsAReset() {
        Branch dev = create(CreateBranchSpec.named("dev")).branch();
        put("dev", 2, "dev only");
        Branch kid = create(CreateBranchSpec.named("kid").withParent(dev.id())).branch();
        put("main", 3, "three");
        Branch main = b("main");
        Branch after = matchesEngine(backend.restore(dev.id(), new RestoreSpec(main.id(), PointInTime.HEAD, "dev_old")).branch());
        Branch backup = b("dev_old");
        assertEquals(backup.id(), b(kid.id()).parentId(), "the children move to the backup");
        assertEquals(main.id(), after.parentId(), "restoring from the parent's head is a reset: the parent stays");
        assertEquals(main.headLsn(), after.parentLsn());
    }

    /** The same equivalence for the rules: a protected branch cannot be reset, however the reset is asked for. */
    @Test
    void aProtectedBranchCannotBeRestoredFromItsParentsHeadEither() {
        Branch p = create(CreateBranchSpec.named("p").protect()).branch();
        refused(ErrorCode.RULE_VIOLATED, "PROTECTED_BRANCH_RESET_NOT_ALLOWED",
                () -> backend.restore(p.id(), new RestoreSpec(id("main"), PointInTime.HEAD, null)));
    }

    // ---- deletion ----------------------------------------------------------------------------------------------

    @Test
    void deletionRules() {
        refused(ErrorCode.RULE_VIOLATED, "ROOT_BRANCH_DELETION_NOT_ALLOWED", () -> backend.deleteBranch(id("main")));
        Branch dev = create(CreateBranchSpec.named("dev")).branch();
        create(CreateBranchSpec.named("kid").withParent(dev.id()));
        ArborException e = refused(ErrorCode.RULE_VIOLATED, "BRANCH_HAS_CHILDREN", () -> backend.deleteBranch(dev.id()));
        assertTrue(e.getMessage().contains("1 child branch"), e.getMessage());
        Branch d2 = create(CreateBranchSpec.named("d2")).branch();
        backend.setDefault(d2.id());
        refused(ErrorCode.RULE_VIOLATED, "DEFAULT_BRANCH_DELETION_NOT_ALLOWED", () -> backend.deleteBranch(d2.id()));
        Branch p = create(CreateBranchSpec.named("p").protect()).branch();
        refused(ErrorCode.RULE_VIOLATED, "PROTECTED_BRANCH_DELETION_NOT_ALLOWED", () -> backend.deleteBranch(p.id()));
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.deleteBranch("br-no-such-00000000"));
    }

    @Test
    void deleteRemovesTheBranchAndItsEndpoints() {
        Branch dev = create(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite())).branch();
        String epId = backend.listEndpoints(dev.id()).get(0).id();
        BranchResult r = backend.deleteBranch(dev.id());
        assertEquals(dev.id(), r.branch().id());
        assertEquals("dev", r.branch().name());
        assertEquals(List.of(Operation.Action.DELETE_TIMELINE), actions(r));
        assertTrue(r.operations().stream().allMatch(o -> o.status() == Operation.Status.FINISHED));
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.getBranch(dev.id()));
        refused(ErrorCode.NOT_FOUND, "ENDPOINT_NOT_FOUND", () -> backend.getEndpoint(epId));
        assertTrue(backend.listProjectEndpoints().stream().noneMatch(ep -> ep.branchId().equals(dev.id())));
        assertEquals(List.of("main"), names());
    }

    // ---- endpoints --------------------------------------------------------------------------------------------

    @Test
    void endpointsOneReadWritePerBranch() {
        Branch dev = create(CreateBranchSpec.named("dev")).branch();
        BranchResult rw = backend.addEndpoint(dev.id(), EndpointSpec.readWrite());
        assertEquals(1, rw.endpoints().size());
        Endpoint ep = rw.endpoints().get(0);
        assertEquals(dev.id(), ep.branchId());
        assertEquals(Endpoint.Type.READ_WRITE, ep.type());
        assertEquals(Endpoint.State.ACTIVE, ep.currentState());
        assertTrue(ep.id().matches("ep-[a-z]+-[a-z]+-[0-9a-f]{8}"), ep.id());
        assertEquals(List.of(Operation.Action.START_COMPUTE), actions(rw));
        refused(ErrorCode.CONFLICT, "READ_WRITE_ENDPOINT_EXISTS", () -> backend.addEndpoint(dev.id(), EndpointSpec.readWrite()));
        Endpoint ro = backend.addEndpoint(dev.id(), EndpointSpec.readOnly()).endpoints().get(0);
        assertEquals(Endpoint.Type.READ_ONLY, ro.type());
        assertEquals(List.of(ep.id(), ro.id()).stream().sorted().toList(),
                backend.listEndpoints(dev.id()).stream().map(Endpoint::id).sorted().toList());
        assertEquals(Endpoint.State.IDLE, backend.suspendEndpoint(ep.id()).endpoints().get(0).currentState());
        assertEquals(Endpoint.State.IDLE, backend.getEndpoint(ep.id()).currentState());
        assertEquals(Endpoint.State.ACTIVE, backend.startEndpoint(ep.id()).endpoints().get(0).currentState());
        Endpoint fromEngine = engine.endpoint(ep.id());
        Endpoint reported = backend.getEndpoint(ep.id());
        assertEquals(fromEngine.branchId(), reported.branchId());
        assertEquals(fromEngine.type(), reported.type());
        assertEquals(fromEngine.currentState(), reported.currentState());
        assertEquals(fromEngine.host(), reported.host());
        assertEquals(3, backend.listProjectEndpoints().size(), "main's compute and dev's two");
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.addEndpoint("br-no-such-00000000", EndpointSpec.readOnly()));
        refused(ErrorCode.NOT_FOUND, "ENDPOINT_NOT_FOUND", () -> backend.getEndpoint("ep-no-such-00000000"));
    }

    // ---- operations ---------------------------------------------------------------------------------------------

    @Test
    void operationsAreListedNewestFirstAndPaged() {
        Branch dev = create(CreateBranchSpec.named("dev")).branch();
        backend.updateBranch(dev.id(), BranchPatch.protect(true));
        backend.updateBranch(dev.id(), BranchPatch.protect(false));
        backend.deleteBranch(dev.id());
        Page<Operation> first = backend.listOperations(null, 2);
        assertNotNull(first.next(), "a further page follows");
        Page<Operation> second = backend.listOperations(first.next(), 2);
        List<Operation> four = new java.util.ArrayList<>(first.items());
        four.addAll(second.items());
        assertEquals(List.of(Operation.Action.DELETE_TIMELINE, Operation.Action.APPLY_CONFIG, Operation.Action.APPLY_CONFIG,
                Operation.Action.CREATE_BRANCH), four.stream().map(Operation::action).toList());
        assertTrue(four.stream().allMatch(o -> dev.id().equals(o.branchId())));
        assertTrue(four.stream().allMatch(o -> o.status() == Operation.Status.FINISHED));
        assertEquals(engine.operations(0, 4).stream().map(Operation::id).toList(), four.stream().map(Operation::id).toList());
        Operation one = backend.getOperation(four.get(0).id());
        assertEquals(four.get(0).id(), one.id());
        assertEquals(Operation.Action.DELETE_TIMELINE, one.action());
        assertEquals(engine.project().id(), one.projectId());
        refused(ErrorCode.INVALID_INPUT, "INVALID_LIMIT", () -> backend.listOperations(null, 0));
        refused(ErrorCode.NOT_FOUND, "OPERATION_NOT_FOUND", () -> backend.getOperation("op-no-such"));
    }

    // ---- history ---------------------------------------------------------------------------------------------------

    @Test
    void historyWindowRunsFromTheFirstCommitToNow() {
        put("main", 1, "one");
        Branch main = b("main");
        Instant afterTheLastCommit = clock.instant();
        HistoryWindow w = backend.historyWindow(main.id());
        // history is kept longer than the project has existed: the window starts when the project was made (on
        // Postgres, at its first base backup, moments later), not at the retention horizon a day back
        assertFalse(w.start().isBefore(engine.project().createdAt()), w + " starts before the project was made");
        assertTrue(w.start().isBefore(start), w + " starts after the test began");
        assertEquals(main.headLsn(), w.headLsn());
        assertTrue(w.contains(main.headTimestamp()));
        assertTrue(afterTheLastCommit.isAfter(main.headTimestamp()));
        assertTrue(w.contains(afterTheLastCommit),
                "a time after the last commit but not in the future is inside the window (it reads the head): " + w);
        assertFalse(w.contains(start.minus(Duration.ofDays(2))));
        if (backend.capabilities().lsnOfTimestamp()) {
            assertNotNull(w.startLsn(), "a backend that maps times to LSNs reports the window's first LSN");
        }
    }

    @Test
    void pointsOutsideTheWindowAreRefused() {
        put("main", 1, "one");
        put("main", 2, "two");
        String mainId = id("main");
        refused(ErrorCode.INVALID_INPUT, "POINT_OUTSIDE_HISTORY",
                () -> backend.createBranch(CreateBranchSpec.named("x").at(PointInTime.at(start.minus(Duration.ofDays(2))))));
        refused(ErrorCode.INVALID_INPUT, "POINT_AFTER_HEAD",
                () -> backend.createBranch(CreateBranchSpec.named("x").at(PointInTime.at(Lsn.parse("FF/0")))));
        refused(ErrorCode.INVALID_INPUT, "POINT_IN_FUTURE",
                () -> backend.createBranch(CreateBranchSpec.named("x").at(PointInTime.at(clock.instant().plusSeconds(60)))));
        refused(ErrorCode.INVALID_INPUT, "POINT_IN_FUTURE",
                () -> backend.restore(mainId, new RestoreSpec(mainId, PointInTime.at(clock.instant().plusSeconds(60)), "b")));
        // a shorter retention moves the start of the window past the early commit
        engine.updateProject(3600, Project.Limits.DEFAULT);
        // the control plane's clock moves on; Postgres commits only in real time, so nothing is written after this
        clock.advance(Duration.ofHours(2));
        engine.collectHistory();
        assertEquals(3600, backend.project().historyRetentionSeconds());
        refused(ErrorCode.INVALID_INPUT, "POINT_OUTSIDE_HISTORY",
                () -> backend.createBranch(CreateBranchSpec.named("x").at(PointInTime.at(start.plus(Duration.ofMinutes(5))))));
        // an LSN before the oldest base backup is outside the window: no history before it can be rebuilt
        Lsn beforeHistory = Lsn.parse("0/1");
        refused(ErrorCode.INVALID_INPUT, "POINT_OUTSIDE_HISTORY",
                () -> backend.createBranch(CreateBranchSpec.named("x").at(PointInTime.at(beforeHistory))));
        refused(ErrorCode.INVALID_INPUT, "POINT_OUTSIDE_HISTORY",
                () -> backend.restore(mainId, new RestoreSpec(mainId, PointInTime.at(beforeHistory), "b")));
        // inside the window, the same requests succeed
        Instant recent = clock.instant().minus(Duration.ofMinutes(30));
        assertEquals(Map.of(1L, "one", 2L, "two"),
                items(create(CreateBranchSpec.named("recent").at(PointInTime.at(recent))).branch().name()));
    }

    @Test
    void resolvingPointsFollowsTheCapability() {
        put("main", 1, "one");
        Branch afterOne = b("main");
        Instant between = clock.instant();
        put("main", 2, "two");
        Branch main = b("main");
        ResolvedPoint head = backend.resolve(main.id(), PointInTime.HEAD);
        assertEquals(main.headLsn(), head.lsn());
        assertEquals(main.headTimestamp(), head.committedAt());
        assertEquals(afterOne.headLsn(), backend.resolve(main.id(), PointInTime.at(afterOne.headLsn())).lsn());
        refused(ErrorCode.INVALID_INPUT, "POINT_OUTSIDE_HISTORY",
                () -> backend.resolve(main.id(), PointInTime.at(start.minus(Duration.ofDays(2)))));
        if (backend.capabilities().lsnOfTimestamp()) {
            ResolvedPoint p = backend.resolve(main.id(), PointInTime.at(between));
            assertEquals(afterOne.headLsn(), p.lsn());
            assertEquals(afterOne.headTimestamp(), p.committedAt());
        } else {
            refused(ErrorCode.UNAVAILABLE, "LSN_LOOKUP_NOT_AVAILABLE", () -> backend.resolve(main.id(), PointInTime.at(between)));
        }
    }

    // ---- data at a point, events: by capability --------------------------------------------------------------------

    @Test
    void schemaAtAPoint() {
        put("main", 1, "one"); // main's compute runs, so its head is where its WAL is
        Lsn beforeTable = engine.resolve("main", PointInTime.HEAD).lsn();
        PgProjects.sql(engine, "main", "create table later (id bigint primary key)");
        engine.resolve("main", PointInTime.HEAD);
        tick();
        String mainId = id("main");
        assertTrue(backend.schemaSql(mainId, DB, PointInTime.HEAD).contains("later"));
        assertFalse(backend.schemaSql(mainId, DB, PointInTime.at(beforeTable)).contains("later"));
        assertTrue(backend.schemaSql(mainId, DB, PointInTime.at(beforeTable)).contains("items"));
    }

    @Test
    void rowsAtAPointFollowTheCapability() {
        put("main", 1, "one");
        Lsn one = b("main").headLsn();
        put("main", 2, "two");
        String mainId = id("main");
        if (backend.capabilities().rowsAtPoint()) {
            TableInfo items = backend.listTables(mainId, DB, PointInTime.at(one)).stream()
                    .filter(t -> t.schema().name().equals("items")).findFirst().orElseThrow();
            assertEquals(1, items.rowCount());
            assertEquals(2, backend.readRows(mainId, DB, "items", PointInTime.HEAD, 0, 10).total());
        } else {
            refused(ErrorCode.UNAVAILABLE, "ROWS_NOT_AVAILABLE", () -> backend.listTables(mainId, DB, PointInTime.HEAD));
            refused(ErrorCode.UNAVAILABLE, "ROWS_NOT_AVAILABLE", () -> backend.readRows(mainId, DB, "items", PointInTime.HEAD, 0, 10));
        }
    }

    @Test
    void eventsForOwnChangesAlwaysAndForOthersOnlyWhenLive() throws Exception {
        List<BackendEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = backend.subscribe(events::add)) {
            Branch dev = create(CreateBranchSpec.named("dev")).branch();
            assertTrue(events.stream().anyMatch(e -> e instanceof BackendEvent.BranchCreated c && c.branch().id().equals(dev.id())),
                    events.toString());
            backend.updateBranch(dev.id(), BranchPatch.rename("dev2"));
            assertTrue(events.stream().anyMatch(e -> e instanceof BackendEvent.BranchChanged c && c.branch().name().equals("dev2")));
            backend.deleteBranch(dev.id());
            assertTrue(events.stream().anyMatch(e -> e instanceof BackendEvent.BranchDeleted d && d.branchId().equals(dev.id())));

            // a change made elsewhere (here: by the engine's own API, as another client would)
            events.clear();
            BranchResult elsewhere = engine.createBranch(CreateBranchSpec.named("elsewhere"));
            engine.awaitOperations(elsewhere.operations(), Duration.ofSeconds(10));
            boolean seen = events.stream().anyMatch(e -> e instanceof BackendEvent.BranchCreated c && c.branch().name().equals("elsewhere"));
            assertEquals(backend.capabilities().liveEvents(), seen, "only a backend with live events hears of others' changes");
            assertEquals(elsewhere.branch().id(), b("elsewhere").id(), "either way the change is there on reload");
        }
        events.clear();
        create(CreateBranchSpec.named("after"));
        assertEquals(List.of(), events.stream().filter(e -> e instanceof BackendEvent.BranchCreated).toList(), "closing the subscription stops events");
    }

    // ---- bad input ---------------------------------------------------------------------------------------------------

    @Test
    void badInputIsRefusedWithTheSameCodes() {
        String mainId = id("main");
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.createBranch(CreateBranchSpec.named("x").withParent("nope")));
        ArborException lsn = assertThrows(ArborException.class, () -> PointInTime.at(Lsn.parse("zz/1")));
        assertEquals(ErrorCode.INVALID_INPUT, lsn.code());
        assertEquals("INVALID_LSN", lsn.reason());
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.updateBranch("nope", BranchPatch.rename("y")));
        refused(ErrorCode.INVALID_INPUT, "INVALID_BRANCH_NAME", () -> backend.updateBranch(mainId, BranchPatch.rename("a\nb")));
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.setDefault("nope"));
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.restore("nope", new RestoreSpec(mainId, PointInTime.HEAD, null)));
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.listEndpoints("nope"));
        refused(ErrorCode.NOT_FOUND, "BRANCH_NOT_FOUND", () -> backend.historyWindow("nope"));
        refused(ErrorCode.NOT_FOUND, null, () -> backend.schemaSql(mainId, "nodb", PointInTime.HEAD));
        refused(ErrorCode.INVALID_INPUT, "INVALID_LIMIT", () -> backend.listOperations(null, 1001));
        assertNotEquals(null, backend.getBranch(mainId));
    }
}
