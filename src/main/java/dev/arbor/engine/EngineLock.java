package dev.arbor.engine;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The engine's one readers-writer lock and whether the project is still open. Changes, operations and
 * maintenance hold the write side; reads of the in-memory control plane share the read side.
 */
final class EngineLock {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closing;
    private volatile boolean closed;

    /** The write side; callers lock and unlock it around their change. */
    Lock writer() {
        return lock.writeLock();
    }

    /** Runs {@code body} under the read lock once the project is known to be open. */
    <T> T read(Supplier<T> body) {
        checkOpen();
        return shared(body);
    }

    /** Runs {@code body} under the read lock; a closed project is refused by the store it reads, if at all. */
    <T> T shared(Supplier<T> body) {
        lock.readLock().lock();
        try {
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Says that the project has begun to close: its computes are stopping, so reads in flight may be cut off. */
    void beginClosing() {
        closing = true;
    }

    /**
     * What a read that Postgres failed becomes: refused as closed when the project began to close meanwhile (its
     * compute was stopped under the read), else the failure itself.
     */
    ArborException cutOff(ArborException failure) {
        if (!closing || failure.code() != ErrorCode.UNAVAILABLE) {
            return failure;
        }
        return ArborException.unavailable("ENGINE_CLOSED", "The project is closed.", failure);
    }

    void checkOpen() {
        if (closed) {
            throw ArborException.unavailable("ENGINE_CLOSED", "The project is closed.", null);
        }
    }

    /** Marks the project closed and runs {@code release} while no change can be under way. */
    void close(Runnable release) {
        lock.writeLock().lock();
        try {
            closed = true;
            release.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
