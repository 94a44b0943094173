package dev.arbor.engine;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.Project;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control plane in memory: the project, its branches and endpoints (in creation order) and the operations not
 * yet ended. It mirrors the committed rows; changes reach it only once their SQLite transaction has committed.
 * Callers hold the engine's lock: the read side to look, the write side to change.
 */
final class ControlPlane {
    private final Map<Long, Timeline> timelines;
    private final EngineClock clock;
    private final Map<String, BranchRecord> branches = new LinkedHashMap<>();
    private final Map<String, EndpointRecord> endpoints = new LinkedHashMap<>();
    private final PendingOperations pending = new PendingOperations();
    private Project project;

    /**
     * {@code timelines} is the data plane's map, read to give a branch its head and size; {@code clock} gives a branch
     * its computes' active time so far.
     */
    ControlPlane(Map<Long, Timeline> timelines, EngineClock clock) {
        this.timelines = timelines;
        this.clock = clock;
    }

    Project project() {
        return project;
    }

    void project(Project p) {
        project = p;
    }

    PendingOperations pending() {
        return pending;
    }

    Collection<BranchRecord> branches() {
        return branches.values();
    }

    BranchRecord branch(String id) {
        return branches.get(id);
    }

    void put(BranchRecord r) {
        branches.put(r.id, r);
    }

    /** Forgets a deleted branch and its endpoints. */
    void remove(BranchRecord r) {
        branches.remove(r.id);
        endpoints.values().removeIf(e -> e.branchId.equals(r.id));
    }

    Collection<EndpointRecord> endpoints() {
        return endpoints.values();
    }

    EndpointRecord endpoint(String id) {
        return endpoints.get(id);
    }

    void put(EndpointRecord r) {
        endpoints.put(r.id, r);
    }

    List<EndpointRecord> endpointsOf(String branchId) {
        return endpoints.values().stream().filter(e -> e.branchId.equals(branchId)).toList();
    }

    Timeline timelineOf(BranchRecord b) {
        return timelines.get(b.timelineId);
    }

    Branch asDomain(BranchRecord r) {
        Instant now = clock.now();
        long activeMillis = endpoints.values().stream().filter(e -> e.branchId.equals(r.id))
                .mapToLong(e -> e.activeMillis(now)).sum();
        return r.asDomain(project.id(), timelines.get(r.timelineId), activeMillis / 1000);
    }

    /** Every branch, its active time summed from one pass over the endpoints. */
    List<Branch> branchesAsDomain() {
        Instant now = clock.now();
        Map<String, Long> activeMillis = new HashMap<>();
        for (EndpointRecord e : endpoints.values()) {
            activeMillis.merge(e.branchId, e.activeMillis(now), Long::sum);
        }
        return branches.values().stream().map(r -> r.asDomain(project.id(), timelines.get(r.timelineId),
                activeMillis.getOrDefault(r.id, 0L) / 1000)).toList();
    }

    Endpoint asDomain(EndpointRecord r) {
        return r.asDomain(project.id());
    }

    /** A branch by id, or by name when no id matches. */
    BranchRecord requireBranch(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            throw ArborException.invalid("BRANCH_REQUIRED", "Name a branch by its id or name.");
        }
        BranchRecord r = branches.get(idOrName);
        if (r != null) {
            return r;
        }
        for (BranchRecord b : branches.values()) {
            if (b.name.equals(idOrName)) {
                return b;
            }
        }
        throw ArborException.notFound("branch", idOrName);
    }

    EndpointRecord requireEndpoint(String id) {
        EndpointRecord e = endpoints.get(id);
        if (e == null) {
            throw ArborException.notFound("endpoint", id);
        }
        return e;
    }

    BranchRecord defaultBranch() {
        return branches.values().stream().filter(b -> b.isDefault).findFirst()
                .orElseThrow(() -> new IllegalStateException("the project has no default branch"));
    }

    /** The rules as they stand now. */
    BranchPolicy policy() {
        return BranchPolicy.of(project, branchesAsDomain());
    }
}
