package dev.arbor.pg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code postmaster.pid}, the lock file a running postmaster keeps in its data directory: line 1 its pid,
 * line 4 its port, line 8 its status ({@code ready} once it accepts connections).
 */
final class Postmaster {
    static final String PID_FILE = "postmaster.pid";

    private Postmaster() {
    }

    /** A postmaster named by the lock file whose process is alive; {@code isPostgres} false when the pid was reused. */
    record Found(ProcessHandle handle, int port, boolean isPostgres) {
    }

    /** The live process the lock file names, or null when there is no lock file or its process is gone. */
    static Found find(Path dataDir) {
        List<String> lines = read(dataDir);
        if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
            return null;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
        if (h.isEmpty() || !h.get().isAlive()) {
            return null;
        }
        int port = lines.size() > 3 && lines.get(3).strip().matches("\\d+")
                ? Integer.parseInt(lines.get(3).strip()) : -1;
        // when the command cannot be seen (another account's process), assume it is the postmaster
        boolean postgres = h.get().info().command()
                .map(c -> Path.of(c).getFileName().toString().matches("postgres(\\.exe)?"))
                .orElse(true);
        return new Found(h.get(), port, postgres);
    }

    /** True once the postmaster with {@code pid} has written that it accepts connections. */
    static boolean ready(Path dataDir, long pid) {
        List<String> lines = read(dataDir);
        return lines.size() >= 8 && lines.get(0).strip().equals(Long.toString(pid))
                && lines.get(7).strip().equals("ready");
    }

    private static List<String> read(Path dataDir) {
        try {
            return Files.readAllLines(dataDir.resolve(PID_FILE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // absent, or being written: either way not (yet) a running postmaster's
            return List.of();
        }
    }
}
