package dev.arbor.proxy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The few parts of the Postgres v3 protocol the proxy reads and writes itself. */
final class PgWire {
    static final int SSL_REQUEST = 80877103;
    static final int GSSENC_REQUEST = 80877104;
    static final int CANCEL_REQUEST = 80877102;
    static final int PROTOCOL_3 = 3;
    /** Postgres's own limit on a startup packet (MAX_STARTUP_PACKET_LENGTH). */
    static final int MAX_STARTUP_LENGTH = 10_000;

    private PgWire() {
    }

    /** A packet sent before the protocol starts: its code (request code or protocol version) and the rest. */
    record StartupPacket(int code, byte[] body) {
        int majorVersion() {
            return code >>> 16;
        }
    }

    /** Thrown for bytes that are not a Postgres client's; the connection is closed without an answer. */
    static final class ProtocolViolation extends IOException {
        ProtocolViolation(String message) {
            super(message);
        }
    }

    static StartupPacket readStartupPacket(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 8 || length > MAX_STARTUP_LENGTH) {
            throw new ProtocolViolation("a startup packet of " + length + " bytes");
        }
        int code = in.readInt();
        byte[] body = new byte[length - 8];
        in.readFully(body);
        return new StartupPacket(code, body);
    }

    /** The name/value pairs of a StartupMessage body (each a NUL-terminated string, the list ended by a NUL). */
    static Map<String, String> parameters(byte[] body) throws ProtocolViolation {
        Map<String, String> parameters = new LinkedHashMap<>();
        int at = 0;
        while (true) {
            if (at >= body.length) {
                throw new ProtocolViolation("a StartupMessage without its closing NUL");
            }
            if (body[at] == 0) {
                return parameters;
            }
            int nameEnd = nul(body, at);
            int valueEnd = nul(body, nameEnd + 1);
            parameters.put(new String(body, at, nameEnd - at, StandardCharsets.UTF_8),
                    new String(body, nameEnd + 1, valueEnd - nameEnd - 1, StandardCharsets.UTF_8));
            at = valueEnd + 1;
        }
    }

    private static int nul(byte[] body, int from) throws ProtocolViolation {
        for (int i = from; i < body.length; i++) {
            if (body[i] == 0) {
                return i;
            }
        }
        throw new ProtocolViolation("a StartupMessage string without its NUL");
    }

    static byte[] startupMessage(int protocolVersion, Map<String, String> parameters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        parameters.forEach((name, value) -> {
            body.writeBytes(name.getBytes(StandardCharsets.UTF_8));
            body.write(0);
            body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        });
        body.write(0);
        return ByteBuffer.allocate(8 + body.size()).putInt(8 + body.size()).putInt(protocolVersion)
                .put(body.toByteArray()).array();
    }

    static byte[] cancelRequest(byte[] key) {
        return ByteBuffer.allocate(8 + key.length).putInt(8 + key.length).putInt(CANCEL_REQUEST).put(key).array();
    }

    /** A FATAL ErrorResponse, as Postgres sends when it refuses a connection. */
    static byte[] fatal(String sqlState, String message) {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        field(fields, 'S', "FATAL");
        field(fields, 'V', "FATAL");
        field(fields, 'C', sqlState);
        field(fields, 'M', message);
        fields.write(0);
        return ByteBuffer.allocate(5 + fields.size()).put((byte) 'E').putInt(4 + fields.size())
                .put(fields.toByteArray()).array();
    }

    private static void field(ByteArrayOutputStream out, char type, String value) {
        out.write(type);
        out.writeBytes(value.replace('\0', ' ').getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    /** One backend message: its type byte and its body (without the length). */
    record Message(byte type, byte[] body) {
        void writeTo(OutputStream out) throws IOException {
            out.write(ByteBuffer.allocate(5 + body.length).put(type).putInt(4 + body.length).put(body).array());
        }
    }

    static Message readMessage(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException();
        }
        DataInputStream data = new DataInputStream(in);
        int length = data.readInt();
        if (length < 4) {
            throw new ProtocolViolation("a message of " + length + " bytes");
        }
        byte[] body = new byte[length - 4];
        data.readFully(body);
        return new Message((byte) type, body);
    }
}
