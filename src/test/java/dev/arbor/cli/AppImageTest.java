package dev.arbor.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import dev.arbor.Scripts;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code scripts/check-app-image.sh}: builds the installable Linux app with the {@code dist} profile and checks
 * that {@code bin/arbor --help} and {@code --version} work, that {@code bin/arbor} opens the console window (under
 * Xvfb) and what the deb holds. It builds with jpackage and needs Xvfb, dpkg-deb and fakeroot, so it runs only when
 * {@code ARBOR_DIST_E2E=1}: {@code ARBOR_DIST_E2E=1 mvn -B test -Dtest=AppImageTest} (add {@code SKIP_BUILD=1} to
 * check an app already built).
 */
class AppImageTest {
    private static final String SWITCH = "ARBOR_DIST_E2E";
    private static final Path SCRIPT = Path.of("scripts", "check-app-image.sh");
    private static final long TIMEOUT_MINUTES = 15;

    @TempDir
    Path dir;

    @Test
    void theLinuxAppImageRunsItsCommandsAndOpensTheConsole() throws IOException, InterruptedException {
        assumeTrue("1".equals(System.getenv(SWITCH)), "skipped: the app-image check builds the installer with jpackage"
                + " and needs Xvfb; set " + SWITCH + "=1 to run it (or run " + SCRIPT + " directly)");
        assumeTrue(System.getProperty("os.name", "").toLowerCase().contains("linux"), "the check is for the Linux app");
        Scripts.runAndCheck(SCRIPT, dir, Map.of(), TIMEOUT_MINUTES, "all app-image checks passed");
    }
}
