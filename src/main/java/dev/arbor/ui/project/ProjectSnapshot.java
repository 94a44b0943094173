package dev.arbor.ui.project;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.Project;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One load of the project: the project, its branches in the backend's order and their computes, with the maps
 * they are looked up in. Taken off the UI thread; a {@link ProjectState.Follower} reads it there too, before the
 * state takes it over.
 */
public final class ProjectSnapshot {
    final Project project;
    final Map<String, Branch> branches;
    final Map<String, Endpoint> endpoints;
    final Map<String, Endpoint> primaryComputes;

    ProjectSnapshot(Project project, Map<String, Branch> branches, Map<String, Endpoint> endpoints,
                    Map<String, Endpoint> primaryComputes) {
        this.project = project;
        this.branches = branches;
        this.endpoints = endpoints;
        this.primaryComputes = primaryComputes;
    }

    static ProjectSnapshot take(BranchBackend backend) {
        Project project = backend.project();
        List<Branch> list = backend.listBranches();
        List<Endpoint> endpoints = backend.listProjectEndpoints();
        Map<String, Branch> byId = new LinkedHashMap<>(list.size() * 2);
        list.forEach(b -> byId.put(b.id(), b));
        Map<String, Endpoint> endpointsById = new HashMap<>(endpoints.size() * 2);
        Map<String, Endpoint> primaries = new HashMap<>(endpoints.size() * 2);
        endpoints.forEach(e -> putEndpoint(endpointsById, primaries, e));
        return new ProjectSnapshot(project, byId, endpointsById, primaries);
    }

    public Project project() {
        return project;
    }

    /** Every branch, in the backend's order. */
    public Collection<Branch> branches() {
        return Collections.unmodifiableCollection(branches.values());
    }

    /** The branch with this id, or null. */
    public Branch branch(String id) {
        return id == null ? null : branches.get(id);
    }

    /** The branch's read-write compute, else its other one; null without one. */
    public Endpoint primaryCompute(String branchId) {
        return primaryComputes.get(branchId);
    }

    // The primary compute is the branch's read-write endpoint, as the Neon Console shows it.
    static void putEndpoint(Map<String, Endpoint> byId, Map<String, Endpoint> primaries, Endpoint e) {
        byId.put(e.id(), e);
        Endpoint current = primaries.get(e.branchId());
        if (current == null || current.id().equals(e.id()) || e.type() == Endpoint.Type.READ_WRITE) {
            primaries.put(e.branchId(), e);
        }
    }
}
