package dev.arbor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one of the repository's check scripts for an opt-in test, and fails the test with the script's output. */
public final class Scripts {
    private Scripts() {
    }

    /**
     * Runs {@code bash script} with {@code env} added (and {@code TMPDIR} set to {@code dir} unless given), waits up
     * to {@code timeoutMinutes}, prints the output, and asserts that it finished, exited 0 and printed
     * {@code successLine}. Returns the output.
     */
    public static String runAndCheck(Path script, Path dir, Map<String, String> env, long timeoutMinutes,
                                     String successLine) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(script), "no " + script.toAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", script.toString())).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().putIfAbsent("TMPDIR", dir.toString());
        Path log = dir.resolve(script.getFileName() + ".log");
        pb.redirectOutput(log.toFile());

        Process p = pb.start();
        boolean done = p.waitFor(timeoutMinutes, TimeUnit.MINUTES);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertTrue(done, script.getFileName() + " did not finish within " + timeoutMinutes + " minutes:\n" + output);
        assertEquals(0, p.exitValue(), script.getFileName() + " failed:\n" + output);
        assertTrue(output.contains(successLine), output);
        return output;
    }
}
