package dev.arbor.engine;

import dev.arbor.backend.BranchResult;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens with time: branches whose expiry has come are deleted (when the rules allow), computes idle past
 * their timeout are suspended, and history older than the window is reclaimed. Each deletion and suspension is an
 * ordinary change with its operation, so it is refused and retried like any other.
 */
final class Maintenance {
    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

    private final EngineLock lock;
    private final ControlPlane state;
    private final DataPlane plane;
    private final EngineEvents events;
    private final BranchCommands branches;
    private final EndpointCommands endpoints;
    private final OperationRunner runner;
    private final EngineClock clock;
    private ScheduledExecutorService scheduler;
    /** How long a Time Travel view with no client stays up, for the next query at the same point. */
    static final long VIEW_IDLE_SECONDS = 60;

    /** {@code plane}: real Postgres, whose proxies know when a client last used a compute. */
    Maintenance(EngineLock lock, ControlPlane state, DataPlane plane, EngineEvents events,
                BranchCommands branches, EndpointCommands endpoints, OperationRunner runner, EngineClock clock) {
        this.plane = plane;
        this.events = events;
        this.lock = lock;
        this.state = state;
        this.branches = branches;
        this.endpoints = endpoints;
        this.runner = runner;
        this.clock = clock;
    }

    /** Runs a pass every {@code every} on a background thread; null, zero or negative: only when asked. */
    void schedule(Duration every) {
        if (every == null || every.isZero() || every.isNegative()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arbor-maintenance");
            t.setDaemon(true);
            return t;
        });
        // the first pass soon after opening catches up on expirations and idle computes from while it was closed
        scheduler.scheduleWithFixedDelay(this::tick, Math.min(5000, every.toMillis()), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void tick() {
        try {
            run();
        } catch (RuntimeException e) {
            log.warn("Maintenance failed: {}", e.getMessage());
        }
    }

    /**
     * Deletes branches whose time has come (when the rules allow), suspends computes idle past their timeout,
     * and reclaims history older than the window. Each deletion and suspension is an operation.
     */
    MaintenanceReport run() {
        if (lock.isClosed()) {
            return new MaintenanceReport(List.of(), List.of(), 0);
        }
        Instant now = clock.now();
        List<String> expired = new ArrayList<>();
        List<BranchRecord> due = lock.read(() -> state.branches().stream()
                .filter(b -> b.expiresAt != null && !b.expiresAt.isAfter(now))
                .sorted(Comparator.comparing((BranchRecord b) -> b.expiresAt)).toList());
        for (BranchRecord b : due) {
            try {
                BranchResult r = branches.delete(b.id);
                runner.await(r.operations(), Duration.ofMinutes(1));
                expired.add(b.name);
                log.info("Deleted expired branch {} ({})", b.name, b.id);
            } catch (ArborException e) {
                log.info("Expired branch {} was not deleted: {}", b.name, e.getMessage());
            }
        }
        List<String> suspended = new ArrayList<>();
        List<EndpointRecord> idle = lock.read(() -> state.endpoints().stream().filter(e -> {
            Long timeout = state.asDomain(e).effectiveSuspendSeconds();
            Instant last = plane.lastUsed(e);
            return e.currentState == Endpoint.State.ACTIVE && timeout != null && last != null
                    && !last.plusSeconds(timeout).isAfter(now);
        }).toList());
        for (EndpointRecord e : idle) {
            try {
                BranchResult r = endpoints.suspend(e.id);
                runner.await(r.operations(), Duration.ofMinutes(1));
                suspended.add(e.id);
            } catch (ArborException ex) {
                log.debug("Endpoint {} not suspended now: {}", e.id, ex.getMessage());
            }
        }
        plane.closeIdleViews(VIEW_IDLE_SECONDS);
        plane.backUpRunning();
        java.util.Set<Long> grown = plane.refreshRunning();
        events.publish(lock.read(() -> state.branches().stream().filter(b -> grown.contains(b.timelineId))
                .map(b -> (dev.arbor.backend.BackendEvent) new dev.arbor.backend.BackendEvent.BranchChanged(
                        state.asDomain(b))).toList()));
        return new MaintenanceReport(expired, suspended, collectHistory());
    }

    /** Reclaims the WAL and base backups older than the history window that no readable point needs; the bytes. */
    long collectHistory() {
        lock.writer().lock();
        try {
            lock.checkOpen();
            Instant horizon = clock.now().minusSeconds(state.project().historyRetentionSeconds());
            return plane.reclaim(horizon).bytes();
        } finally {
            lock.writer().unlock();
        }
    }
}
