package dev.arbor.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process for {@link DemoSeedCrashTest}: seeds the demo into a directory, printing {@code BRANCH <name>} as
 * each branch is made; after the branch named in its second argument it prints {@code HOLDING} and waits, mid-seed,
 * to be killed. It stops by itself when its parent goes away (stdin closes) or after a minute.
 */
public final class DemoSeedChild {
    private DemoSeedChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        String holdAfter = args[1];
        EngineOptions options = EngineOptions.defaults();
        PrintStream out = System.out;
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent keeps stdin open while it lives
                }
            } catch (IOException ignored) {
                // treated like end of input
            }
            Runtime.getRuntime().halt(4);
        }, "parent-watch");
        watchdog.setDaemon(true);
        watchdog.start();
        DemoProject.seedIfEmpty(dir, options, branch -> {
            out.println("BRANCH " + branch);
            out.flush();
            if (branch.equals(holdAfter)) {
                out.println("HOLDING");
                out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(3);
            }
        });
        out.println("SEEDED");
        out.flush();
        System.exit(0);
    }
}
