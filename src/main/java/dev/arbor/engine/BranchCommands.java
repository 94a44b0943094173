package dev.arbor.engine;

import dev.arbor.backend.BackendEvent;
import dev.arbor.backend.BranchResult;
import dev.arbor.backend.ResolvedPoint;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.BranchPatch;
import dev.arbor.domain.BranchPolicy;
import dev.arbor.domain.BranchState;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.InitSource;
import dev.arbor.domain.Operation;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Creating, changing, making default and deleting branches, each checked against {@link BranchPolicy}. */
final class BranchCommands {
    private final WriteFrame frame;
    private final ControlPlane state;
    private final TimelineStore data;
    private final DataPlane plane;
    private final PointResolver points;
    private final Names names;
    private final EngineClock clock;

    /** {@code plane}: real Postgres, where a schema-only branch gets a cluster of its own. */
    BranchCommands(WriteFrame frame, ControlPlane state, TimelineStore data, DataPlane plane, PointResolver points,
                   Names names, EngineClock clock) {
        this.plane = plane;
        this.frame = frame;
        this.state = state;
        this.data = data;
        this.points = points;
        this.names = names;
        this.clock = clock;
    }

    /**
     * A new timeline whose ancestor is the parent's timeline at the resolved point: nothing is copied. A
     * schema-only branch is a new root whose first commit copies the parent's catalog at the point.
     */
    BranchResult create(CreateBranchSpec spec) {
        return frame.mutate(ch -> {
            Instant now = clock.now();
            BranchRecord parent = spec.parentId() == null || spec.parentId().isBlank()
                    ? state.defaultBranch() : state.requireBranch(spec.parentId());
            BranchPolicy policy = state.policy();
            boolean schemaOnly = spec.initSource() == InitSource.SCHEMA_ONLY;
            if (schemaOnly) {
                policy.branchCapacity(true).orThrow();
            } else {
                policy.canCreateChild(state.asDomain(parent)).orThrow();
            }
            if (spec.name() != null) {
                policy.nameAvailable(spec.name(), null).orThrow();
            }
            if (spec.isProtected()) {
                policy.protectedCapacity().orThrow();
            }
            if (spec.expiresAt() != null) {
                if (spec.isProtected()) {
                    throw ArborException.rule("PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED",
                            "A protected branch cannot expire; choose protection or an expiration date, not both.");
                }
                BranchPolicy.expirationTime(spec.expiresAt(), now).orThrow();
            }
            if (spec.endpoints().stream().filter(e -> e.type() == Endpoint.Type.READ_WRITE).count() > 1) {
                throw ArborException.conflict("READ_WRITE_ENDPOINT_EXISTS", "A branch can have only one read-write compute.");
            }
            ResolvedPoint point = points.resolve(ch.c, parent, spec.point(), now);
            Timeline parentTl = state.timelineOf(parent);

            BranchRecord b = new BranchRecord();
            b.id = names.branchId();
            b.name = spec.name() == null ? b.id : spec.name();
            b.initSource = spec.initSource();
            b.isProtected = spec.isProtected();
            b.createdBy = creator(spec.createdBy());
            b.createdAt = now;
            b.updatedAt = now;
            b.setState(BranchState.INIT, BranchState.READY, now);
            if (spec.expiresAt() != null) {
                b.expiresAt = spec.expiresAt().truncatedTo(ChronoUnit.SECONDS);
                b.ttlIntervalSeconds = Duration.between(now, b.expiresAt).toSeconds();
            }
            if (schemaOnly) {
                Timeline root = data.newTimeline(ch, null, null, 0, now);
                plane.initRoot(ch.c, root.id(), plane.schemaAt(parentTl.id(), point.lsn().value()));
                b.timelineId = root.id();
            } else {
                // the parent's size at the point, until the branch's own compute is measured
                Timeline tl = data.newTimeline(ch, parentTl.id(), point.lsn().value(),
                        plane.sizeAt(parentTl.id(), point.lsn().value()), now);
                b.timelineId = tl.id();
                b.parentId = parent.id;
                b.parentLsn = point.lsn().value();
                b.parentTimestamp = spec.point().isHead() ? now : PointResolver.timeOf(spec.point(), point);
            }
            ch.put(b);
            ch.events.add(() -> new BackendEvent.BranchCreated(state.asDomain(b)));
            ch.plan(Operation.Action.CREATE_BRANCH, b.id, null);
            for (EndpointSpec es : spec.endpoints()) {
                EndpointRecord ep = EndpointRecord.create(names.endpointId(), b.id, es, now);
                ch.put(ep);
                ch.plan(Operation.Action.START_COMPUTE, b.id, ep.id);
            }
            return b.id;
        });
    }

    /** Who a branch records as its creator: the one named, else the user running Arbor. */
    static String creator(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        return System.getProperty("user.name", "arbor");
    }

    BranchResult update(String idOrName, BranchPatch patch) {
        return frame.mutate(ch -> {
            Instant now = clock.now();
            BranchRecord current = state.requireBranch(idOrName);
            BranchPolicy policy = state.policy();
            BranchRecord b = current.copy();
            if (patch.name().isPresent()) {
                policy.nameAvailable(patch.name().get(), b.id).orThrow();
                b.name = patch.name().get();
            }
            if (patch.isProtected().isPresent() && patch.isProtected().get() != b.isProtected) {
                boolean on = patch.isProtected().get();
                if (on) {
                    boolean clearing = patch.expiresAt().isPresent() && patch.expiresAt().get().isEmpty();
                    if (clearing) {
                        policy.protectedCapacity().orThrow();
                    } else {
                        policy.canProtect(state.asDomain(current)).orThrow();
                    }
                }
                b.isProtected = on;
                ch.plan(Operation.Action.APPLY_CONFIG, b.id, null);
            }
            if (patch.expiresAt().isPresent()) {
                Instant at = patch.expiresAt().get().orElse(null);
                if (at != null) {
                    BranchRecord probe = b.copy();
                    probe.expiresAt = null;
                    BranchPolicy.Verdict v = policy.canSetExpiration(state.asDomain(probe), at, now);
                    v.orThrow();
                    b.expiresAt = at.truncatedTo(ChronoUnit.SECONDS);
                    b.ttlIntervalSeconds = Duration.between(now, b.expiresAt).toSeconds();
                } else {
                    b.expiresAt = null;
                    b.ttlIntervalSeconds = null;
                }
            }
            if (b.isProtected && b.expiresAt != null) {
                throw ArborException.rule("PROTECTED_BRANCH_EXPIRATION_NOT_ALLOWED",
                        "A protected branch cannot expire; remove the expiration or the protection.");
            }
            b.updatedAt = now;
            ch.put(b);
            ch.events.add(() -> new BackendEvent.BranchChanged(state.asDomain(b)));
            return b.id;
        });
    }

    BranchResult setDefault(String idOrName) {
        return frame.mutate(ch -> {
            Instant now = clock.now();
            BranchRecord target = state.requireBranch(idOrName);
            state.policy().canSetDefault(state.asDomain(target)).orThrow();
            BranchRecord old = state.defaultBranch().copy();
            old.isDefault = false;
            old.updatedAt = now;
            BranchRecord b = target.copy();
            b.isDefault = true;
            b.updatedAt = now;
            ch.put(old);
            ch.put(b);
            ch.events.add(() -> new BackendEvent.BranchChanged(state.asDomain(old)));
            ch.events.add(() -> new BackendEvent.BranchChanged(state.asDomain(b)));
            return b.id;
        });
    }

    /**
     * Removes the branch and its endpoints; a {@code delete_timeline} operation then drops every timeline
     * that no branch and no descendant needs. Maintenance deletes expired branches through here too.
     */
    BranchResult delete(String idOrName) {
        return frame.mutate(ch -> {
            BranchRecord b = state.requireBranch(idOrName);
            state.policy().canDelete(state.asDomain(b)).orThrow();
            Branch gone = state.asDomain(b);
            ch.deletedBranch = gone;
            Sql.update(ch.c, "DELETE FROM branch WHERE id = ?", b.id);
            Sql.update(ch.c, "DELETE FROM endpoint WHERE branch_id = ?", b.id);
            ch.onCommit.add(() -> state.remove(b));
            ch.events.add(() -> new BackendEvent.BranchDeleted(gone.id(), gone.name()));
            ch.plan(Operation.Action.DELETE_TIMELINE, b.id, null);
            return b.id;
        });
    }
}
