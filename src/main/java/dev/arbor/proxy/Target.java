package dev.arbor.proxy;

import java.util.Objects;

/** Where a {@link Router} sends a client: a Postgres server's host and port, or a refusal the client is shown. */
public sealed interface Target {
    /** SQLSTATE for a refusal of the connection itself (the compute cannot start, no such endpoint). */
    String CONNECTION_REJECTED = "08004";
    /** SQLSTATE for a refusal caused by what the client asked for (a malformed LSN, a point outside the window). */
    String INVALID_PARAMETER = "22023";

    /** A Postgres server to connect the client to. */
    record Backend(String host, int port) implements Target {
        public Backend {
            Objects.requireNonNull(host);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Port " + port + " is not a TCP port.");
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** No server for this client: it receives a FATAL {@code ErrorResponse} with this SQLSTATE and sentence. */
    record Refusal(String sqlState, String message) implements Target {
        public Refusal {
            Objects.requireNonNull(sqlState);
            Objects.requireNonNull(message);
            if (sqlState.length() != 5) {
                throw new IllegalArgumentException("A SQLSTATE has five characters, not \"" + sqlState + "\".");
            }
        }
    }

    static Target at(String host, int port) {
        return new Backend(host, port);
    }

    static Target loopback(int port) {
        return new Backend("127.0.0.1", port);
    }

    static Target refuse(String sqlState, String message) {
        return new Refusal(sqlState, message);
    }
}
