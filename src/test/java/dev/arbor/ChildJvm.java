package dev.arbor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Starts a main class of the test classpath in a fresh JVM (the same java binary as this one), for tests that
 * need a second process: crashes, the data directory lock, orphaned Postgres servers, concurrent unpacking. Children are small and start fast.
 */
public final class ChildJvm {
    /** Marks the end of a child's output in the line queue. */
    public static final String EOF = "\u0000EOF";

    private ChildJvm() {
    }

    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public static ProcessBuilder builder(Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /** A started child whose stdout (stderr merged when asked) arrives line by line in {@link #lines}. */
    public record Running(Process process, BlockingQueue<String> lines, StringBuffer transcript) {
        /** The next line, or null when none arrives before the deadline or the child's output ended. */
        public String nextLine(long deadlineNanos) throws InterruptedException {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            return line == null || line.equals(EOF) ? null : line;
        }

        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }

    public static Running start(boolean mergeStderr, Class<?> mainClass, String... args) throws IOException {
        ProcessBuilder pb = builder(mainClass, args);
        pb.redirectErrorStream(mergeStderr);
        if (!mergeStderr) {
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StringBuffer transcript = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    transcript.append(line).append('\n');
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child was killed or its pipe closed
            } finally {
                lines.add(EOF);
            }
        }, "child-stdout-" + p.pid());
        reader.setDaemon(true);
        reader.start();
        return new Running(p, lines, transcript);
    }

    /** What a child that ran to its end printed, and how it exited. */
    public record Result(int exitCode, String output) {
    }

    /** Runs a child to its end (stderr merged into the output), killing it and failing if it takes too long. */
    public static Result run(Duration timeout, Class<?> mainClass, String... args) throws IOException, InterruptedException {
        Running r = start(true, mainClass, args);
        if (!r.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            r.kill();
            throw new AssertionError("child " + mainClass.getSimpleName() + " did not finish within " + timeout
                    + "; output so far:\n" + r.transcript());
        }
        // wait for the reader to drain the pipe
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (r.nextLine(deadline) != null) {
            // drained into the transcript
        }
        return new Result(r.process().exitValue(), r.transcript().toString());
    }
}
