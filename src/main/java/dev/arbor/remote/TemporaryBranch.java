package dev.arbor.remote;

import dev.arbor.api.NeonJson;
import dev.arbor.backend.BranchResult;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.backend.PointAccess;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import dev.arbor.domain.InitSource;
import dev.arbor.domain.PointInTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A branch as it was at a point, the way Neon reads one (its Time Travel Assist): a temporary child branch made at
 * the point with one read-only compute. It is made with an expiration ({@link #LIFETIME}), so that the service deletes
 * it even when the console crashes before {@link #close()} does.
 *
 * <p>The compute is read-only, so nothing can be written at the point. Neon accepts a branch whose only compute is
 * read-only (neonctl's {@code branches create --type read_only} makes one), and so does {@code arbor serve}; its
 * connection string is asked for by the compute's id, since without one Neon gives the read-write compute's.
 */
final class TemporaryBranch implements PointAccess {
    /** How long the branch lives if nobody deletes it: long enough to look around, short enough not to linger. */
    static final Duration LIFETIME = Duration.ofHours(1);
    /** Neon's longest branch name, in code points. */
    private static final int MAX_NAME = 256;
    private static final String PREFIX = "time-travel/";
    private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(TemporaryBranch.class);

    private final NeonApiClient client;
    private final String projectId;
    private final Branch branch;
    private final String endpointId;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TemporaryBranch(NeonApiClient client, String projectId, Branch branch, String endpointId) {
        this.client = client;
        this.projectId = projectId;
        this.branch = branch;
        this.endpointId = endpointId;
    }

    /**
     * Makes the branch at {@code point} of {@code parent} and waits for its operations. A refusal (a point outside the
     * history window, an expiring parent) is the server's sentence, and nothing was made; a failure or an interrupt
     * after the branch was made deletes it before the exception goes on.
     */
    static TemporaryBranch open(NeonApiClient client, String projectId, Branch parent, PointInTime point, Instant now) {
        CreateBranchSpec spec = new CreateBranchSpec(parent.id(), name(parent.name(), point), point,
                InitSource.PARENT_DATA, false, now.plus(LIFETIME).truncatedTo(ChronoUnit.SECONDS),
                List.of(EndpointSpec.readOnly()), null);
        BranchResult made = client.createBranch(projectId, spec, Cancellation.none());
        TemporaryBranch temporary = null;
        try {
            client.awaitOperations(projectId, made.operations(), op -> { }, Cancellation.none());
            String endpoint = made.endpoints().stream().filter(e -> e.type() == Endpoint.Type.READ_ONLY)
                    .map(Endpoint::id).findFirst()
                    .orElseThrow(() -> new ArborException(dev.arbor.domain.ErrorCode.INTERNAL, "NO_READ_ONLY_COMPUTE",
                            "The server made the temporary branch \"" + made.branch().name()
                                    + "\" without the read-only compute asked for.", null, null));
            temporary = new TemporaryBranch(client, projectId, made.branch(), endpoint);
            return temporary;
        } finally {
            if (temporary == null) {
                new TemporaryBranch(client, projectId, made.branch(), null).close();
            }
        }
    }

    /** {@code time-travel/<branch>@<point>#<4 random>}: what it is, unique, within Neon's 256 characters. */
    static String name(String parent, PointInTime point) {
        String at = switch (point) {
            case PointInTime.AtLsn l -> l.lsn().toString();
            case PointInTime.AtTimestamp t -> NeonJson.formatInstant(t.timestamp());
            case PointInTime.Head h -> "now";
        };
        StringBuilder tag = new StringBuilder("#");
        for (int i = 0; i < 4; i++) {
            tag.append(DIGITS.charAt(RANDOM.nextInt(DIGITS.length())));
        }
        String tail = "@" + at + tag;
        int room = MAX_NAME - PREFIX.length() - tail.length();
        String shown = parent.codePointCount(0, parent.length()) <= room ? parent
                : parent.substring(0, parent.offsetByCodePoints(0, room - 1)) + "…";
        return PREFIX + shown.strip() + tail;
    }

    /** The temporary branch as the server made it (its name, id and expiration). */
    Branch branch() {
        return branch;
    }

    @Override
    public ConnectionDetails connect(String database, String role) {
        if (closed.get()) {
            throw ArborException.unavailable("POINT_CLOSED", "The temporary branch \"" + branch.name()
                    + "\" was deleted; open the point again to read there.", null);
        }
        return client.connectionUri(projectId, branch.id(), endpointId, database, role, false);
    }

    @Override
    public String options() {
        return null;
    }

    /**
     * Deletes the branch and waits for the deletion. An interrupt of the calling thread (a cancelled task) is set
     * aside for the deletion and set again afterwards; a failure is logged (the branch's name and id, no secret) and
     * left to the branch's expiration.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            BranchResult deleting = client.deleteBranch(projectId, branch.id(), Cancellation.none());
            if (deleting != null) {
                client.awaitOperations(projectId, deleting.operations(), op -> { }, Cancellation.none());
            }
            log.debug("Deleted the temporary branch {} ({})", branch.name(), branch.id());
        } catch (ArborException e) {
            if (e.code() == dev.arbor.domain.ErrorCode.NOT_FOUND) {
                log.debug("The temporary branch {} ({}) was gone already (it expired)", branch.name(), branch.id());
            } else {
                log.warn("The temporary branch {} ({}) was not deleted; it expires at {}: {}", branch.name(), branch.id(),
                        branch.expiresAt(), e.getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("The temporary branch {} ({}) was not deleted; it expires at {}: {}", branch.name(), branch.id(),
                    branch.expiresAt(), e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "TemporaryBranch[" + branch.name() + ", " + branch.id() + "]";
    }
}
