package dev.arbor.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arbor.Scripts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
        Map<String, String> env = new HashMap<>();
        env.put("ARBOR_CLASSPATH", System.getProperty("java.class.path"));
        if (System.getenv("JAVA") == null) {
            ProcessHandle.current().info().command().ifPresent(java -> env.put("JAVA", java));
        }
        Scripts.runAndCheck(SCRIPT, dir, env, TIMEOUT_MINUTES, " passed, 0 failed");
    }
}
