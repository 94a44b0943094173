package dev.arbor.proxy;

import dev.arbor.domain.PointInTime;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a client asked for in its StartupMessage, as the proxy passes it on: the parameters (user, database,
 * options, application_name…) with Neon's {@code neon_lsn:} / {@code neon_timestamp:} entries taken out of
 * {@code options}, and the point in time those entries named ({@link PointInTime#HEAD} when none).
 */
public record StartupRequest(int protocolVersion, Map<String, String> parameters, PointInTime point,
                             InetSocketAddress client) {
    public StartupRequest {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public String user() {
        return parameters.getOrDefault("user", "");
    }

    /** The database asked for; Postgres defaults it to the user's name. */
    public String database() {
        String database = parameters.get("database");
        return database == null || database.isEmpty() ? user() : database;
    }

    public Optional<String> options() {
        return Optional.ofNullable(parameters.get("options"));
    }

    public Optional<String> applicationName() {
        return Optional.ofNullable(parameters.get("application_name"));
    }

    /** True when the client asked for a point in the past rather than the endpoint's own compute. */
    public boolean timeTravel() {
        return !point.isHead();
    }
}
