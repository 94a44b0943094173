package dev.arbor.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postgres servers a killed process left running in a directory that is about to be deleted (an unfinished demo):
 * nothing will open that directory again to stop them, so they are stopped here, found by their lock files.
 */
final class LeftoverPostmasters {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostmasters.class);
    private static final String PID_FILE = "postmaster.pid";

    private LeftoverPostmasters() {
    }

    /** Stops every live postmaster whose data directory lies under {@code dir}, a smart shutdown first. */
    static void stopUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> lockFiles;
        try (Stream<Path> all = Files.walk(dir)) {
            lockFiles = all.filter(p -> p.getFileName().toString().equals(PID_FILE)).toList();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot look for Postgres servers left running in {}: {}", dir, e.getMessage());
            return;
        }
        for (Path lockFile : lockFiles) {
            postmaster(lockFile).ifPresent(h -> {
                LOG.info("Stopping the Postgres server (pid {}) left running in {}", h.pid(), lockFile.getParent());
                // SIGTERM is Postgres's smart shutdown; its clients died with the process that started it
                h.destroy();
                if (!exited(h, 30)) {
                    h.destroyForcibly();
                    exited(h, 10);
                }
            });
        }
    }

    private static Optional<ProcessHandle> postmaster(Path lockFile) {
        try {
            List<String> lines = Files.readAllLines(lockFile, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command()
                            .map(c -> Path.of(c).getFileName().toString().matches("postgres(\\.exe)?"))
                            .orElse(false)); // a pid now used by another program is left alone
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean exited(ProcessHandle h, int seconds) {
        try {
            h.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        } catch (Exception timeout) {
            return !h.isAlive();
        }
    }
}
