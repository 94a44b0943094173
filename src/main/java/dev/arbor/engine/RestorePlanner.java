package dev.arbor.engine;

import dev.arbor.backend.BackendEvent;
import dev.arbor.backend.BranchResult;
import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.InitSource;
import dev.arbor.domain.Operation;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.RestoreSpec;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Reset from parent and restore: the target moves to a new timeline at (source, point), keeping its id, name and
 * endpoints; its old timeline becomes the backup branch when a name is given, else it is reclaimed. Parent links
 * follow seed 001.
 */
final class RestorePlanner {
    private final WriteFrame frame;
    private final ControlPlane state;
    private final TimelineStore data;
    private final DataPlane plane;
    private final PointResolver points;
    private final Names names;
    private final EngineClock clock;

    RestorePlanner(WriteFrame frame, ControlPlane state, TimelineStore data, DataPlane plane, PointResolver points,
                   Names names, EngineClock clock) {
        this.frame = frame;
        this.plane = plane;
        this.state = state;
        this.data = data;
        this.points = points;
        this.names = names;
        this.clock = clock;
    }

    /** Reset from parent: the branch takes its parent's latest data; with children, a backup name is needed. */
    BranchResult resetFromParent(String idOrName, String preserveUnderName) {
        return frame.mutate(ch -> reset(ch, state.requireBranch(idOrName), blankToNull(preserveUnderName), state.policy()));
    }

    /**
     * Restores a branch from a source at a point. A restore from the parent's head is a reset from parent
     * (reference §2.4: the API has no other way to say it), with the reset's rules and parent links.
     */
    BranchResult restore(String idOrName, RestoreSpec spec) {
        return frame.mutate(ch -> {
            BranchRecord target = state.requireBranch(idOrName);
            BranchRecord source = state.requireBranch(spec.sourceBranchId());
            BranchPolicy policy = state.policy();
            if (spec.point().isHead() && source.id.equals(target.parentId)) {
                return reset(ch, target, spec.preserveUnderName(), policy);
            }
            policy.canRestore(state.asDomain(target), state.asDomain(source), spec.point(), spec.preserveUnderName()).orThrow();
            if (spec.preserveUnderName() != null) {
                policy.branchCapacity(target.parentId == null).orThrow();
            }
            return move(ch, target, source, spec.point(), spec.preserveUnderName(), false);
        });
    }

    private String reset(Changes ch, BranchRecord target, String backupName, BranchPolicy policy) throws SQLException {
        policy.canReset(state.asDomain(target), backupName).orThrow();
        if (backupName != null) {
            policy.branchCapacity(false).orThrow();
        }
        return move(ch, target, state.requireBranch(target.parentId), PointInTime.HEAD, backupName, true);
    }

    /**
     * The target keeps its id, name and endpoints and moves to a new timeline at (source, point). Its old
     * timeline becomes the backup branch when a name is given (else it is reclaimed); the children move to
     * the backup; parent links follow seed 001.
     */
    private String move(Changes ch, BranchRecord target, BranchRecord source, PointInTime point,
                        String backupName, boolean reset) throws SQLException {
        boolean self = target.id.equals(source.id);
        ResolvedPoint at = points.resolve(ch.c, source, point, clock.now());
        // stamped after the point is resolved, which on Postgres can take seconds (a server replays WAL to find a
        // moment): the reset's time is that of its operations, so the console sees one event, not two
        Instant now = clock.now();
        Timeline sourceTl = state.timelineOf(source);
        Timeline oldTl = state.timelineOf(target);
        Timeline fresh = data.newTimeline(ch, sourceTl.id(), at.lsn().value(), plane.sizeAt(sourceTl.id(), at.lsn().value()), now);

        BranchRecord t = target.copy();
        BranchRecord backup = null;
        if (backupName != null) {
            backup = backup(ch, target, oldTl, backupName, self, reset, now);
        }
        t.timelineId = fresh.id();
        if (reset) {
            t.parentLsn = at.lsn().value();
            t.parentTimestamp = now;
        } else if (target.parentId != null && backup != null) {
            // seed 001: restoring a non-root branch makes the backup its parent
            t.parentId = backup.id;
            t.parentLsn = self ? at.lsn().value() : oldTl.headLsn();
            t.parentTimestamp = self ? PointResolver.timeOf(point, at) : oldTl.headAt();
        } else if (target.parentId != null) {
            t.parentId = source.id;
            t.parentLsn = at.lsn().value();
            t.parentTimestamp = point.isHead() ? now : PointResolver.timeOf(point, at);
        }
        t.lastResetAt = now;
        t.updatedAt = now;
        if (t.expiresAt != null && t.ttlIntervalSeconds != null) {
            t.expiresAt = now.plusSeconds(t.ttlIntervalSeconds);
        }
        t.setState(BranchState.RESETTING, BranchState.READY, now);
        if (self || source.initSource == InitSource.SCHEMA_ONLY || target.initSource == InitSource.SCHEMA_ONLY) {
            t.initSource = t.parentId == null ? target.initSource : InitSource.PARENT_DATA;
        }
        ch.put(t);
        ch.events.add(() -> new BackendEvent.BranchChanged(state.asDomain(t)));

        List<EndpointRecord> running = state.endpoints().stream()
                .filter(e -> e.branchId.equals(t.id) && e.currentState == Endpoint.State.ACTIVE).toList();
        for (EndpointRecord e : running) {
            ch.plan(Operation.Action.SUSPEND_COMPUTE, t.id, e.id);
        }
        ch.plan(Operation.Action.CREATE_TIMELINE, t.id, null);
        for (EndpointRecord e : running) {
            ch.plan(Operation.Action.START_COMPUTE, t.id, e.id);
        }
        if (backup == null) {
            ch.plan(Operation.Action.DELETE_TIMELINE, t.id, null);
        }
        return t.id;
    }

    /**
     * The backup keeps the target's old timeline and parent links, and the target's children move to it. The
     * backup of a root restored from another branch cannot be deleted (seed 001).
     */
    private BranchRecord backup(Changes ch, BranchRecord target, Timeline oldTl, String backupName, boolean self,
                                boolean reset, Instant now) throws SQLException {
        BranchRecord backup = new BranchRecord();
        backup.id = names.branchId();
        backup.name = backupName;
        backup.timelineId = oldTl.id();
        backup.parentId = target.parentId;
        backup.parentLsn = target.parentLsn;
        backup.parentTimestamp = target.parentTimestamp;
        backup.initSource = target.initSource;
        backup.backup = true;
        backup.deletionBlocked = target.parentId == null && !self && !reset;
        backup.creationSource = "restore";
        backup.createdBy = target.createdBy;
        backup.createdAt = now;
        backup.updatedAt = now;
        backup.stateChangedAt = now;
        ch.put(backup);
        ch.events.add(() -> new BackendEvent.BranchCreated(state.asDomain(backup)));
        for (BranchRecord child : state.branches()) {
            if (target.id.equals(child.parentId)) {
                BranchRecord moved = child.copy();
                moved.parentId = backup.id;
                moved.updatedAt = now;
                ch.put(moved);
                ch.events.add(() -> new BackendEvent.BranchChanged(state.asDomain(moved)));
            }
        }
        return backup;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
