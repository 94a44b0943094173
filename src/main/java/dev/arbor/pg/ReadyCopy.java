package dev.arbor.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy of a storage's newest base backup, made ahead of time in {@code ready/<backup>/data}, so that the next
 * server materialized from that backup (a compute's start, a Time Travel view, a reset's or restore's new compute)
 * takes it with one rename instead of copying the whole backup while the user waits: 0.3–0.5 s at 100 MB on a file
 * system without reflinks. It costs one more copy of the database on disk per storage.
 *
 * <p>A copy is made in the background on one thread: when the storage opens, when a backup is published or
 * removed, and after the copy was taken. It is written into {@code ready/.making-*}, handed to the account that runs
 * Postgres and renamed into place, so a half-made copy is never taken; a copy of a backup that is no longer the
 * newest is removed. Postgres syncs the copy when it starts on it, as it syncs any copied data directory. A copy is optional:
 * without one (not yet made, not enough free disk, a failure), a server copies the backup as before.
 */
final class ReadyCopy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadyCopy.class);
    /** Free disk left after a copy is made; below that none is made. */
    static final long SPARE_BYTES = 256L * 1024 * 1024;
    /** How long a server waits for a copy of its backup being made before it copies the backup itself. */
    private static final long WAIT_MS = 30_000;

    private final Path dir;
    private final BaseBackups backups;
    private final PgAccount account;
    private final ExecutorService maker;
    private volatile boolean started;
    private volatile boolean closed;
    /** The backup whose copy is being made (its directory's name) and when that ends; guarded by {@code this}. */
    private String making;
    private CompletableFuture<Void> made = CompletableFuture.completedFuture(null);
    private boolean queued;

    ReadyCopy(Path dir, BaseBackups backups, PgAccount account) {
        this.dir = dir;
        this.backups = backups;
        this.account = account;
        this.maker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "arbor-ready-copy");
            t.setDaemon(true);
            return t;
        });
    }

    /** From now on keeps a copy ready; until then {@link #refresh} does nothing and nothing is taken. */
    void start() {
        started = true;
        refresh();
    }

    /** Makes the copy of the newest backup in the background if it is missing, and removes stale ones. */
    synchronized void refresh() {
        if (!started || closed || queued) {
            return;
        }
        queued = true;
        try {
            maker.execute(this::makeNewest);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued = false; // closed meanwhile
        }
    }

    /**
     * Moves the ready copy of {@code backup}'s data directory to {@code data} (which must not exist), waiting for one
     * being made; false when there is none, and the caller copies the backup itself.
     */
    boolean takeInto(BaseBackup backup, Path data) {
        if (!started) {
            return false;
        }
        String name = backup.directory().getFileName().toString();
        CompletableFuture<Void> pending;
        synchronized (this) {
            pending = name.equals(making) ? made : null;
        }
        if (pending != null) {
            try {
                pending.get(WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                return false;
            }
        }
        Path ready = dir.resolve(name);
        synchronized (this) {
            if (closed) {
                return false;
            }
            try {
                Files.move(ready.resolve("data"), data, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException | AtomicMoveNotSupportedException e) {
                return false; // none ready, or another file system: the caller copies
            } catch (IOException e) {
                log.warn("Could not take the ready copy of base backup {}: {}", name, IoText.of(e));
                return false;
            }
            BaseBackups.deleteQuietly(ready);
        }
        refresh();
        return true;
    }

    private void makeNewest() {
        synchronized (this) {
            queued = false;
        }
        BaseBackup newest;
        try {
            newest = backups.list().stream().max(Comparator.comparing(BaseBackup::stoppedAt)).orElse(null);
        } catch (RuntimeException e) {
            return; // the storage is being removed
        }
        String name = newest == null ? null : newest.directory().getFileName().toString();
        removeAllBut(name);
        if (newest == null || closed || Files.isDirectory(dir.resolve(name))) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            making = name;
            made = done;
        }
        Path tmp = dir.resolve(".making-" + UUID.randomUUID());
        try {
            Path from = newest.dataDirectory();
            Files.createDirectories(dir);
            if (Files.getFileStore(dir).getUsableSpace() < PgStorage.sizeOf(from) + SPARE_BYTES) {
                return;
            }
            BaseBackups.copyTree(from, tmp.resolve("data"), (rel, d) -> closed);
            if (closed) {
                return;
            }
            hand(tmp.resolve("data"));
            synchronized (this) {
                if (closed || !Files.isDirectory(newest.directory())) {
                    return; // the backup was removed meanwhile
                }
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not make a ready copy of base backup {}: {}", name, e.getMessage());
        } finally {
            BaseBackups.deleteQuietly(tmp);
            synchronized (this) {
                making = null;
            }
            done.complete(null);
        }
    }

    /** Removes every copy but the one of {@code keep} (null: all), half-made ones included. */
    private void removeAllBut(String keep) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> stale;
        try (Stream<Path> entries = Files.list(dir)) {
            stale = entries.filter(p -> !p.getFileName().toString().equals(keep)).toList();
        } catch (IOException e) {
            return;
        }
        for (Path p : stale) {
            Path gone = dir.resolve(".stale-" + UUID.randomUUID());
            synchronized (this) { // never under a take of it: renamed away first, deleted after
                try {
                    Files.move(p, gone, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    continue;
                }
            }
            BaseBackups.deleteQuietly(gone);
        }
    }

    /** Gives the copy to the account that runs Postgres (as root); its start syncs it, as it syncs any copy. */
    private void hand(Path data) throws IOException {
        if (!account.switches()) {
            return;
        }
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : all.toList()) {
                if (closed) {
                    return;
                }
                account.hand(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Stops making a copy (what is half-made is removed) and waits for the maker to end. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        maker.shutdown();
        try {
            if (!maker.awaitTermination(1, TimeUnit.MINUTES)) {
                log.warn("A ready copy of a base backup is still being made");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
