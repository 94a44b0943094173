package dev.arbor.remote;

import static dev.arbor.remote.MockNeon.FEATURE;
import static dev.arbor.remote.MockNeon.PROJECT;
import static dev.arbor.remote.MockNeon.branches;
import static dev.arbor.remote.MockNeon.created;
import static dev.arbor.remote.MockNeon.json;
import static dev.arbor.remote.MockNeon.operation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.CreateBranchSpec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console cancels work by interrupting the thread that runs it. A call waiting on a slow Neon API must then
 * end at once with a sentence, never be retried, and never send a mutation a second time.
 */
class InterruptedCallTest {
    // Timeouts far longer than the test waits, so only the interrupt can end the call.
    private static final ClientOptions PATIENT = MockNeon.FAST
            .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60))
            .withPolling(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(60));

    private MockNeon neon;
    private RemoteBackend backend;

    @BeforeEach
    void start() throws Exception {
        neon = new MockNeon(PATIENT);
        backend = new RemoteBackend(neon.client, PROJECT);
    }

    @AfterEach
    void stop() throws Exception {
        neon.close();
    }

    @Test
    void interruptedCreateEndsPromptlyAndIsSentOnlyOnce() throws Exception {
        neon.enqueue(json(201, created(FEATURE)).setHeadersDelay(4, TimeUnit.SECONDS))
                .enqueue(json(201, created(FEATURE)));

        Outcome outcome = runAndInterruptOnceSent(() -> backend.createBranch(CreateBranchSpec.named("feature-x")));

        assertEquals("INTERRUPTED", outcome.failure().reason());
        assertTrue(outcome.failure().getMessage().contains("may still finish"), outcome.failure().getMessage());
        Thread.sleep(300);
        assertEquals(1, neon.server.getRequestCount(), "a mutation already sent is never sent again");
    }

    @Test
    void interruptedReadEndsPromptlyWithoutARetry() throws Exception {
        for (int i = 0; i < 4; i++) {
            neon.enqueue(json(200, branches(null, FEATURE)).setHeadersDelay(4, TimeUnit.SECONDS));
        }

        Outcome outcome = runAndInterruptOnceSent(backend::listBranches);

        assertEquals("INTERRUPTED", outcome.failure().reason());
        Thread.sleep(300);
        assertEquals(1, neon.server.getRequestCount(), "an interrupted read is not retried");
    }

    @Test
    void interruptedWaitForAnOperationEndsPromptly() throws Exception {
        neon.enqueue(json(201, created(FEATURE, operation("op-1", "create_branch", "running"))))
                .enqueue(json(200, "{\"operation\":" + operation("op-1", "create_branch", "finished") + "}"));

        Outcome outcome = runAndInterruptOnceSent(() -> backend.createBranch(CreateBranchSpec.named("feature-x")));

        assertEquals("INTERRUPTED", outcome.failure().reason());
        assertEquals(1, neon.server.getRequestCount(), "the wait stopped before the next poll");
    }

    @Test
    void interruptedCreateOnAVirtualThreadLikeTheConsolesWorkersEndsPromptlyAndIsSentOnlyOnce() throws Exception {
        neon.enqueue(json(201, created(FEATURE)).setHeadersDelay(4, TimeUnit.SECONDS))
                .enqueue(json(201, created(FEATURE)));

        Outcome outcome = runAndInterruptOnceSent(Thread.ofVirtual().name("arbor-work-test"),
                () -> backend.createBranch(CreateBranchSpec.named("feature-x")));

        assertEquals("INTERRUPTED", outcome.failure().reason());
        Thread.sleep(300);
        assertEquals(1, neon.server.getRequestCount(), "a mutation already sent is never sent again");
    }

    private record Outcome(ArborException failure, long millis) {
    }

    /** Runs {@code work} on a thread (a platform one unless given), interrupts it once the server has its request, and waits for it. */
    private Outcome runAndInterruptOnceSent(Runnable work) throws Exception {
        return runAndInterruptOnceSent(Thread.ofPlatform().name("interrupted-call"), work);
    }

    private Outcome runAndInterruptOnceSent(Thread.Builder thread, Runnable work) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread worker = thread.start(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        assertNotNull(neon.server.takeRequest(5, TimeUnit.SECONDS), "the request reached the server");
        Thread.sleep(100);
        long begun = System.nanoTime();
        worker.interrupt();
        worker.join(Duration.ofSeconds(3));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun);
        assertFalse(worker.isAlive(), "the interrupted call is still waiting");
        assertTrue(millis < 2000, "ended after " + millis + " ms");
        return new Outcome(assertInstanceOf(ArborException.class, thrown.get()), millis);
    }
}
