package dev.arbor.cli;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Project;
import dev.arbor.engine.DataDirs;
import dev.arbor.engine.DemoProject;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.server.ApiServer;
import dev.arbor.server.ServerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code arbor serve}: opens the engine on a data directory, serves it over the Neon API until the process is
 * told to stop (SIGTERM, SIGINT), then stops accepting, lets requests in flight finish, and closes the engine.
 */
final class ServeCommand {
    /** The file in the data directory that holds the generated API key. */
    static final String KEY_FILE = "api-key";
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ServeCommand() {
    }

    /** A started server and the engine under it; closing stops both, in that order, once. */
    static final class Running implements AutoCloseable {
        private final ApiServer server;
        private final BranchBackend backend;
        private final Project project;
        private final CountDownLatch closed = new CountDownLatch(1);

        private Running(ApiServer server, BranchBackend backend, Project project) {
            this.server = server;
            this.backend = backend;
            this.project = project;
        }

        ApiServer server() {
            return server;
        }

        Project project() {
            return project;
        }

        @Override
        public synchronized void close() {
            if (closed.getCount() == 0) {
                return;
            }
            try {
                server.close();
            } finally {
                backend.close();
                closed.countDown();
            }
        }

        void awaitClosed() throws InterruptedException {
            closed.await();
        }
    }

    /** Runs until the process is stopped; returns 1 when the server cannot start. */
    static int run(Invocation.Serve serve, PrintStream out, PrintStream err) {
        Running running;
        try {
            running = start(serve, out);
        } catch (RuntimeException e) {
            err.println("Arbor could not start the API server: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping the API server");
            running.close();
        }, "arbor-serve-shutdown"));
        try {
            running.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.close();
        }
        return Main.OK;
    }

    /** Opens the engine (seeding the demo when asked), starts the server and prints where it is. */
    static Running start(Invocation.Serve serve, PrintStream out) {
        Path dir = dataDir(serve);
        InetAddress bind = address(serve.bind());
        if (serve.demo() && DemoProject.seedIfEmpty(dir, EmbeddedProjectSource.ENGINE)) {
            LOG.info("Created the demo project in {}", dir);
        }
        // The server's backend does not wait for operations: clients poll them, as with Neon.
        BranchBackend backend = new EmbeddedBackend(EmbeddedEngine.open(dir, EmbeddedProjectSource.ENGINE), false);
        try {
            String where;
            String key = serve.apiKey();
            if (key == null) {
                Path file = dir.resolve(KEY_FILE);
                key = storedKey(file);
                where = "stored in " + file + " (readable only by you)";
            } else {
                where = "the one given with --api-key";
            }
            ApiServer server = ApiServer.start(backend, new ServerOptions(bind, serve.port(), key,
                    ServerOptions.DEFAULT_THREADS, ServerOptions.DEFAULT_MAX_BODY_BYTES, ServerOptions.DEFAULT_SHUTDOWN_GRACE));
            Project project = backend.project();
            out.println("Arbor is serving project \"" + project.name() + "\" over the Neon API v2.");
            out.println("  Base URL:    " + server.baseUrl());
            out.println("  Project id:  " + project.id());
            out.println("  API key:     " + where);
            out.println("  Data:        " + DataDirs.display(dir));
            if (!bind.isLoopbackAddress()) {
                out.println("Listening on " + bind.getHostAddress() + ", beyond this machine, over plain HTTP: the API key"
                        + " crosses the network unencrypted. Put a TLS proxy in front for anything but a trusted network.");
            }
            out.println("Stop with Ctrl+C.");
            out.flush();
            return new Running(server, backend, project);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    private static Path dataDir(Invocation.Serve serve) {
        if (serve.dataDir() != null) {
            return serve.dataDir().toAbsolutePath().normalize();
        }
        return serve.demo() ? DataDirs.demoDataDir() : DataDirs.defaultDataDir();
    }

    private static InetAddress address(String bind) {
        if (bind == null) {
            return InetAddress.getLoopbackAddress();
        }
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + bind + "\" is not an address this machine can listen on.", e);
        }
    }

    /**
     * The key in {@code file}, created on first use with a new random key. The file is created owner-only from
     * the start (never briefly readable by others), and an existing file is tightened to owner-only.
     */
    static String storedKey(Path file) {
        try {
            boolean posix = Files.getFileStore(file.getParent()).supportsFileAttributeView("posix");
            if (Files.exists(file)) {
                if (posix) {
                    Files.setPosixFilePermissions(file, OWNER_ONLY);
                }
                String key = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!key.isEmpty()) {
                    return key;
                }
                Files.delete(file);
            }
            String key = ApiServer.generateKey();
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
                file.toFile().setReadable(false, false);
                file.toFile().setReadable(true, true);
                file.toFile().setWritable(false, false);
                file.toFile().setWritable(true, true);
            }
            Files.writeString(file, key + System.lineSeparator(), StandardCharsets.UTF_8);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the API key file " + file + ": " + e.getMessage(), e);
        }
    }
}
