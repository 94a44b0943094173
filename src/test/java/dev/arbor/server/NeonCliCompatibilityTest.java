package dev.arbor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code scripts/neonctl-e2e.sh}: the official Neon CLI, installed from npm, against {@code arbor serve}
 * on loopback. It needs node, npm and the npm registry, so it runs only when {@code ARBOR_NEONCTL_E2E=1}:
 * {@code ARBOR_NEONCTL_E2E=1 mvn -B test -Dtest=NeonCliCompatibilityTest}. The server is started from this
 * test's class path, so no jar has to be built first.
 */
class NeonCliCompatibilityTest {
    private static final String SWITCH = "ARBOR_NEONCTL_E2E";
    private static final Path SCRIPT = Path.of("scripts", "neonctl-e2e.sh");
    private static final long TIMEOUT_MINUTES = 10;

    @TempDir
    Path dir;

    @Test
    void theNeonCliRunsEveryBranchesSubcommandAgainstArborServe() throws IOException, InterruptedException {
        assumeTrue("1".equals(System.getenv(SWITCH)), "skipped: the neonctl end-to-end check installs neonctl from npm"
                + " and needs node; set " + SWITCH + "=1 to run it (or run " + SCRIPT + " directly)");
        assertTrue(Files.isRegularFile(SCRIPT), "no " + SCRIPT.toAbsolutePath());

        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("ARBOR_CLASSPATH", System.getProperty("java.class.path"));
        ProcessHandle.current().info().command().ifPresent(java -> pb.environment().putIfAbsent("JAVA", java));
        pb.environment().putIfAbsent("TMPDIR", dir.toString());
        Path log = dir.resolve("neonctl-e2e.log");
        pb.redirectOutput(log.toFile());

        Process p = pb.start();
        boolean done = p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertTrue(done, "neonctl-e2e.sh did not finish within " + TIMEOUT_MINUTES + " minutes:\n" + output);
        assertEquals(0, p.exitValue(), "neonctl-e2e.sh failed:\n" + output);
        assertTrue(output.contains(" passed, 0 failed"), output);
    }
}
