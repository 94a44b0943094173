package dev.arbor.proxy;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client of an {@link EndpointProxy}: reads its startup packets, asks the router where to go, connects
 * there and relays. The backend's messages are read one by one only until the first ReadyForQuery (to learn
 * the cancel key); after that both directions are plain copies.
 */
final class ProxySession implements Runnable {
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final byte BACKEND_KEY_DATA = 'K';
    private static final byte READY_FOR_QUERY = 'Z';

    private final EndpointProxy proxy;
    private final Socket client;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Socket backend;
    private volatile Target.Backend target;
    private volatile String cancelKey;
    /** Set once the two copying threads own the session (and close it when either ends). */
    private boolean relaying;

    ProxySession(EndpointProxy proxy, Socket client) {
        this.proxy = proxy;
        this.client = client;
    }

    @Override
    public void run() {
        ScheduledFuture<?> deadline = null;
        try {
            deadline = proxy.deadlines().schedule(this::close, proxy.startupDeadline().toMillis(),
                    TimeUnit.MILLISECONDS);
            client.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            PgWire.StartupPacket packet = firstPacketAfterEncryptionRequests(in, out);
            if (packet == null) {
                return; // a cancel request, handled
            }
            if (!deadline.cancel(false) || closed.get()) {
                return; // the deadline closed the connection
            }
            if (packet.majorVersion() != PgWire.PROTOCOL_3) {
                refuse(out, "08P01", "Protocol version " + packet.majorVersion() + "." + (packet.code() & 0xFFFF)
                        + " is not supported; Postgres clients speak protocol 3.");
                return;
            }
            Map<String, String> parameters = PgWire.parameters(packet.body());
            StartupRequest request;
            try {
                request = request(packet.code(), parameters, (InetSocketAddress) client.getRemoteSocketAddress());
            } catch (ArborException e) {
                refuse(out, Target.INVALID_PARAMETER, e.getMessage());
                return;
            }
            Target chosen = route(request);
            if (chosen instanceof Target.Refusal refusal) {
                refuse(out, refusal.sqlState(), refusal.message());
                return;
            }
            relay((Target.Backend) chosen, request, in, out);
        } catch (IOException | RuntimeException e) {
            // garbage, a client or backend that went away, or a closed session: this connection ends, no other
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (!relaying) {
                close();
            }
        }
    }

    /** Answers SSLRequest and GSSENCRequest with "N" and forwards a CancelRequest; null after a cancel. */
    private PgWire.StartupPacket firstPacketAfterEncryptionRequests(DataInputStream in, OutputStream out)
            throws IOException {
        boolean sslAsked = false;
        boolean gssAsked = false;
        boolean first = true;
        while (true) {
            PgWire.StartupPacket packet = PgWire.readStartupPacket(in);
            switch (packet.code()) {
                case PgWire.SSL_REQUEST -> {
                    if (sslAsked || packet.body().length != 0) {
                        throw new PgWire.ProtocolViolation("a second SSLRequest");
                    }
                    sslAsked = true;
                    out.write('N');
                    out.flush();
                }
                case PgWire.GSSENC_REQUEST -> {
                    if (gssAsked || packet.body().length != 0) {
                        throw new PgWire.ProtocolViolation("a second GSSENCRequest");
                    }
                    gssAsked = true;
                    out.write('N');
                    out.flush();
                }
                case PgWire.CANCEL_REQUEST -> {
                    if (first) {
                        forwardCancel(packet.body());
                    }
                    return null;
                }
                default -> {
                    return packet;
                }
            }
            first = false;
        }
    }

    private static StartupRequest request(int protocol, Map<String, String> parameters, InetSocketAddress from) {
        Map<String, String> passed = new LinkedHashMap<>(parameters);
        String options = parameters.get("options");
        NeonOptions neon = NeonOptions.parse(options == null ? "" : options);
        if (options != null) {
            if (neon.remaining().isEmpty()) {
                passed.remove("options");
            } else {
                passed.put("options", neon.remaining());
            }
        }
        return new StartupRequest(protocol, passed, neon.point(), from);
    }

    private Target route(StartupRequest request) {
        try {
            Target chosen = proxy.router().route(request);
            if (chosen == null) {
                return Target.refuse(Target.CONNECTION_REJECTED, "This endpoint has no compute to connect to.");
            }
            return chosen;
        } catch (ArborException e) {
            return Target.refuse(e.code() == ErrorCode.INVALID_INPUT ? Target.INVALID_PARAMETER
                    : Target.CONNECTION_REJECTED, e.getMessage());
        } catch (RuntimeException e) {
            return Target.refuse(Target.CONNECTION_REJECTED, "Arbor could not find a compute for this endpoint ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ").");
        }
    }

    private void relay(Target.Backend to, StartupRequest request, InputStream clientIn, OutputStream clientOut)
            throws IOException {
        Socket server = new Socket();
        backend = server;
        target = to;
        if (closed.get()) {
            return; // closed while the router was choosing
        }
        try {
            server.connect(new InetSocketAddress(to.host(), to.port()), CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            refuse(clientOut, "08006", "Arbor could not reach this endpoint's compute at " + to + " ("
                    + e.getMessage() + "); try again in a moment.");
            return;
        }
        server.setTcpNoDelay(true);
        OutputStream serverOut = server.getOutputStream();
        InputStream serverIn = server.getInputStream();
        serverOut.write(PgWire.startupMessage(request.protocolVersion(), request.parameters()));
        serverOut.flush();
        // The copies run on platform threads: a virtual thread's socket reads park and wake through the JDK's
        // poller, which added about 0.25 ms to every round trip in our measurements; a platform thread adds none
        // that we could measure. Startup and routing (where the router may wait for a compute) stay virtual.
        pump("endpoint-proxy-upstream-", () -> clientIn.transferTo(serverOut));
        pump("endpoint-proxy-downstream-", () -> {
            passStartupReplies(serverIn, clientOut);
            serverIn.transferTo(clientOut);
        });
        relaying = true;
    }

    private interface Copy {
        void run() throws IOException;
    }

    private void pump(String name, Copy copy) {
        Thread.ofPlatform().daemon().name(name + client.getPort()).start(() -> {
            try {
                copy.run();
            } catch (IOException | RuntimeException ignored) {
                // either side closed, or the backend sent what is not Postgres
            } finally {
                close();
            }
        });
    }

    /** Passes the backend's messages up to its first ReadyForQuery, remembering its cancel key on the way. */
    private void passStartupReplies(InputStream serverIn, OutputStream clientOut) throws IOException {
        while (true) {
            PgWire.Message message = PgWire.readMessage(serverIn);
            if (message.type() == BACKEND_KEY_DATA) {
                String key = HexFormat.of().formatHex(message.body());
                cancelKey = key;
                proxy.registerCancelKey(key, this);
                if (closed.get()) {
                    proxy.ended(this, key); // closed meanwhile: the key must not outlive the session
                }
            }
            message.writeTo(clientOut);
            if (message.type() == READY_FOR_QUERY) {
                return;
            }
        }
    }

    /** Sends the cancel to the compute of the session that owns the key; an unknown key is dropped silently. */
    private void forwardCancel(byte[] key) {
        ProxySession owner = proxy.sessionWithCancelKey(HexFormat.of().formatHex(key));
        Target.Backend ownerTarget = owner == null ? null : owner.target;
        if (ownerTarget == null) {
            return;
        }
        try (Socket server = new Socket()) {
            server.connect(new InetSocketAddress(ownerTarget.host(), ownerTarget.port()), CONNECT_TIMEOUT_MS);
            server.getOutputStream().write(PgWire.cancelRequest(key));
            server.getOutputStream().flush();
        } catch (IOException ignored) {
            // as Postgres does, a cancel that cannot be delivered is not reported
        }
    }

    private static void refuse(OutputStream out, String sqlState, String message) throws IOException {
        out.write(PgWire.fatal(sqlState, message));
        out.flush();
    }

    /** Ends the session: both sockets closed, the proxy told. Safe to call from any thread, more than once. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        EndpointProxy.closeQuietly(client);
        EndpointProxy.closeQuietly(backend);
        proxy.ended(this, cancelKey);
    }
}
