package dev.arbor.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections whose client is too slow to send its request or to take its answer.
 *
 * <p>Jetty's idle timeout closes a connection on which nothing moves; a client that trickles one byte now and then
 * keeps that timeout from ever firing. So every connection of the connector this listens on is watched from the
 * moment it opens: until its request (head and body) has been read, and again while its answer is written, a
 * deadline runs; a ticker closes the connection of a deadline that passed, which also fails a read or write blocked
 * on it. While the backend works on a request no deadline runs. Once an answer is out, the next request on the same
 * connection gets a fresh deadline.
 */
final class RequestDeadlines implements Connection.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);

    private final long timeoutNanos;
    private final Map<Connection, Watch> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;

    RequestDeadlines(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        long tickMillis = Math.max(20, Math.min(250, timeout.toMillis() / 4));
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arbor-api-deadlines");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::expire, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        watched.put(connection, new Watch(connection, System.nanoTime() + timeoutNanos));
    }

    @Override
    public void onClosed(Connection connection) {
        Watch watch = watched.remove(connection);
        if (watch != null) {
            watch.toPhase(Phase.DONE, 0);
        }
    }

    /**
     * The request on this connection has been read: the deadline stops while the backend works. False when the
     * deadline passed first (the connection is being closed and the request must not be worked on).
     */
    boolean requestRead(Connection connection) {
        Watch watch = watched.get(connection);
        return watch == null || watch.toPhase(Phase.WORKING, 0);
    }

    /** True when the deadline for this connection passed and it was closed for that. */
    boolean expired(Connection connection) {
        Watch watch = watched.get(connection);
        return watch != null && watch.isExpired();
    }

    /** The answer is about to be written: a fresh deadline for the client to take it. False when already expired. */
    boolean answering(Connection connection) {
        Watch watch = watched.get(connection);
        return watch == null || watch.toPhase(Phase.WRITING, System.nanoTime() + timeoutNanos);
    }

    /** The answer is out: the client has a fresh deadline to send its next request on this connection. */
    void answered(Connection connection) {
        Watch watch = watched.get(connection);
        if (watch != null) {
            watch.toPhase(Phase.READING, System.nanoTime() + timeoutNanos);
        }
    }

    private void expire() {
        long now = System.nanoTime();
        for (Watch w : watched.values()) {
            if (w.expireIfDue(now)) {
                LOG.debug("Closed a connection whose client took longer than {} ms to send its request or take its answer",
                        TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
                w.connection.getEndPoint().close();
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    private enum Phase { READING, WORKING, WRITING, EXPIRED, DONE }

    /** One connection's deadline; the lock makes a deadline and a move to the next phase exclude each other. */
    private static final class Watch {
        private final Connection connection;
        private Phase phase = Phase.READING;
        private long deadline;

        Watch(Connection connection, long deadline) {
            this.connection = connection;
            this.deadline = deadline;
        }

        synchronized boolean toPhase(Phase next, long newDeadline) {
            if (phase == Phase.EXPIRED || phase == Phase.DONE) {
                return false;
            }
            phase = next;
            deadline = newDeadline;
            return true;
        }

        synchronized boolean isExpired() {
            return phase == Phase.EXPIRED;
        }

        synchronized boolean expireIfDue(long now) {
            if ((phase == Phase.READING || phase == Phase.WRITING) && now - deadline > 0) {
                phase = Phase.EXPIRED;
                return true;
            }
            return false;
        }
    }
}
