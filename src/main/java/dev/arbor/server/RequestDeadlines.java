package dev.arbor.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections whose client is too slow to send its request or to take its answer.
 *
 * <p>The JDK's HTTP server reads a request's line and headers on the executor's thread, with blocking reads and
 * no timeout of its own (its {@code sun.net.httpserver.maxReqTime} is a JVM-wide setting, read once, and off by
 * default). Each exchange the server hands to the executor is therefore {@linkplain #track tracked} from the
 * moment it starts: while the request is being read (head, then body) and while the answer is being written, a
 * deadline runs; a ticker interrupts a thread whose deadline passed, and because the server's socket channel is
 * interruptible, the interrupt closes that connection and frees the thread. While the backend works on a
 * request no deadline runs and nothing is interrupted.
 */
final class RequestDeadlines implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);
    private static final ThreadLocal<Watch> CURRENT = new ThreadLocal<>();

    private final long timeoutNanos;
    private final Set<Watch> watched = ConcurrentHashMap.newKeySet();
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

    /** The exchange, run with a deadline for reading its request, from its first byte on. */
    Runnable track(Runnable exchange) {
        return () -> {
            Watch watch = new Watch(Thread.currentThread(), System.nanoTime() + timeoutNanos);
            watched.add(watch);
            CURRENT.set(watch);
            try {
                exchange.run();
            } finally {
                CURRENT.remove();
                watched.remove(watch);
                watch.finish();
            }
        };
    }

    /**
     * The request has been read: the deadline stops while the backend works. False when the deadline passed
     * first (the connection is being closed and the request must not be worked on).
     */
    static boolean requestRead() {
        Watch watch = CURRENT.get();
        return watch == null || watch.toPhase(Phase.WORKING, 0);
    }

    /** The answer is about to be written: a fresh deadline for the client to take it. */
    static boolean answering() {
        Watch watch = CURRENT.get();
        return watch == null || watch.toPhase(Phase.WRITING, watch.timeoutFromNow());
    }

    private void expire() {
        long now = System.nanoTime();
        for (Watch w : watched) {
            if (w.expireIfDue(now)) {
                LOG.debug("Closed a connection whose client took longer than {} ms to send its request or take its answer",
                        TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    private enum Phase { READING, WORKING, WRITING, EXPIRED, DONE }

    /** One exchange on one thread; the lock makes sure a thread is only interrupted while its exchange is on it. */
    private final class Watch {
        private final Thread thread;
        private Phase phase = Phase.READING;
        private long deadline;

        Watch(Thread thread, long deadline) {
            this.thread = thread;
            this.deadline = deadline;
        }

        long timeoutFromNow() {
            return System.nanoTime() + timeoutNanos;
        }

        synchronized boolean toPhase(Phase next, long newDeadline) {
            // an interrupt that arrived between two blocking reads is still pending: the deadline won
            if (phase == Phase.EXPIRED || Thread.interrupted()) {
                phase = Phase.EXPIRED;
                return false;
            }
            phase = next;
            deadline = newDeadline;
            return true;
        }

        synchronized boolean expireIfDue(long now) {
            if ((phase == Phase.READING || phase == Phase.WRITING) && now - deadline > 0) {
                phase = Phase.EXPIRED;
                thread.interrupt();
                return true;
            }
            return false;
        }

        synchronized void finish() {
            phase = Phase.DONE;
            // the pool thread goes on to other exchanges without a stale interrupt
            Thread.interrupted();
        }
    }
}
