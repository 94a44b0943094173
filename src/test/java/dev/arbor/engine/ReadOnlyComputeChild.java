package dev.arbor.engine;

import dev.arbor.backend.BranchResult;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.EndpointSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

/**
 * Child process for {@link LeftoverComputesTest}: opens a project, commits three rows on main through its
 * connection string, adds three read-only computes to main and starts them, so that a read-write and read-only
 * computes run on one branch; prints {@code READY} and waits to be killed. It ends by itself when its parent goes away
 * (stdin closes).
 */
public final class ReadOnlyComputeChild {
    static final int READ_ONLY = 3;

    private ReadOnlyComputeChild() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedEngine engine = EmbeddedEngine.open(Path.of(args[0]),
                EngineOptions.defaults().withMaintenanceInterval(null));
        ConnectionDetails main = engine.connectionDetails("main", null, null);
        try (Connection c = DriverManager.getConnection(main.jdbcUrl(), main.jdbcProperties(null));
             Statement st = c.createStatement()) {
            st.execute("create table kept (id int primary key)");
            st.execute("insert into kept values (1), (2), (3)");
        }
        // three, so that the order the next open finds the directories in puts one before the writable one
        for (int i = 0; i < READ_ONLY; i++) {
            BranchResult added = engine.createEndpoint("main", EndpointSpec.readOnly());
            engine.awaitOperations(added.operations(), Duration.ofMinutes(2));
        }
        for (Endpoint e : engine.endpoints("main")) {
            engine.awaitOperations(engine.startEndpoint(e.id()).operations(), Duration.ofMinutes(2));
        }
        String readOnly = engine.endpoints("main").stream().filter(e -> e.type() == Endpoint.Type.READ_ONLY)
                .findFirst().orElseThrow().id();
        System.out.println("READY " + readOnly);
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // killed by the parent meanwhile
            }
        } catch (IOException ignored) {
            // treated like end of input
        }
        Runtime.getRuntime().halt(4);
    }
}
