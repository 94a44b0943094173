package dev.arbor.engine;

import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.Operation;
import dev.arbor.domain.Project;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a data directory into memory: the project, its timelines, branches and endpoints, repairing what an older
 * Arbor may have left. An empty directory gets a new project with a {@code main} branch, its database and owner
 * role, and an idle read-write compute.
 */
final class ProjectLoader {
    private static final Logger log = LoggerFactory.getLogger(ProjectLoader.class);
    static final String DEFAULT_DATABASE = "neondb";
    static final String DEFAULT_ROLE = "neondb_owner";

    private final Store store;
    private final ControlPlane state;
    private final TimelineStore data;
    private final Names names;
    private final EngineClock clock;

    /** A new project's roles and database are made in Postgres ({@link DataPlane#initRoot}) when its root is. */
    ProjectLoader(Store store, ControlPlane state, TimelineStore data, Names names, EngineClock clock) {
        this.store = store;
        this.state = state;
        this.data = data;
        this.names = names;
        this.clock = clock;
    }

    /**
     * Loads the project (creating it with {@code newProject} in an empty directory) and answers the operations a
     * shutdown interrupted, for the caller to finish.
     */
    List<Operation> load(EngineOptions.NewProject newProject, OperationLog operations) throws SQLException {
        Connection c = store.writer();
        Project project = null;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM project LIMIT 1")) {
            if (rs.next()) {
                project = new Project(rs.getString("id"), rs.getString("name"), rs.getLong("history_retention_seconds"),
                        new Project.Limits(rs.getInt("max_branches"), rs.getInt("max_root_branches"),
                                rs.getInt("max_protected_branches")),
                        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
            }
        }
        if (project == null) {
            create(newProject);
            return List.of();
        }
        state.project(project);
        data.load(c);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM branch ORDER BY created_at, id")) {
            while (rs.next()) {
                state.put(BranchRecord.load(rs));
            }
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM endpoint ORDER BY created_at, id")) {
            while (rs.next()) {
                state.put(EndpointRecord.load(rs));
            }
        }
        restoreDefaultBranch(c);
        return operations.interrupted(c);
    }

    /**
     * A project always has a default branch: it is where a branch without a parent starts. A directory that lost
     * its default's row (before Arbor refused broken names, a name clash could replace it) would refuse every such
     * create, so the oldest root without an expiry (else the oldest branch) becomes the default again.
     */
    private void restoreDefaultBranch(Connection c) throws SQLException {
        if (state.branches().isEmpty() || state.branches().stream().anyMatch(b -> b.isDefault)) {
            return;
        }
        BranchRecord chosen = state.branches().stream().filter(b -> b.parentId == null && b.expiresAt == null).findFirst()
                .or(() -> state.branches().stream().filter(b -> b.expiresAt == null).findFirst())
                .orElse(state.branches().iterator().next()).copy();
        chosen.isDefault = true;
        chosen.expiresAt = null;
        chosen.ttlIntervalSeconds = null;
        chosen.save(c);
        state.put(chosen);
        log.warn("The project had no default branch; \"{}\" ({}) is the default branch again", chosen.name, chosen.id);
    }

    private void create(EngineOptions.NewProject np) throws SQLException {
        Instant now = clock.now();
        Project project = new Project(names.projectId(), np.name(), np.historyRetentionSeconds(), np.limits(), now, now);
        state.project(project);
        Connection c = store.writer();
        c.setAutoCommit(false);
        try {
            Sql.update(c, "INSERT INTO project VALUES (?, ?, ?, ?, ?, ?, ?, ?)", project.id(), project.name(),
                    project.historyRetentionSeconds(), np.limits().maxBranches(), np.limits().maxRootBranches(),
                    np.limits().maxProtectedBranches(), now, now);
            Changes ch = new Changes(c, state, clock);
            Timeline root = data.newTimeline(ch, null, null, 0, now);
            BranchRecord main = new BranchRecord();
            main.id = names.branchId();
            main.name = "main";
            main.timelineId = root.id();
            main.isDefault = true;
            main.firstRoot = true;
            main.stateChangedAt = now;
            main.createdAt = now;
            main.updatedAt = now;
            main.createdBy = BranchCommands.creator(null);
            ch.put(main);
            EndpointRecord ep = EndpointRecord.create(names.endpointId(), main.id, EndpointSpec.readWrite(), now);
            ep.currentState = Endpoint.State.IDLE;
            ep.pendingState = null;
            ch.put(ep);
            c.commit();
            ch.applyCommitted();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        log.info("Created project {} in {}", project.id(), store.dir());
    }
}
