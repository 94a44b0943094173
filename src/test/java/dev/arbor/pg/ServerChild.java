package dev.arbor.pg;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * A second process for {@link OrphanPostmasterTest}: starts a server in the directory it is given (arguments: the
 * server's directory, the archive, the binaries' cache root, and {@code exit} to exit normally at once), prints
 * {@code READY <pid>}, then commits one row at a time and prints {@code COMMITTED <n>} after each commit,
 * until it is killed.
 */
public final class ServerChild {
    private ServerChild() {
    }

    public static void main(String[] args) throws Exception {
        PostgresServer server = PostgresServer.open(PgBinaries.install(Path.of(args[2])), PgAccount.forThisProcess(),
                Path.of(args[0]), Path.of(args[1]));
        server.start(0);
        System.out.println("READY " + server.pid());
        if (args.length > 3 && args[3].equals("exit")) {
            System.exit(0); // a normal exit: the shutdown hook stops the server
        }
        try (Connection c = server.connectAsOwner()) {
            try (Statement s = c.createStatement()) {
                s.execute("create table if not exists acknowledged(n int primary key)");
            }
            try (PreparedStatement ps = c.prepareStatement("insert into acknowledged values (?)")) {
                for (int n = 1; ; n++) {
                    ps.setInt(1, n);
                    ps.executeUpdate();
                    System.out.println("COMMITTED " + n);
                }
            }
        }
    }
}
