package dev.arbor.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.Project;
import dev.arbor.domain.RestoreSpec;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import dev.arbor.remote.ApiKey;
import dev.arbor.testing.PgProjects;
import dev.arbor.remote.ClientOptions;
import dev.arbor.remote.NeonApiClient;
import dev.arbor.remote.RemoteBackend;
import dev.arbor.server.ApiServer;
import dev.arbor.server.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two backends side by side: two engines on real Postgres run one script, one through {@link EmbeddedBackend},
 * one through {@code RemoteBackend → ApiServer → EmbeddedBackend}. Ids are random per engine, and LSNs, times and
 * sizes are each cluster's own, so the branch trees are compared with every id replaced by the branch's name and
 * without those; everything else (parents, flags, states, init source, backups) and every refusal's code and reason
 * must be the same.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_1)
class BackendParityTest {
    private static final String KEY = "parity-key-0123456789";

    @TempDir
    Path dir;

    /** One side: an engine, and the backend under comparison. */
    private record Side(EmbeddedEngine engine, BranchBackend backend, AutoCloseable extra) implements AutoCloseable {
        void put(String branch, long id, String label) {
            PgProjects.sql(engine, branch, "insert into items values (" + id + ", '" + label + "') "
                    + "on conflict (id) do update set label = excluded.label");
        }

        /** A moment after the branch's last commit and before its next. */
        Instant moment(String branch) {
            return PgProjects.moment(engine, branch);
        }

        String id(String name) {
            return backend.getBranch(name).id();
        }

        @Override
        public void close() throws Exception {
            try {
                backend.close();
                if (extra != null) {
                    extra.close();
                }
            } finally {
                engine.close();
            }
        }
    }

    private static EmbeddedEngine engine(Path dir) {
        EmbeddedEngine e = PgProjects.open(dir, PgProjects.options().withMaintenanceInterval(null)
                .withNewProject(new EngineOptions.NewProject("parity", 86_400, new Project.Limits(100, 10, 2))));
        PgProjects.sql(e, "main", "create table items (id bigint primary key, label text)");
        return e;
    }

    @Test
    void theSameScriptLeavesTheSameTreeAndRefusesTheSameWay() throws Exception {
        EmbeddedEngine e1 = engine(dir.resolve("embedded"));
        EmbeddedEngine e2 = engine(dir.resolve("remote"));
        ApiServer server = ApiServer.start(new EmbeddedBackend(e2, false),
                new ServerOptions(null, 0, KEY, 4, ServerOptions.DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(1)));
        RemoteBackend remote = new RemoteBackend(new NeonApiClient(server.baseUrl().toString(), ApiKey.of(KEY),
                ClientOptions.DEFAULT.withPolling(Duration.ofMillis(2), Duration.ofMillis(20), Duration.ofMinutes(2))), e2.project().id());
        try (Side embedded = new Side(e1, new EmbeddedBackend(e1), null); Side wire = new Side(e2, remote, server)) {
            List<String> refusals1 = script(embedded);
            List<String> refusals2 = script(wire);
            assertEquals(refusals1, refusals2, "the same refusals, with the same codes and reasons");
            assertEquals(tree(embedded.backend()), tree(wire.backend()), "the same branch tree, field for field");
            assertEquals(embedded.backend().project().limits(), wire.backend().project().limits());
        }
    }

    /** The flows of the contract in one go; returns each refusal as "step: CODE/REASON". */
    private static List<String> script(Side s) {
        BranchBackend b = s.backend();
        List<String> refusals = new ArrayList<>();
        s.put("main", 1, "one");
        Instant afterOne = s.moment("main");
        s.put("main", 2, "two");
        String main = s.id("main");
        b.createBranch(CreateBranchSpec.named("dev").withEndpoint(EndpointSpec.readWrite()));
        b.createBranch(CreateBranchSpec.named("at-time").at(PointInTime.at(afterOne)));
        b.createBranch(CreateBranchSpec.named("schema").schemaOnly());
        b.createBranch(CreateBranchSpec.named("prot").protect());
        b.createBranch(CreateBranchSpec.named("exp").expiringAt(Instant.now().plus(Duration.ofDays(3))));
        s.put("dev", 3, "dev");
        b.createBranch(CreateBranchSpec.named("kid").withParent(s.id("dev")));
        b.updateBranch(s.id("at-time"), BranchPatch.rename("renamed"));
        b.setDefault(s.id("renamed"));
        s.put("main", 4, "four");
        b.resetFromParent(s.id("dev"), "dev_before_reset");
        Instant good = s.moment("main");
        s.put("main", 5, "five");
        b.restore(main, new RestoreSpec(main, PointInTime.at(good), "main_old"));
        b.restore(s.id("schema"), new RestoreSpec(main, PointInTime.HEAD, null));
        b.updateBranch(s.id("prot"), BranchPatch.protect(false));
        b.updateBranch(s.id("kid"), BranchPatch.protect(true));
        b.createBranch(CreateBranchSpec.named("gone"));
        b.deleteBranch(s.id("gone"));

        attempt(refusals, "delete main", () -> b.deleteBranch(main));
        attempt(refusals, "delete default", () -> b.deleteBranch(s.id("renamed")));
        attempt(refusals, "delete parent", () -> b.deleteBranch(s.id("dev_before_reset")));
        attempt(refusals, "delete protected", () -> b.deleteBranch(s.id("kid")));
        attempt(refusals, "name taken", () -> b.createBranch(CreateBranchSpec.named("dev")));
        attempt(refusals, "name empty", () -> b.createBranch(CreateBranchSpec.named("")));
        attempt(refusals, "name too long", () -> b.createBranch(CreateBranchSpec.named("n".repeat(257))));
        attempt(refusals, "protect limit", () -> {
            b.updateBranch(s.id("dev"), BranchPatch.protect(true));
            b.updateBranch(s.id("schema"), BranchPatch.protect(true));
        });
        attempt(refusals, "reset root", () -> b.resetFromParent(main, null));
        attempt(refusals, "own history at head", () -> b.restore(main, new RestoreSpec(main, PointInTime.HEAD, "x")));
        attempt(refusals, "own history no name", () -> b.restore(main, new RestoreSpec(main, PointInTime.at(good), null)));
        attempt(refusals, "outside window", () -> b.createBranch(CreateBranchSpec.named("old").at(PointInTime.at(good.minus(Duration.ofDays(3))))));
        attempt(refusals, "expiring default", () -> b.setDefault(s.id("exp")));
        attempt(refusals, "child of expiring", () -> b.createBranch(CreateBranchSpec.named("k2").withParent(s.id("exp"))));
        attempt(refusals, "second read-write", () -> b.addEndpoint(s.id("dev"), EndpointSpec.readWrite()));
        attempt(refusals, "missing", () -> b.getBranch("nope"));
        return refusals;
    }

    private static void attempt(List<String> refusals, String step, Runnable call) {
        ArborException e = assertThrows(ArborException.class, call::run, step);
        refusals.add(step + ": " + e.code() + "/" + e.reason());
    }

    /**
     * The branches by name, each with its ids replaced by names, without the server-filled creator fields and without
     * what each cluster has its own of: LSNs, times and sizes (an expiry only as being set).
     */
    private static Map<String, Branch> tree(BranchBackend b) {
        List<Branch> all = b.listBranches();
        Map<String, String> nameOf = all.stream().collect(Collectors.toMap(Branch::id, Branch::name));
        assertTrue(all.size() > 5);
        return all.stream().collect(Collectors.toMap(Branch::name, x -> new Branch(x.name(), null, x.name(),
                x.parentId() == null ? null : nameOf.get(x.parentId()), null, null, x.isDefault(),
                x.isProtected(), x.currentState(), x.pendingState(), null, 0, null, null,
                Instant.EPOCH, Instant.EPOCH, x.expiresAt() == null ? null : Instant.EPOCH, null,
                x.lastResetAt() == null ? null : Instant.EPOCH, x.initSource(),
                x.firstRoot(), x.backup(), x.deletionBlocked(), null, null)));
    }
}
