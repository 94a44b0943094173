package dev.arbor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.ConnectionDetails;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's embedded projects, opened as the app opens them: on real Postgres, each branch connectable. */
class EmbeddedProjectSourceTest {
    private Path root;

    @BeforeEach
    void makeRoot() throws IOException {
        root = letPostgresReach(Files.createTempDirectory("arbor-cli-embedded"));
    }

    /** As root Postgres runs as nobody: a directory it can reach keeps the project's Postgres files inside it. */
    static Path letPostgresReach(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    @AfterEach
    void removeRoot() throws IOException {
        try (var all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void aNewEmbeddedProjectsMainBranchIsAPostgresDatabaseAClientCanConnectTo() throws Exception {
        BranchBackend backend = new EmbeddedProjectSource(root.resolve("mine"), false).open();
        try {
            String main = backend.listBranches().stream().filter(b -> b.isDefault()).findFirst().orElseThrow().id();
            ConnectionDetails d = backend.connectionDetails(main, null, null);
            try (Connection c = DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(null)); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select current_database(), current_setting('server_version_num')::int / 10000")) {
                rs.next();
                assertEquals("neondb", rs.getString(1));
                assertEquals(17, rs.getInt(2));
            }
        } finally {
            backend.close();
        }
    }
}
