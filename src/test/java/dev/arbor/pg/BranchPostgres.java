package dev.arbor.pg;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Endpoint;
import dev.arbor.domain.ErrorCode;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;

/**
 * A real Postgres server for tests of connecting, until the engine gives each branch its own: {@link #over} wraps a
 * real backend so that {@code connectionDetails} and {@code revealPassword} answer from this server (its
 * {@code neondb_owner} and password, its port), after checking the branch, database and role against the real
 * backend as an engine would. Every other call goes to the real backend unchanged. A URI it gives really connects.
 */
public final class BranchPostgres implements AutoCloseable {
    private final Path root;
    private final PostgresServer server;

    private BranchPostgres(Path root, PostgresServer server) {
        this.root = root;
        this.server = server;
    }

    /** Creates a cluster in a scratch directory and starts it on a free port. */
    public static BranchPostgres start() throws IOException {
        Path root = PgTestSupport.scratch("arbor-connect");
        PostgresServer server = PostgresServer.open(PgTestSupport.binaries(), PgTestSupport.account(),
                root.resolve("server"), root.resolve("archive"));
        server.start(0);
        return new BranchPostgres(root, server);
    }

    public PostgresServer server() {
        return server;
    }

    /** {@code real}, with its connections answered by this server. */
    public BranchBackend over(BranchBackend real) {
        return (BranchBackend) Proxy.newProxyInstance(BranchBackend.class.getClassLoader(),
                new Class<?>[] {BranchBackend.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "connectionDetails" -> {
                            return connectionDetails(real, (String) args[0], (String) args[1], (String) args[2]);
                        }
                        case "revealPassword" -> {
                            requireRole(real, real.getBranch((String) args[0]), (String) args[1]);
                            return server.ownerPassword();
                        }
                        default -> {
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    }
                });
    }

    private ConnectionDetails connectionDetails(BranchBackend real, String branchId, String database, String role) {
        Branch b = real.getBranch(branchId);
        if (real.listDatabases(b.id()).stream().noneMatch(d -> d.name().equals(database))) {
            throw new ArborException(ErrorCode.NOT_FOUND, "DATABASE_NOT_FOUND",
                    "Branch \"" + b.name() + "\" has no database \"" + database + "\".");
        }
        requireRole(real, b, role);
        String endpoint = real.listEndpoints(b.id()).stream().filter(e -> e.type() == Endpoint.Type.READ_WRITE)
                .map(Endpoint::id).findFirst().orElse(null);
        return new ConnectionDetails(endpoint, "127.0.0.1", server.port(), database, role, server.ownerPassword());
    }

    /** This server keeps one login role's password, {@code neondb_owner}'s; other roles are not found. */
    private static void requireRole(BranchBackend real, Branch b, String role) {
        boolean onBranch = real.listRoles(b.id()).stream().anyMatch(r -> r.name().equals(role));
        if (!onBranch || !PostgresServer.OWNER.equals(role)) {
            throw new ArborException(ErrorCode.NOT_FOUND, "ROLE_NOT_FOUND",
                    "Branch \"" + b.name() + "\" has no role \"" + role + "\".");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            server.stop();
        } finally {
            PgTestSupport.delete(root);
        }
    }
}
