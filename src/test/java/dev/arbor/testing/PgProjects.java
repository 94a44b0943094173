package dev.arbor.testing;

import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.Lsn;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import dev.arbor.engine.PostgresDemoFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Embedded projects on real Postgres for the tests outside the engine: opened as the app opens them, and written and
 * read in SQL through a branch's own connection string. A new project costs seconds (initdb, a base backup, two
 * server runs), so each kind of new project is made once per test JVM and copied; a copy opens in a tenth of a second.
 */
public final class PgProjects {
    private static final Map<EngineOptions.NewProject, Path> TEMPLATES = new HashMap<>();
    private static final Map<String, Path> PREPARED = new HashMap<>();
    private static Path templates;

    private PgProjects() {
    }

    /** How the app opens an embedded project, without maintenance on a schedule (tests run it when they mean to). */
    public static EngineOptions options() {
        return EngineOptions.defaults().withMaintenanceInterval(null);
    }

    /** A new temporary directory that the account running Postgres (nobody, as root) can reach. */
    public static Path tempDir(String prefix) {
        try {
            return PostgresDemoFixture.reachable(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the project in {@code dir} with {@code options}, giving an absent or empty {@code dir} a new project first. */
    public static EmbeddedEngine open(Path dir, EngineOptions options) {
        prepare(dir, options.newProject());
        return EmbeddedEngine.open(dir, options);
    }

    /** {@link #open(Path, EngineOptions)} with {@link #options()}. */
    public static EmbeddedEngine open(Path dir) {
        return open(dir, options());
    }

    /**
     * Gives an absent or empty {@code dir} a new project with these settings (a copy of one made once), and lets
     * Postgres's account search the directories above it inside the system's temporary directory; a directory that
     * holds anything is left alone. Returns {@code dir}.
     */
    public static synchronized Path prepare(Path dir, EngineOptions.NewProject settings) {
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> inside = Files.list(dir)) {
                    if (inside.findAny().isPresent()) {
                        return dir;
                    }
                }
                Files.delete(dir);
            }
            reachableParent(dir);
            copyTree(template(settings == null ? EngineOptions.NewProject.DEFAULT : settings), dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #prepare(Path, EngineOptions.NewProject)} with the default project settings. */
    public static Path prepare(Path dir) {
        return prepare(dir, EngineOptions.NewProject.DEFAULT);
    }

    /**
     * Gives an absent or empty {@code dir} a copy of a project made once per test JVM under the name {@code kind}: a
     * new project with these settings that {@code setup} has written to (through SQL, say), closed so its computes'
     * last commits are sealed into the archive. Tests that each need the same starting data copy it instead of
     * writing it again. A directory that holds anything is left alone. Returns {@code dir}.
     */
    public static synchronized Path prepare(Path dir, String kind, EngineOptions.NewProject settings,
                                            Consumer<EmbeddedEngine> setup) {
        try {
            Path made = PREPARED.get(kind);
            if (made == null) {
                template(settings == null ? EngineOptions.NewProject.DEFAULT : settings); // makes the templates' home
                made = templates.resolve("prepared-" + PREPARED.size());
                try (EmbeddedEngine engine = open(made, options().withNewProject(settings))) {
                    setup.accept(engine);
                }
                PREPARED.put(kind, made);
            }
            if (Files.isDirectory(dir)) {
                try (Stream<Path> inside = Files.list(dir)) {
                    if (inside.findAny().isPresent()) {
                        return dir;
                    }
                }
                Files.delete(dir);
            }
            reachableParent(dir);
            copyTree(made, dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the demo project as the app makes it on real Postgres (seeded once per test JVM) into {@code dir} when
     * it is absent or empty (a directory that holds a project is left as it is); returns {@code dir}.
     */
    public static Path demo(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> inside = Files.list(dir)) {
                    if (inside.findAny().isPresent()) {
                        return dir; // a project is there already: as the app's demo seeding, nothing is replaced
                    }
                }
                Files.delete(dir); // an empty directory, such as a test's @TempDir
            }
            reachableParent(dir);
            PostgresDemoFixture.copyInto(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Creates the parent and lets Postgres's account search it and the directories above it inside the system's
    // temporary directory (JUnit's @TempDir is 0700).
    private static void reachableParent(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        for (Path p = parent; p != null && p.startsWith(temp) && !p.equals(temp); p = p.getParent()) {
            letOthersSearch(p);
        }
    }

    // Adds search (and read) for everyone to a directory that lacks it, such as JUnit's @TempDir (0700), so Postgres's
    // account reaches the project inside; a directory others can search already (/tmp, with its sticky bit) is left as
    // it is.
    private static void letOthersSearch(Path dir) throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(dir);
        if (!now.contains(PosixFilePermission.OTHERS_EXECUTE)) {
            Set<PosixFilePermission> more = EnumSet.copyOf(now);
            more.addAll(List.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
            Files.setPosixFilePermissions(dir, more);
        }
    }

    private static Path template(EngineOptions.NewProject settings) throws IOException {
        Path made = TEMPLATES.get(settings);
        if (made == null) {
            if (templates == null) {
                templates = tempDir("arbor-pg-project-templates");
                Path root = templates;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root), "project-template-cleanup"));
            }
            made = templates.resolve("project-" + TEMPLATES.size());
            EmbeddedEngine.open(made, options().withNewProject(settings)).close();
            TEMPLATES.put(settings, made);
        }
        return made;
    }

    /** Runs each statement on the branch's database {@code neondb} as its owner, each committing on its own. */
    public static void sql(EmbeddedEngine engine, String branch, String... statements) {
        try (Connection c = connect(engine, branch); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of a query's rows on the branch's {@code neondb}, as text. */
    public static List<String> column(EmbeddedEngine engine, String branch, String query) {
        try (Connection c = connect(engine, branch); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Where the branch's WAL is now: a point that create, restore and Time Travel accept. */
    public static Lsn lsn(EmbeddedEngine engine, String branch) {
        return Lsn.parse(column(engine, branch, "select pg_current_wal_lsn()").get(0));
    }

    /**
     * A moment on the branch's own server after every commit made on it so far and before any later one: Postgres's
     * {@code clock_timestamp()}, rounded up to the millisecond the engine counts in.
     */
    public static Instant moment(EmbeddedEngine engine, String branch) {
        Instant t = Instant.parse(column(engine, branch,
                "select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')").get(0));
        Instant millis = t.truncatedTo(ChronoUnit.MILLIS);
        return millis.equals(t) ? t : millis.plusMillis(1);
    }

    /** A JDBC connection to the branch's {@code neondb} as {@code neondb_owner}; starts its compute if suspended. */
    public static Connection connect(EmbeddedEngine engine, String branch) throws SQLException {
        ConnectionDetails d = engine.connectionDetails(branch, null, null);
        return DriverManager.getConnection(d.jdbcUrl(), d.jdbcProperties(null));
    }

    /** Deletes a directory tree; a test's temporary directory the system would clear in time otherwise. */
    public static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory
        }
    }

    /**
     * Copies a project, keeping owners and modes so a copy made as root still belongs to the account that runs
     * Postgres. The WAL archive and the base backups are never changed in place (segments and backups are written
     * beside and renamed in, and only ever deleted whole), so their files are hard links to the template's: most of a
     * project's bytes, shared at the cost of a directory entry.
     */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            all.forEach(p -> {
                Path relative = from.relativize(p);
                Path target = to.resolve(relative.toString());
                if (readyCopy(relative)) {
                    return; // the copy's engine makes its own
                }
                try {
                    if (immutable(relative) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        try {
                            Files.createLink(target, p);
                            return;
                        } catch (IOException | UnsupportedOperationException e) {
                            // another file system, or links not allowed: copy it
                        }
                    }
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    // postgres/roots/<root>/ready and what it holds: the copy of the newest base backup kept ready
    private static boolean readyCopy(Path relative) {
        return relative.getNameCount() > 3 && relative.getName(0).toString().equals("postgres")
                && relative.getName(1).toString().equals("roots") && relative.getName(3).toString().equals("ready");
    }

    // postgres/roots/<root>/wal/... and postgres/roots/<root>/basebackups/...
    private static boolean immutable(Path relative) {
        return relative.getNameCount() > 4 && relative.getName(0).toString().equals("postgres")
                && relative.getName(1).toString().equals("roots")
                && (relative.getName(3).toString().equals("wal") || relative.getName(3).toString().equals("basebackups"));
    }
}
