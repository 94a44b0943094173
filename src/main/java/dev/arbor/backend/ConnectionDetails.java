package dev.arbor.backend;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How a Postgres client reaches a branch: the endpoint's host and port, a database and a role with its password.
 * The password is the role's secret: {@link #toString()} leaves it out, and so do {@link #uriWithoutPassword()} and
 * {@link #psqlCommand()}; only {@link #uri()} carries it.
 */
public record ConnectionDetails(String endpointId, String host, int port, String database, String role, String password) {
    public ConnectionDetails {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(password, "password");
    }

    /** {@code postgresql://role:password@host:port/database}, each part percent-encoded. */
    public String uri() {
        return "postgresql://" + encode(role) + ":" + encode(password) + "@" + authority() + "/" + encode(database);
    }

    /** The same URI with the password written as {@code ********}, for showing before it is revealed. */
    public String uriWithoutPassword() {
        return "postgresql://" + encode(role) + ":********@" + authority() + "/" + encode(database);
    }

    /** A psql command line for this connection that leaves the password out ({@code PGPASSWORD} or a prompt). */
    public String psqlCommand() {
        return "psql \"postgresql://" + encode(role) + "@" + authority() + "/" + encode(database) + "\"";
    }

    /** The pgjdbc URL of this connection (without the role and password, which go in {@link #jdbcProperties}). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + authority() + "/" + encode(database);
    }

    /**
     * pgjdbc's connection properties: the role and password, no TLS or GSS attempt (the endpoint listens on loopback
     * without either), and Postgres's {@code options} (such as {@code neon_lsn:0/1D2E3F0} for a point in history) when
     * not null.
     */
    public java.util.Properties jdbcProperties(String options) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", role);
        p.setProperty("password", password);
        p.setProperty("sslmode", "disable");
        p.setProperty("gssEncMode", "disable");
        if (options != null) {
            p.setProperty("options", options);
        }
        return p;
    }

    /**
     * pgjdbc's properties for a client wherever the endpoint is: {@link #jdbcProperties} for one on this machine (the
     * embedded engine's listen on loopback without TLS); any other (Neon's) over TLS, its certificate and host name
     * checked against the JDK's trusted authorities, since Neon requires TLS and a password should not cross a
     * network in the clear.
     */
    public java.util.Properties clientProperties(String options) {
        java.util.Properties p = jdbcProperties(options);
        if (!onThisMachine()) {
            p.setProperty("sslmode", "verify-full");
            p.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
            p.remove("gssEncMode");
        }
        return p;
    }

    /** Whether the endpoint is on this machine (a loopback host). */
    public boolean onThisMachine() {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    /** Reads a {@code postgresql://} URI such as Neon's {@code connection_uri} answer; query parameters are ignored. */
    public static ConnectionDetails parse(String endpointId, String text) {
        URI u = URI.create(text);
        if (!"postgresql".equals(u.getScheme()) && !"postgres".equals(u.getScheme())) {
            throw new IllegalArgumentException("not a postgresql:// URI");
        }
        String userInfo = u.getRawUserInfo() == null ? "" : u.getRawUserInfo();
        int colon = userInfo.indexOf(':');
        String role = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        return new ConnectionDetails(endpointId, u.getHost(), u.getPort() < 0 ? 5432 : u.getPort(), database, role, password);
    }

    private String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ConnectionDetails[" + uriWithoutPassword() + "]";
    }
}
