package dev.arbor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.testing.PgProjects;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the server lets a request in flight finish and answer before the server goes away. */
class GracefulStopTest {
    @TempDir
    Path dir;

    @Test
    void aRequestInFlightCompletesDuringStop() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (EmbeddedBackend real = EmbeddedBackend.open(PgProjects.prepare(dir), PgProjects.options())) {
            // the branch list waits inside the backend until the test lets it go
            BranchBackend slow = (BranchBackend) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BranchBackend.class}, (proxy, method, args) -> {
                        if (method.getName().equals("listBranches")) {
                            entered.countDown();
                            release.await(10, TimeUnit.SECONDS);
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            ApiServer server = ApiServer.start(slow, ServerOptions.loopback(0, "k"));
            HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/projects/" + real.project().id() + "/branches"))
                    .header("Authorization", "Bearer k").timeout(Duration.ofSeconds(20)).build();
            CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient()
                    .sendAsync(req, HttpResponse.BodyHandlers.ofString());
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
            Thread.sleep(200);
            assertFalse(stopping.isDone(), "the stop waits for the request");
            release.countDown();
            assertEquals(200, answer.get(10, TimeUnit.SECONDS).statusCode());
            stopping.get(10, TimeUnit.SECONDS);
        }
    }
}
