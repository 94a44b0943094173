package dev.arbor.engine;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Free space, asked before work that writes much, so that a full disk is a sentence before anything starts rather
 * than a half-made project or a Postgres that dies in its first checkpoint.
 */
final class DiskSpace {
    /**
     * What opening a project needs free: SQLite's write-ahead log and a few of Postgres's 16 MB WAL segments, which a
     * compute writes as soon as it starts, with room to spare.
     */
    static final long TO_OPEN = 64L << 20;

    private DiskSpace() {
    }

    /**
     * Refuses with {@code DISK_FULL} and a sentence when the disk holding {@code dir} (or its nearest existing
     * ancestor) has less than {@code bytes} free; {@code purpose} says what for ("to open a project"). A disk whose free
     * space cannot be read is let through: the work itself will say what is wrong.
     */
    static void require(Path dir, long bytes, String purpose) {
        long free = usable(dir);
        if (free >= 0 && free < bytes) {
            throw full(dir, free, bytes, purpose);
        }
    }

    /** The bytes free for this process on the disk holding {@code dir}, or -1 when that cannot be read. */
    static long usable(Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return -1;
        }
        try {
            return Files.getFileStore(p).getUsableSpace();
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    /** Whether {@code failure} or one of its causes is a write refused for want of space. */
    static boolean isNoSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("SQLITE_FULL")
                    || m.contains("There is not enough space on the disk"))) {
                return true;
            }
        }
        return false;
    }

    /** The sentence for a disk too full for {@code purpose}. */
    static ArborException full(Path dir, long free, long needed, String purpose) {
        return new ArborException(ErrorCode.UNAVAILABLE, "DISK_FULL", "The disk holding " + dir + " is full: "
                + size(free) + " free, and Arbor needs " + size(needed) + " " + purpose
                + ". Free some space on it and try again; nothing was changed.");
    }

    private static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return bytes < 1024 ? bytes + " bytes" : (bytes / 1024) + " KB";
        }
        double mb = bytes / (1024.0 * 1024.0);
        return mb < 1024 ? String.format(Locale.ROOT, "%.0f MB", mb) : String.format(Locale.ROOT, "%.1f GB", mb / 1024);
    }
}
