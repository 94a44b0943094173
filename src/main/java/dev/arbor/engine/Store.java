package dev.arbor.engine;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.sqlite.SQLiteConfig;

/**
 * The data directory: an exclusive lock so that one process owns it, and the SQLite database in WAL mode
 * with full sync so that a committed change survives a crash. One connection writes (the engine serialises
 * writes); a small pool serves readers, which WAL lets run beside the writer.
 */
final class Store implements AutoCloseable {
    static final String DB_FILE = "arbor.db";
    static final String LOCK_FILE = "arbor.lock";
    private static final int READERS = 4;
    /**
     * Directories this JVM holds. File locks belong to the whole process and closing any channel on the lock
     * file drops them, so a second open in the same process is refused here without touching the file.
     */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Connection writer;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private volatile boolean closed;

    private final Path heldKey;

    private Store(Path dir, Path heldKey, FileChannel lockChannel, FileLock lock, Connection writer) {
        this.dir = dir;
        this.heldKey = heldKey;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.writer = writer;
    }

    static Store open(Path dir, boolean syncEveryCommit) {
        DiskSpace.require(dir, DiskSpace.TO_OPEN, "to open a project");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw ArborException.unavailable("DATA_DIR_UNWRITABLE",
                    "Arbor cannot create its data directory " + dir + ": " + e.getMessage(), e);
        }
        Path key;
        try {
            key = dir.toRealPath();
        } catch (IOException e) {
            throw ArborException.unavailable("DATA_DIR_UNREADABLE", "Arbor cannot read its data directory " + dir + ": "
                    + e.getMessage(), e);
        }
        if (!HELD.add(key)) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "DATA_DIR_IN_USE", "The data directory " + dir
                    + " is in use: it is already open in this Arbor process (pid " + ProcessHandle.current().pid()
                    + "). Close it first, or choose another directory.");
        }
        try {
            return lockAndOpen(dir, key, syncEveryCommit);
        } catch (RuntimeException e) {
            HELD.remove(key);
            throw e;
        }
    }

    private static Store lockAndOpen(Path dir, Path key, boolean syncEveryCommit) {
        FileChannel channel = null;
        FileLock lock;
        Path lockPath = dir.resolve(LOCK_FILE);
        try {
            channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = readHolder(lockPath);
                channel.close();
                throw new ArborException(ErrorCode.UNAVAILABLE, "DATA_DIR_IN_USE", "The data directory " + dir
                        + " is in use by another Arbor process" + holder + ". Close it, or choose another directory.");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
        } catch (IOException e) {
            closeQuietly(channel);
            if (DiskSpace.isNoSpace(e)) {
                throw DiskSpace.full(dir, DiskSpace.usable(dir), DiskSpace.TO_OPEN, "to open a project");
            }
            throw ArborException.unavailable("DATA_DIR_UNWRITABLE",
                    "Arbor cannot lock its data directory " + dir + ": " + e.getMessage(), e);
        }
        Connection writer = null;
        List<Connection> opened = new java.util.ArrayList<>();
        try {
            writer = connect(dir, false, syncEveryCommit);
            Schema.migrate(writer);
            for (int i = 0; i < READERS; i++) {
                opened.add(connect(dir, true, syncEveryCommit));
            }
            Store store = new Store(dir, key, channel, lock, writer);
            store.readers.addAll(opened);
            return store;
        } catch (SQLException | RuntimeException e) {
            opened.forEach(Store::closeQuietly);
            closeQuietly(writer);
            try {
                lock.release();
            } catch (IOException ignored) {
                // the channel close below releases it as well
            }
            closeQuietly(channel);
            if (e instanceof ArborException ae) {
                throw ae;
            }
            if (DiskSpace.isNoSpace(e) || DiskSpace.usable(dir) == 0) { // SQLite says "disk I/O error" when it cannot grow
                throw DiskSpace.full(dir, DiskSpace.usable(dir), DiskSpace.TO_OPEN, "to open a project");
            }
            throw ArborException.unavailable("DATA_DIR_UNREADABLE",
                    "Arbor cannot open the project database in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String readHolder(Path lockPath) {
        try {
            String s = Files.readString(lockPath).strip();
            return s.isEmpty() ? "" : " (" + s + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static Connection connect(Path dir, boolean readOnly, boolean sync) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(sync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(false);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        if (readOnly) {
            config.setReadOnly(true);
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(DB_FILE), config.toProperties());
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA cache_size=-32000");
        }
        return c;
    }

    Path dir() {
        return dir;
    }

    /** The writing connection; callers hold the engine's write lock. */
    Connection writer() {
        return writer;
    }

    interface Read<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Runs a read on a pooled connection inside one read transaction (a consistent snapshot). */
    <T> T read(Read<T> body) {
        Connection c = null;
        try {
            while (c == null) {
                if (closed) {
                    throw ArborException.unavailable("ENGINE_CLOSED", "The project is closed.", null);
                }
                c = readers.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ArborException.unavailable("INTERRUPTED", "The read was interrupted.", e);
        }
        try {
            c.setAutoCommit(false);
            try {
                return body.apply(c);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw Sql.failure(e);
        } finally {
            readers.add(c);
        }
    }

    @Override
    public void close() {
        closed = true;
        List<Connection> all = new java.util.ArrayList<>();
        // wait briefly for readers in flight to hand their connections back
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (all.size() < READERS && System.nanoTime() < deadline) {
            readers.drainTo(all);
            if (all.size() < READERS) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (Connection c : all) {
            closeQuietly(c);
        }
        try (Statement st = writer.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException ignored) {
            // a checkpoint is an optimisation; the WAL is replayed on the next open
        }
        closeQuietly(writer);
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases the lock too
        }
        closeQuietly(lockChannel);
        HELD.remove(heldKey);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing useful to do while closing
        }
    }
}
