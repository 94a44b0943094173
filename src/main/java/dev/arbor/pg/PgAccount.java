package dev.arbor.pg;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system account Postgres processes run as. {@code initdb} and {@code postgres} refuse to run as
 * root; desktop users are not root, but CI machines and containers often are. A JVM running as root therefore
 * runs them as an unprivileged account ({@code nobody} unless {@code ARBOR_PG_USER} or {@code arbor.pg.user}
 * names another) through {@code setpriv}, hands that account the directories Postgres writes, and checks up
 * front that it can reach them. Any other JVM runs them as itself.
 */
public final class PgAccount {
    public static final String PROPERTY = "arbor.pg.user";
    public static final String ENV = "ARBOR_PG_USER";
    static final String DEFAULT_USER = "nobody";

    /** null: this process's own account. */
    private final String name;
    private final long uid;
    private final long gid;

    private PgAccount(String name, long uid, long gid) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
    }

    /** True when this JVM runs as root (uid 0); never on Windows. */
    public static boolean runningAsRoot() {
        return Root.IS_ROOT;
    }

    private static final class Root {
        static final boolean IS_ROOT = detect();
    }

    private static boolean detect() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
            return false;
        }
        // the owner of a file this process creates is its effective user (no extra JDK module needed for it)
        Path probe = null;
        try {
            probe = Files.createTempFile("arbor-uid", ".probe");
            return ((Number) Files.getAttribute(probe, "unix:uid")).longValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // a stray empty file in the temporary directory
                }
            }
        }
    }

    /** The account for this JVM: itself, or when it runs as root the configured unprivileged one. */
    public static PgAccount forThisProcess() {
        if (!runningAsRoot()) {
            return self();
        }
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        return named(configured == null || configured.isBlank() ? DEFAULT_USER : configured.strip());
    }

    /** This process's own account: nothing is switched or handed over. */
    public static PgAccount self() {
        return new PgAccount(null, -1, -1);
    }

    /** Another account by name, run through {@code setpriv}; only root can switch to it. */
    static PgAccount named(String user) {
        if (!user.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
            throw invalidUser(user, "is not an account name");
        }
        long uid = idOf(user, "-u");
        long gid = idOf(user, "-g");
        if (uid == 0) {
            throw invalidUser(user, "is root, and Postgres refuses to run as root");
        }
        if (findSetpriv() == null) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_SETPRIV_MISSING",
                    "Arbor runs as root, so it runs Postgres as the account \"" + user + "\" through setpriv, which "
                            + "this system lacks; install util-linux, or run Arbor as a user other than root.");
        }
        return new PgAccount(user, uid, gid);
    }

    private static long idOf(String user, String flag) {
        try {
            Process p = new ProcessBuilder("id", flag, user).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0 || !out.matches("\\d+")) {
                throw invalidUser(user, "does not exist on this system");
            }
            return Long.parseLong(out);
        } catch (IOException e) {
            throw invalidUser(user, "cannot be looked up (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw invalidUser(user, "was not looked up: interrupted");
        }
    }

    private static ArborException invalidUser(String user, String what) {
        return new ArborException(ErrorCode.INVALID_INPUT, "POSTGRES_USER_INVALID",
                "Arbor runs as root, so it runs Postgres as another account, but \"" + user + "\" " + what
                        + "; set " + ENV + " to an existing unprivileged account.");
    }

    private static Path findSetpriv() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, "setpriv");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** True when Postgres runs as another account than this JVM's. */
    public boolean switches() {
        return name != null;
    }

    /** The account's name, or the JVM's own user name. */
    public String name() {
        return name != null ? name : System.getProperty("user.name");
    }

    /** The command that runs {@code cmd} as this account. */
    List<String> command(List<String> cmd) {
        if (name == null) {
            return cmd;
        }
        List<String> wrapped = new ArrayList<>(List.of(findSetpriv().toString(), "--reuid=" + uid, "--regid=" + gid,
                "--clear-groups", "--"));
        wrapped.addAll(cmd);
        return wrapped;
    }

    /** Makes this account the owner of {@code path} (when it is another account than the JVM's). */
    void hand(Path path) throws IOException {
        if (name != null) {
            UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
            Files.setOwner(path, owner);
        }
    }

    /**
     * Checks that this account can run the Postgres programs and returns what {@code postgres --version} says. A
     * cache inside a private directory (root's home is one) is the usual reason it cannot.
     */
    String checkCanRun(PgBinaries binaries) {
        Path postgres = binaries.tool("postgres");
        // setpriv can start a program its account cannot reach, which Postgres then finds out about itself; test
        // the path as the account does
        Result reach = switches() ? run(command(List.of("test", "-x", postgres.toString()))) : new Result(0, "");
        Result r = reach.exitCode() == 0 ? run(command(List.of(postgres.toString(), "--version"))) : reach;
        if (r.exitCode() != 0 || !r.output().contains("PostgreSQL")) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_BINARIES_UNREACHABLE",
                    "The account \"" + name() + "\" that runs Postgres cannot run " + postgres
                            + (switches() ? " (a directory above it is private to root); point " + PgCacheDir.ENV
                            + " at a directory every account can read, or set " + ENV
                            + " to an account that can reach it." : "; unpack it again by deleting " + binaries.home()
                            + "."), r.output(), null);
        }
        return r.output().strip();
    }

    /** Whether this account can search {@code dir} (it and every directory above it). */
    public boolean canSearch(Path dir) {
        return switches() ? run(command(List.of("test", "-x", dir.toString()))).exitCode() == 0 : Files.isExecutable(dir);
    }

    /** Checks that this account can write into {@code dir} (it and every directory above it reachable). */
    void checkCanWrite(Path dir, String what) {
        boolean ok = switches()
                ? run(command(List.of("test", "-w", dir.toString(), "-a", "-x", dir.toString()))).exitCode() == 0
                : Files.isWritable(dir);
        if (!ok) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_DIRECTORY_UNREACHABLE",
                    "The account \"" + name() + "\" that runs Postgres cannot write to the " + what + " " + dir
                            + (switches() ? " (a directory above it is private to root); keep it where every "
                            + "account can search, or set " + ENV + " to an account that can reach it."
                            : "; make it writable."));
        }
    }

    record Result(int exitCode, String output) {
    }

    /** Runs a short command to its end, stderr merged, within a minute. */
    static Result run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + "\n(did not finish within a minute)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    @Override
    public String toString() {
        return switches() ? "account " + name + " (uid " + uid + ")" : "this process's account";
    }
}
