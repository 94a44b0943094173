package dev.arbor.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.backend.BranchBackend;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import dev.arbor.testing.PgProjects;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * A real engine on real Postgres in a temp directory behind a real {@link ApiServer} on loopback, and a plain HTTP client.
 * By default operations run inline, so each request's work is done when it answers; a {@link HeldExecutor}
 * keeps them scheduled so a test can see the project locked.
 */
final class ServerHarness implements AutoCloseable {
    static final String KEY = "test-key-0123456789";
    private static final ObjectMapper PLAIN = new ObjectMapper();

    final EmbeddedEngine engine;
    final EmbeddedBackend backend;
    final ApiServer server;
    final String projectId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Holds operations until {@link #runAll()}, so they stay unfinished. */
    static final class HeldExecutor implements Executor {
        private final Queue<Runnable> queue = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable r) {
            queue.add(r);
        }

        synchronized void runAll() {
            while (!queue.isEmpty()) {
                queue.poll().run();
            }
        }
    }

    /** The answer: status, raw text and parsed JSON (null when there is no body). */
    record Response(int status, String text, JsonNode json, HttpResponse<String> raw) {
    }

    ServerHarness(Path dir) {
        this(dir, Runnable::run, ServerOptions.DEFAULT_MAX_BODY_BYTES);
    }

    ServerHarness(Path dir, Executor operations, int maxBodyBytes) {
        this(dir, operations, maxBodyBytes, UnaryOperator.identity());
    }

    /** A server over {@code served}'s wrapping of the engine's backend (say, with connections from a real Postgres). */
    ServerHarness(Path dir, UnaryOperator<BranchBackend> served) {
        this(dir, Runnable::run, ServerOptions.DEFAULT_MAX_BODY_BYTES, served);
    }

    /** A server over a project whose branches are real Postgres databases (every harness's project is). */
    static ServerHarness onPostgres(Path dir) {
        return new ServerHarness(dir);
    }

    private ServerHarness(Path dir, Executor operations, int maxBodyBytes, UnaryOperator<BranchBackend> served) {
        this(dir, PgProjects.options().withOperationExecutor(operations), maxBodyBytes, served);
    }

    private ServerHarness(Path dir, EngineOptions options, int maxBodyBytes, UnaryOperator<BranchBackend> served) {
        engine = PgProjects.open(dir, options);
        backend = new EmbeddedBackend(engine, false);
        server = ApiServer.start(served.apply(backend), ServerOptions.loopback(0, KEY).withMaxBodyBytes(maxBodyBytes));
        projectId = engine.project().id();
    }

    String p(String rest) {
        return "/projects/" + projectId + rest;
    }

    Response get(String path) {
        return send("GET", path, null, KEY);
    }

    Response post(String path, String json) {
        return send("POST", path, json, KEY);
    }

    Response patch(String path, String json) {
        return send("PATCH", path, json, KEY);
    }

    Response delete(String path) {
        return send("DELETE", path, null, KEY);
    }

    /** Sends a request; the wait is long, for a branch made with computes answers once each real Postgres has started. */
    Response send(String method, String path, String json, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofMinutes(2))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.build());
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? null : PLAIN.readTree(r.body());
            return new Response(r.statusCode(), r.body(), json, r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The id of the branch with this name. */
    String branchId(String name) {
        return engine.branch(name).id();
    }

    @Override
    public void close() {
        server.close();
        backend.close();
    }
}
