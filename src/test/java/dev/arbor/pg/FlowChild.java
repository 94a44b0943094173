package dev.arbor.pg;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The whole pg flow in a process of its own, for {@link RootAccountTest}'s run as an ordinary user: binaries from
 * the cache, a new server, a connection as neondb_owner, a stop. Prints {@code FLOW OK <root?> <switches?> <lsn>}.
 */
public final class FlowChild {
    private FlowChild() {
    }

    public static void main(String[] args) throws Exception {
        PgAccount account = PgAccount.forThisProcess();
        try (PostgresServer server = PostgresServer.open(PgBinaries.install(Path.of(args[0])), account,
                Path.of(args[1]), Path.of(args[2]))) {
            server.start(0);
            try (Connection c = server.connectAsOwner(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select pg_current_wal_lsn()")) {
                rs.next();
                System.out.println("FLOW OK " + PgAccount.runningAsRoot() + " " + account.switches() + " "
                        + rs.getString(1));
            }
        }
    }
}
