package dev.arbor.contract;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.arbor.api.NeonDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP proxy between a client and an API server that records every request as it went over the wire
 * (method, raw path, raw query, body bytes) and forwards it unchanged, answering with what the server answered.
 * It lets a test see exactly what {@code NeonApiClient} sends without a seam in the client.
 */
final class RecordingProxy implements AutoCloseable {
    /** Headers a client sends that the proxy passes on; the JDK client sets Host, Content-Length and Connection itself. */
    private static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Accept", "User-Agent",
            "X-Request-ID");
    private static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "X-Request-ID", "Allow", "Retry-After");

    private final URI target;
    private final HttpServer http;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpClient forward = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    /** A request as it went over the wire, and the status the server answered it with. */
    record Recorded(NeonDocument.Request request, int status) {
    }

    /** @param target the server's origin, e.g. {@code http://127.0.0.1:4300}; paths are passed on as they came */
    RecordingProxy(URI target) {
        this.target = target;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setExecutor(threads);
        http.createContext("/", this::relay);
        http.start();
    }

    /** The proxy's own base URL for the API, e.g. {@code http://127.0.0.1:51234/api/v2}. */
    String baseUrl() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + http.getAddress().getPort()
                + NeonDocument.PREFIX;
    }

    /** The requests recorded since the last call, oldest first; the record is emptied. */
    List<Recorded> drain() {
        List<Recorded> out = List.copyOf(requests);
        requests.removeAll(out);
        return out;
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod();

            HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(target + uri.getRawPath()
                            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body.length == 0 && !method.equals("POST") ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String name : REQUEST_HEADERS) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    out.header(name, value);
                }
            }
            HttpResponse<byte[]> answer;
            try {
                answer = forward.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            requests.add(new Recorded(new NeonDocument.Request(method, uri.getRawPath(), uri.getRawQuery(), body),
                    answer.statusCode()));
            for (String name : RESPONSE_HEADERS) {
                answer.headers().firstValue(name).ifPresent(v -> exchange.getResponseHeaders().set(name, v));
            }
            byte[] reply = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), reply.length == 0 ? -1 : reply.length);
            if (reply.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(reply);
                }
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }
}
