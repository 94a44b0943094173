package dev.arbor.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The production executor on the real FX thread: a cancelled task's thread is interrupted and no callback runs. */
class FxUiExecutorTest {
    private final FxUiExecutor executor = new FxUiExecutor();

    @BeforeAll
    static void startToolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        executor.close();
    }

    @Test
    void cancellingInterruptsTheWorkerAndNeitherCallbackRuns() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        List<String> heard = new CopyOnWriteArrayList<>();
        UiExecutor.Task[] task = new UiExecutor.Task[1];
        WaitForAsyncUtils.asyncFx(() -> task[0] = executor.submit(() -> {
            started.countDown();
            try {
                Thread.sleep(30_000);
                return "slept";
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        }, heard::add, thrown -> heard.add("failed: " + thrown))).get(5, TimeUnit.SECONDS);
        assertTrue(started.await(5, TimeUnit.SECONDS));

        boolean stopped = WaitForAsyncUtils.asyncFx(() -> task[0].cancel()).get(5, TimeUnit.SECONDS);

        assertTrue(stopped);
        assertTrue(interrupted.await(2, TimeUnit.SECONDS), "the worker thread was interrupted");
        Thread.sleep(200);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), heard, "no callback runs after cancel");
        assertTrue(task[0].isCancelled());
    }

    @Test
    void aDeliveredResultCannotBeCancelledAfterwards() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        UiExecutor.Task task = WaitForAsyncUtils.asyncFx(() -> executor.submit(() -> "done", heard::add, thrown -> { }))
                .get(5, TimeUnit.SECONDS);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (heard.isEmpty() && System.nanoTime() < until) {
            WaitForAsyncUtils.waitForFxEvents();
        }

        assertEquals(List.of("done"), heard);
        assertFalse(WaitForAsyncUtils.asyncFx(task::cancel).get(5, TimeUnit.SECONDS), "nothing was left to stop");
        assertFalse(task.isCancelled());
    }
}
