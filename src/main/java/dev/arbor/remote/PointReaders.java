package dev.arbor.remote;

import dev.arbor.backend.PointAccess;
import dev.arbor.domain.PointInTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * The points the remote backend reads rows at, kept open between calls: the Restore wizard pages through a table at
 * one point, and each page must not cost a new temporary branch. The last {@link #KEPT} points stay open; an older one
 * is closed when a new point is opened, any of them after {@link #IDLE} without a read, and all of them on
 * {@link #close()}. Opening holds the lock, so two readers of one point make one branch.
 */
final class PointReaders implements AutoCloseable {
    static final int KEPT = 2;
    static final Duration IDLE = Duration.ofMinutes(5);

    private record Key(String branchId, PointInTime point) {
    }

    private static final class Held {
        final PointAccess access;
        long lastUsed = System.nanoTime();

        Held(PointAccess access) {
            this.access = access;
        }
    }

    private final BiFunction<String, PointInTime, PointAccess> opener;
    private final Duration idle;
    private final ReentrantLock lock = new ReentrantLock();
    /** Least recently used first. */
    private final LinkedHashMap<Key, Held> open = new LinkedHashMap<>(4, 0.75f, true);
    private ScheduledExecutorService sweeper;
    private boolean closed;

    PointReaders(BiFunction<String, PointInTime, PointAccess> opener, Duration idle) {
        this.opener = opener;
        this.idle = idle;
    }

    /** The open access to {@code branchId} at {@code point}, opened now when it is not open yet. */
    PointAccess at(String branchId, PointInTime point) {
        List<PointAccess> retired = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            Key key = new Key(branchId, point);
            Held held = open.get(key);
            if (held == null) {
                held = new Held(opener.apply(branchId, point));
                open.put(key, held);
                startSweeper();
                Iterator<Held> oldestFirst = open.values().iterator();
                while (open.size() > KEPT) {
                    retired.add(oldestFirst.next().access); // the one just opened is the newest: never this
                    oldestFirst.remove();
                }
            }
            held.lastUsed = System.nanoTime();
            return held.access;
        } finally {
            lock.unlock();
            retired.forEach(PointAccess::close);
        }
    }

    /** Closes the points open on {@code branchId}: before the branch is deleted or restored, it must lose its children. */
    void closeBranch(String branchId) {
        closeWhere(k -> k.branchId().equals(branchId), Long.MAX_VALUE);
    }

    /** How many points are open, for tests. */
    int openCount() {
        lock.lock();
        try {
            return open.size();
        } finally {
            lock.unlock();
        }
    }

    void closeIdle() {
        closeWhere(k -> true, idle.toNanos());
    }

    private void closeWhere(java.util.function.Predicate<Key> which, long idleNanos) {
        List<PointAccess> retired = new ArrayList<>();
        lock.lock();
        try {
            long now = System.nanoTime();
            open.entrySet().removeIf(e -> {
                boolean go = which.test(e.getKey()) && (idleNanos == Long.MAX_VALUE || now - e.getValue().lastUsed >= idleNanos);
                if (go) {
                    retired.add(e.getValue().access);
                }
                return go;
            });
        } finally {
            lock.unlock();
        }
        retired.forEach(PointAccess::close);
    }

    private void startSweeper() {
        if (sweeper != null) {
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arbor-point-readers");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, idle.toMillis() / 4);
        sweeper.scheduleWithFixedDelay(this::closeIdle, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        List<PointAccess> retired;
        lock.lock();
        try {
            closed = true;
            retired = open.values().stream().map(h -> h.access).toList();
            open.clear();
            if (sweeper != null) {
                sweeper.shutdownNow();
            }
        } finally {
            lock.unlock();
        }
        retired.forEach(PointAccess::close);
    }
}
