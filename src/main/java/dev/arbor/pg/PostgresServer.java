package dev.arbor.pg;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Lsn;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Postgres server Arbor manages: a directory holding its data directory ({@code data/}, private to the
 * account that runs Postgres), its log ({@code postgres.log}) and its generated passwords. The first
 * {@link #open} runs {@code initdb}; {@link #start} runs {@code postgres} on 127.0.0.1 and returns once it
 * accepts connections, with Neon's default shape in place: the role {@code neondb_owner} owning the database
 * {@code neondb}. WAL goes to a given archive directory through Postgres's own {@code basic_archive} module.
 * A postmaster left running by an earlier JVM (killed before it could stop it) is stopped before a new one
 * starts, so one data directory never has two.
 */
public final class PostgresServer implements AutoCloseable {
    /** The bootstrap superuser Arbor administers the server with; users get {@link #OWNER}. */
    public static final String SUPERUSER = "arbor_admin";
    public static final String OWNER = "neondb_owner";
    public static final String DATABASE = "neondb";
    static final String LOG_FILE = "postgres.log";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final long START_TIMEOUT_MS = 60_000;
    /**
     * A server started from a copied data directory or after a crash first makes everything in it durable before it
     * replays WAL, so that nothing it writes later rests on data still in the page cache. By default it opens and
     * fsyncs every file, which grows with the database (1.6–2.6 s at 100 MB here); {@code syncfs} asks the kernel to
     * write back the whole file system in one call per file system (data directory, {@code pg_wal}), the same
     * guarantee for these files. Only Linux has it, and only from 5.8 does {@code syncfs} report write-back errors,
     * which Postgres must see to refuse to go on.
     */
    static final boolean SYNCFS = syncfsReportsErrors(System.getProperty("os.name", ""),
            System.getProperty("os.version", ""));

    static boolean syncfsReportsErrors(String osName, String osVersion) {
        if (!osName.toLowerCase(java.util.Locale.ROOT).startsWith("linux")) {
            return false;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(osVersion);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 5 || (major == 5 && minor >= 8);
    }

    /** Where this start's lines begin in the log (it is appended to across starts). */
    private volatile long logStart;
    private final PgBinaries binaries;
    private final PgAccount account;
    private final Path dir;
    private final Path data;
    private final Path archive;
    private final PgCredentials credentials;
    private Process process;
    private int port;
    private Thread shutdownHook;
    private Lsn endLsn;

    private PostgresServer(PgBinaries binaries, PgAccount account, Path dir, Path archive, PgCredentials credentials) {
        this.binaries = binaries;
        this.account = account;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.archive = archive;
        this.credentials = credentials;
    }

    /**
     * The server in {@code dir}, created with {@code initdb} when the directory holds none yet; not started.
     * {@code archiveDir} receives every completed WAL segment (created when missing).
     */
    public static PostgresServer open(PgBinaries binaries, PgAccount account, Path dir, Path archiveDir) {
        Path serverDir = dir.toAbsolutePath().normalize();
        Path archive = archiveDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(serverDir);
            if (account.switches() && posix()) {
                // the account that runs Postgres passes through to data/; the passwords stay 0600
                Files.setPosixFilePermissions(serverDir, PosixFilePermissions.fromString("rwx--x--x"));
            }
            account.checkCanRun(binaries);
            PgCredentials credentials = PgCredentials.loadOrCreate(serverDir);
            if (!Files.isDirectory(archive)) {
                Files.createDirectories(archive);
                account.hand(archive);
            }
            account.checkCanWrite(archive, "WAL archive");
            PostgresServer server = new PostgresServer(binaries, account, serverDir, archive, credentials);
            if (!Files.exists(server.data.resolve("PG_VERSION"))) {
                ClusterInit.create(binaries, account, serverDir, archive, credentials);
            }
            return server;
        } catch (IOException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_CREATE_FAILED",
                    "Arbor could not prepare a Postgres server in " + serverDir + " (" + IoText.of(e)
                            + "); check that the directory is writable and the disk has room.", null, e);
        }
    }

    /**
     * Starts Postgres on 127.0.0.1 at {@code requestedPort} (0: a free one) and returns once it accepts
     * connections. A port in use is a sentence and leaves nothing running.
     */
    public synchronized void start(int requestedPort) {
        if (requestedPort != 0 && (requestedPort < 1024 || requestedPort > 65535)) {
            throw ArborException.invalid("POSTGRES_PORT_INVALID", "Port " + requestedPort + " is not one Postgres "
                    + "can listen on; choose one from 1024 to 65535, or 0 for any free port.");
        }
        if (process != null && process.isAlive()) {
            return;
        }
        stopOrphan();
        for (int attempt = 1; ; attempt++) {
            int chosen = requestedPort == 0 ? freePort() : requestedPort;
            if (!bindable(chosen)) {
                if (requestedPort == 0 && attempt < 3) {
                    continue;
                }
                throw portInUse(chosen);
            }
            try {
                launch(chosen);
                break;
            } catch (PortTaken e) {
                if (requestedPort != 0 || attempt >= 3) {
                    throw portInUse(chosen);
                }
            }
        }
        removeShutdownHook();
        shutdownHook = new Thread(this::stopQuietly, "postgres-stop-" + dir.getFileName());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            ensureOwnerAndDatabase();
        } catch (RuntimeException e) {
            stop(); // nothing half-done: a server without its owner and database does not stay up
            throw e;
        }
    }

    /** Postgres said its port was taken: someone bound it between the check and the start. */
    private static final class PortTaken extends Exception {
        PortTaken() {
            super(null, null, false, false);
        }
    }

    private void launch(int chosenPort) throws PortTaken {
        Path log = dir.resolve(LOG_FILE);
        try {
            logStart = Files.exists(log) ? Files.size(log) : 0;
            // the archive is named on the command line, over the one postgresql.conf recorded at initdb: a base
            // backup copies that file, and a project directory that was moved (the demo is made in a sibling and
            // renamed into place) must not archive into the path it had before
            List<String> command = new java.util.ArrayList<>(List.of(binaries.tool("postgres").toString(),
                    "-D", data.toString(), "-p", Integer.toString(chosenPort),
                    "-c", "basic_archive.archive_directory=" + archive.toString().replace('\\', '/')));
            if (SYNCFS) {
                command.addAll(List.of("-c", "recovery_init_sync_method=syncfs"));
            }
            process = new ProcessBuilder(account.command(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
        } catch (IOException e) {
            process = null;
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_START_FAILED",
                    "Arbor could not run " + binaries.tool("postgres") + " (" + e.getMessage() + ").", null, e);
        }
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        long logged = log.toFile().length();
        while (!Postmaster.ready(data, process.pid())) {
            long now = log.toFile().length();
            if (now != logged) {
                // a server replaying WAL logs each segment it restores: while it makes progress, it is given time;
                // a standby waiting for WAL that is not there logs too, every five seconds, and never gets it
                logged = now;
                deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
                if (waitsForWal()) {
                    killProcess();
                    throw walMissing();
                }
            }
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                String said = logSince(log, logStart);
                killProcess();
                if (said.contains("Address already in use")) {
                    throw new PortTaken();
                }
                throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_START_FAILED",
                        "Postgres did not start" + (lastLine(said).isEmpty() ? "" : ": " + lastLine(said))
                                + "; the whole log is in " + log + ".", said, null);
            }
            sleep(10);
        }
        port = chosenPort;
    }

    /** Stops a postmaster that an earlier JVM left running on this data directory, if there is one. */
    private void stopOrphan() {
        Postmaster.Found found = Postmaster.find(data);
        if (found == null) {
            return;
        }
        if (!found.isPostgres()) {
            // the pid was reused by an unrelated process: the lock file is stale and would block the start
            try {
                Files.deleteIfExists(data.resolve(Postmaster.PID_FILE));
            } catch (IOException e) {
                throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_STALE_LOCK",
                        "Postgres's lock file in " + data + " names a process that is not Postgres, and Arbor could "
                                + "not remove it (" + IoText.of(e) + "); delete " + Postmaster.PID_FILE
                                + " there, then start again.", null, e);
            }
            return;
        }
        // pg_ctl waits until the postmaster has removed its lock file, which it does last
        pgCtlStop("fast");
        if (Postmaster.find(data) != null) {
            pgCtlStop("immediate");
        }
        if (Postmaster.find(data) != null) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_ORPHAN_RUNNING",
                    "A Postgres server left running (pid " + found.handle().pid() + ") on " + data
                            + " did not stop; stop it, then start again.");
        }
        waitForExit(found.handle(), 10_000);
    }

    private void ensureOwnerAndDatabase() {
        try (Connection c = connectForAdministration()) {
            if (inRecovery(c)) {
                return; // a read-only server replaying WAL: the roles are whatever the WAL says they were
            }
            NeonShape.ensure(c, credentials.ownerPassword());
        } catch (SQLException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_BOOTSTRAP_FAILED",
                    "Postgres started but Arbor could not create " + OWNER + " and " + DATABASE + " ("
                            + e.getMessage() + ").", null, e);
        }
    }

    private Connection connectForAdministration() {
        try {
            return connect(SUPERUSER, credentials.superuserPassword(), "postgres");
        } catch (ArborException e) {
            if (!e.reason().equals("POSTGRES_PASSWORD_WRONG")) {
                throw e;
            }
            throw new ArborException(ErrorCode.INTERNAL, "POSTGRES_CREDENTIALS_MISMATCH",
                    "The Postgres server in " + dir + " refused Arbor's own superuser password: "
                            + PgCredentials.FILE_NAME + " there no longer belongs to this server; put back the one "
                            + "made with it.", null, e);
        }
    }

    private static boolean inRecovery(Connection c) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("select pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Stops the server the way {@code pg_ctl stop -m fast} does: clients are disconnected, nothing is lost. A
     * writable server first switches to a new WAL segment, so that its last commits reach the archive (the archiver
     * finishes every completed segment before the server exits); {@link #endLsn} then says where its WAL ends.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            switchWal();
            pgCtlStop("fast");
            waitForExit(process.toHandle(), 60_000);
            if (process.isAlive()) {
                pgCtlStop("immediate");
                waitForExit(process.toHandle(), 30_000);
            }
            killProcess();
        }
        process = null;
        removeShutdownHook();
    }

    private void switchWal() {
        try (Connection c = connectForAdministration()) {
            if (!inRecovery(c)) {
                endLsn = seal(c);
            }
        } catch (SQLException | RuntimeException e) {
            // a server that cannot be reached is stopped all the same; its last segment is archived when it next runs
        }
    }

    /**
     * Seals the WAL written so far into the archive and returns where it ended: every point up to and including the
     * returned LSN can then be materialized from the archive alone (see {@link #seal}).
     */
    public Lsn archiveWal() {
        try (Connection c = connectForAdministration()) {
            return seal(c);
        } catch (SQLException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_SWITCH_FAILED", "Postgres could not switch "
                    + "to a new WAL segment (" + e.getMessage() + ").", null, e);
        }
    }

    /**
     * Recovery to an LSN stops before the first record at or after it, so it needs such a record in the archive: a
     * point at the very end of the archived WAL cannot be reached. Sealing therefore switches segments (the end of
     * everything written so far is the answer), writes one small record after it (a non-transactional logical
     * message) and switches again, then waits until the segment holding that record is archived.
     */
    private Lsn seal(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            Lsn end;
            try (var rs = s.executeQuery("select pg_switch_wal()::text")) {
                rs.next();
                end = Lsn.parse(rs.getString(1));
            }
            s.execute("select pg_logical_emit_message(false, 'arbor', 'sealed')");
            Lsn after;
            int tli;
            try (var rs = s.executeQuery("select pg_switch_wal()::text, pg_walfile_name(pg_current_wal_lsn())")) {
                rs.next();
                after = Lsn.parse(rs.getString(1));
                tli = Integer.parseInt(rs.getString(2).substring(0, 8), 16);
            }
            Path segment = archive.resolve(WalSegments.before(after, tli));
            long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
            while (!Files.exists(segment)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_ARCHIVE_STUCK", "Postgres did not "
                            + "archive " + segment.getFileName() + " within " + START_TIMEOUT_MS / 1000
                            + " s; its log is " + logFile() + ".");
                }
                sleep(5);
            }
            leaveZerosOut(tli, end, after);
            return end;
        }
    }

    /**
     * Makes the archived segments that hold the byte before each of {@code points} on timeline {@code tli} sparse
     * ({@link WalSegments#makeSparse}): a segment a switch completed is mostly zeros. Saving disk is all it does, so
     * a failure leaves the segment as Postgres wrote it.
     */
    void leaveZerosOut(int tli, Lsn... points) {
        for (Lsn point : points) {
            Path segment = archive.resolve(WalSegments.before(point, tli));
            try {
                WalSegments.makeSparse(segment, account);
            } catch (IOException | RuntimeException e) {
                LOG.debug("WAL segment {} kept as written: {}", segment.getFileName(), e.toString());
            }
        }
    }

    /**
     * Where this server's WAL ended when it was last stopped (the end of the last record before the switch), or
     * null when it has not been stopped while writable.
     */
    public synchronized Lsn endLsn() {
        return endLsn;
    }

    private void removeShutdownHook() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting and runs the hook
            }
        }
        shutdownHook = null;
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            // the JVM is exiting; the next start finds the postmaster and stops it
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void pgCtlStop(String mode) {
        PgAccount.run(account.command(List.of(binaries.tool("pg_ctl").toString(), "stop", "-D", data.toString(),
                "-m", mode, "-w", "-t", "60")));
    }

    private void killProcess() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitForExit(process.toHandle(), 30_000);
        }
    }

    private static void waitForExit(ProcessHandle h, long millis) {
        try {
            h.onExit().get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception timeoutOrGone) {
            // the caller checks isAlive()
        }
    }

    /**
     * A connection to one of this server's databases. A refused password or a server that is not running is a
     * sentence ({@link ArborException}), not a driver message.
     */
    public Connection connect(String role, String password, String database) {
        Properties props = new Properties();
        props.setProperty("user", role);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "arbor");
        // loopback only, and the server has neither TLS nor Kerberos: skip pgjdbc's attempts at both
        props.setProperty("sslmode", "disable");
        props.setProperty("gssEncMode", "disable");
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        try {
            Connection c = new org.postgresql.Driver().connect(url, props);
            if (c == null) {
                throw new SQLException("pgjdbc did not accept " + url);
            }
            return c;
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState())) {
                throw new ArborException(ErrorCode.UNAUTHORIZED, "POSTGRES_PASSWORD_WRONG",
                        "Postgres on 127.0.0.1:" + port + " refused the password for role \"" + role
                                + "\"; use the password Arbor shows for that role.", e.getMessage(), e);
            }
            if ("3D000".equals(e.getSQLState())) { // invalid_catalog_name: the server runs, the database does not exist
                throw new ArborException(ErrorCode.NOT_FOUND, "DATABASE_NOT_FOUND",
                        "Postgres on 127.0.0.1:" + port + " has no database \"" + database + "\".", e.getMessage(), e);
            }
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_UNREACHABLE",
                    "Arbor could not connect to Postgres on 127.0.0.1:" + port + " as \"" + role + "\" ("
                            + e.getMessage() + ").", null, e);
        }
    }

    /** A connection to {@code neondb} as {@code neondb_owner}. */
    public Connection connectAsOwner() {
        return connect(OWNER, credentials.ownerPassword(), DATABASE);
    }

    /** A connection as the bootstrap superuser, for Arbor's own administration. */
    public Connection connectAsSuperuser(String database) {
        return connect(SUPERUSER, credentials.superuserPassword(), database);
    }

    /** {@code neondb_owner}'s generated password (for a connection string; never log it). */
    public String ownerPassword() {
        return credentials.ownerPassword();
    }

    /** The connection string a client uses: {@code postgresql://neondb_owner:…@127.0.0.1:PORT/neondb}. */
    public String connectionUri() {
        return "postgresql://" + OWNER + ":" + credentials.ownerPassword() + "@127.0.0.1:" + port + "/" + DATABASE;
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** The port it listens on, once started. */
    public int port() {
        return port;
    }

    /** The postmaster's process id, or -1 when not running. */
    public synchronized long pid() {
        return running() ? process.pid() : -1;
    }

    public Path directory() {
        return dir;
    }

    public Path dataDirectory() {
        return data;
    }

    public Path archiveDirectory() {
        return archive;
    }

    public Path logFile() {
        return dir.resolve(LOG_FILE);
    }

    public PgAccount account() {
        return account;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "POSTGRES_NO_PORT",
                    "No free port on 127.0.0.1 for Postgres (" + e.getMessage() + ").", null, e);
        }
    }

    /** Binds the port the way Postgres will (address reuse on, as Postgres sets it). */
    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ArborException portInUse(int port) {
        return new ArborException(ErrorCode.CONFLICT, "POSTGRES_PORT_IN_USE",
                "Port " + port + " on 127.0.0.1 is already in use, so Postgres cannot listen there; choose another "
                        + "port, or stop what listens on it.");
    }

    /** What a standby says, every five seconds, when the WAL it needs next is not in its {@code pg_wal}. */
    private static final String WAITING_FOR_WAL = "waiting for WAL to become available";

    /** The reason of the refusal a standby that ran out of WAL gets ({@link #waitsForWal}). */
    public static final String WAL_MISSING = "POSTGRES_WAL_MISSING";

    /**
     * Whether this server, started in standby mode, has replayed all the WAL it was given and waits for more: it
     * would wait forever, since nothing streams or places WAL into a materialized server.
     */
    public boolean waitsForWal() {
        return logSince(dir.resolve(LOG_FILE), logStart).contains(WAITING_FOR_WAL);
    }

    /** The refusal of a standby that waits for WAL it will never get ({@link #waitsForWal}). */
    ArborException walMissing() {
        return new ArborException(ErrorCode.UNAVAILABLE, WAL_MISSING, "Postgres replayed all the WAL placed for it "
                + "without reaching its target, and waits for more; its log is " + dir.resolve(LOG_FILE) + ".");
    }

    private static String logSince(Path log, long offset) {
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(offset, Files.size(log)));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").toLowerCase().contains("win") ? "NUL" : "/dev/null");
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArborException(ErrorCode.UNAVAILABLE, "INTERRUPTED", "Starting Postgres was interrupted.");
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[" + dir + (running() ? ", port " + port : ", stopped") + "]";
    }
}
