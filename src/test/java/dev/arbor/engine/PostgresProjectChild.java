package dev.arbor.engine;

import dev.arbor.backend.ConnectionDetails;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Child process for {@link PostgresCrashTest}: opens a project on real Postgres, prints {@code PORT <port>} and
 * {@code PASSWORD <password>} for {@code main}, then waits to be killed (it halts by itself when its parent goes away).
 */
public final class PostgresProjectChild {
    private PostgresProjectChild() {
    }

    public static void main(String[] args) throws IOException {
        EmbeddedEngine engine = EmbeddedEngine.open(Path.of(args[0]),
                EngineOptions.defaults().withMaintenanceInterval(null).withPostgres(true));
        ConnectionDetails d = engine.connectionDetails("main", null, null);
        System.out.println("PORT " + d.port());
        System.out.println("PASSWORD " + d.password());
        System.out.flush();
        while (System.in.read() >= 0) {
            // the parent keeps stdin open while it lives
        }
        Runtime.getRuntime().halt(4);
    }
}
