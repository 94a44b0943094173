package dev.arbor.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * New clusters are copies of one template per Postgres release, kept beside the binaries: each copy still gets its
 * own passwords, set before it first listens, and the template itself holds none.
 */
class ClusterTemplateTest {
    private Path root;

    @BeforeEach
    void scratch() throws Exception {
        root = PgTestSupport.scratch("arbor-pg-template");
    }

    @AfterEach
    void delete() throws Exception {
        PgTestSupport.delete(root);
    }

    private PostgresServer server(String name) {
        return PostgresServer.open(PgTestSupport.binaries(), PgTestSupport.account(), root.resolve(name),
                root.resolve(name + "-archive"));
    }

    @Test
    void eachNewClusterHasItsOwnPasswordsAndNoneFromTheTemplate() throws Exception {
        PostgresServer first = server("first");
        PostgresServer second = server("second");
        try {
            first.start(0);
            second.start(0);
            assertNotEquals(first.ownerPassword(), second.ownerPassword());
            try (Connection c = first.connectAsOwner(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select current_user, current_database(), "
                         + "(select count(*) from pg_roles where rolname = 'neon_superuser')")) {
                rs.next();
                assertEquals("neondb_owner", rs.getString(1));
                assertEquals("neondb", rs.getString(2));
                assertEquals(1, rs.getInt(3), "Neon's shape comes with the copy");
            }
            ArborException refused = assertThrows(ArborException.class,
                    () -> second.connect(PostgresServer.OWNER, first.ownerPassword(), PostgresServer.DATABASE));
            assertEquals("POSTGRES_PASSWORD_WRONG", refused.reason(), "one cluster's password opens no other");
        } finally {
            first.stop();
            second.stop();
        }
    }

    @Test
    void theTemplateIsKeptBesideTheBinariesAndHoldsNoPassword() throws Exception {
        PostgresServer server = server("one");
        server.start(0);
        server.stop();
        PgBinaries binaries = PgTestSupport.binaries();
        Path template = binaries.home().resolveSibling(binaries.home().getFileName() + "-template");
        assertTrue(Files.isRegularFile(template.resolve(ClusterTemplate.MARKER)), "the template is in the cache");
        assertTrue(Files.isRegularFile(template.resolve("data").resolve("PG_VERSION")));
        // pg_authid, where Postgres keeps SCRAM verifiers, is a file of global/; the template's roles have none
        assertFalse(holdsVerifier(template.resolve("data")), "no password verifier in the template");
        try (Stream<Path> files = Files.list(template)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".initdb-pw")
                    || p.getFileName().toString().equals(PgCredentials.FILE_NAME)), "no password file either");
        }
        assertTrue(holdsVerifier(server.dataDirectory()), "the copy has its own verifiers");
    }

    private static boolean holdsVerifier(Path data) throws Exception {
        try (Stream<Path> files = Files.list(data.resolve("global"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("SCRAM-SHA-256$")) {
                    return true;
                }
            }
        }
        return false;
    }
}
