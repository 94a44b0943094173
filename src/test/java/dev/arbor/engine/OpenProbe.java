package dev.arbor.engine;

import dev.arbor.domain.ArborException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Child process for the lock tests. {@code probe <dir>}: tries to open the directory; prints
 * {@code OPENED} and exits 0, or prints {@code REFUSED <code> <reason>} and {@code MESSAGE <text>} and exits 3.
 * {@code hold <dir>}: opens the directory, prints {@code HOLDING <pid>} and keeps it until stdin closes.
 */
public final class OpenProbe {
    static final int REFUSED_EXIT = 3;
    /** A project on real Postgres, as the app opens one. */
    static final EngineOptions OPTIONS = EngineOptions.defaults().withMaintenanceInterval(null);

    private OpenProbe() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        EngineOptions opts = OPTIONS;
        EmbeddedEngine engine;
        try {
            engine = EmbeddedEngine.open(dir, opts);
        } catch (ArborException e) {
            System.out.println("REFUSED " + e.code() + " " + e.reason());
            System.out.println("MESSAGE " + e.getMessage());
            System.out.flush();
            System.exit(REFUSED_EXIT);
            return;
        }
        if (mode.equals("hold")) {
            System.out.println("HOLDING " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // held until the parent closes stdin or goes away
            }
        } else {
            System.out.println("OPENED " + engine.project().id());
            System.out.flush();
        }
        engine.close();
        System.exit(0);
    }
}
