import dev.arbor.domain.Branch;
import dev.arbor.domain.CreateBranchSpec;
import dev.arbor.engine.EmbeddedEngine;
import dev.arbor.engine.EngineOptions;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Gives the app image a startup cache, so the installed app's first window comes up faster (the goal: the
 * Branches page with 10,000 branches rendered within 1 s of launch). Run by the `dist` profile between the
 * app image and the installer, with the toolchain's java in source-file mode and target/arbor.jar on the
 * class path (for the engine, which seeds the training project):
 *
 * <pre>java -cp target/arbor.jar packaging/StartupCache.java target/jpackage/arbor</pre>
 *
 * <p>It seeds a project in a temporary directory (2,000 branches on real Postgres, so the table's cells for
 * many rows are exercised), runs the image's own launcher on it once with {@code -Darbor.exitAfterFirstFrame=true}
 * (the app quits after its first rendered Branches table) and the runtime's training options, then writes the
 * cache next to arbor.jar and adds the option that uses it to the launcher's cfg file. Same launcher, runtime and
 * class path as an installed app's, so the JVM accepts the cache; it ignores one that does not match (a changed
 * jar) and starts normally.
 *
 * <ul>
 *   <li>Runtime 25 or later: the AOT cache (JEP 483/514/515: classes loaded and linked, method profiles), in two
 *       steps ({@code -XX:AOTMode=record}, then {@code create}), because the one-step form starts a second JVM
 *       through bin/java, which the image's runtime does not have.</li>
 *   <li>Runtime 21 to 24: an AppCDS archive ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}).</li>
 * </ul>
 *
 * <p>The training never touches the build user's data or settings: data, home, {@code arbor.home} and the
 * java.util.prefs root are temporary directories. It needs a display: on Linux without DISPLAY it runs under
 * {@code xvfb-run} when there is one. When it cannot train (no display, a failed or hung run, a cache the JVM
 * then refuses) it says so and leaves the image as it was, without a cache: the build still succeeds.
 * {@code -Darbor.startupCache=false} skips it.
 */
public final class StartupCache {
    private static final int EXTRA_BRANCHES = 2_000;
    private static final long TRAINING_TIMEOUT_SECONDS = 300;

    private final Path image;
    private final Path cfg;
    private final Path launcher;
    private final int feature;
    private final Path work;

    private StartupCache(Path image, Path work) throws IOException {
        this.image = image;
        this.work = work;
        this.cfg = findCfg(image);
        this.launcher = findLauncher(image, cfg);
        this.feature = runtimeFeature(image);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("Usage: java -cp arbor.jar packaging/StartupCache.java <app image dir>");
            System.exit(2);
        }
        if ("false".equals(System.getProperty("arbor.startupCache"))) {
            note("skipped (-Darbor.startupCache=false); the app image ships without a startup cache.");
            return;
        }
        Path work = Files.createTempDirectory("arbor-startup-cache");
        try {
            new StartupCache(Path.of(args[0]).toAbsolutePath().normalize(), work).build();
        } catch (Exception e) {
            note("could not be built (" + e + "); the app image ships without a startup cache.");
        } finally {
            deleteTree(work);
        }
    }

    private void build() throws Exception {
        List<String> display = displayPrefix();
        if (display == null) {
            note("no display for the training run (DISPLAY is unset and there is no xvfb-run);"
                    + " the app image ships without a startup cache.");
            return;
        }
        Path data = work.resolve("data");
        long seedStart = System.nanoTime();
        seedProject(data);
        note(String.format(Locale.ROOT, "training project seeded in %.1f s; runtime %d, %s", (System.nanoTime() - seedStart) / 1e9,
                feature, feature >= 25 ? "AOT cache" : "AppCDS archive"));

        String original = Files.readString(cfg);
        Path appDir = cfg.getParent();
        Path cache = appDir.resolve(feature >= 25 ? "arbor.aot" : "arbor.jsa");
        Files.deleteIfExists(cache);
        // in-memory settings: java.util.prefs.userRoot only moves the preferences on Linux, not out of the
        // registry (Windows) or CFPreferences (macOS), and the build user's layout must neither leak in nor change
        List<String> isolation = List.of("-Darbor.exitAfterFirstFrame=true", "-Darbor.settings=memory",
                "-Darbor.home=" + work.resolve("home"),
                "-Duser.home=" + work.resolve("home"), "-Djava.util.prefs.userRoot=" + work.resolve("prefs"));
        try {
            if (feature >= 25) {
                Path config = work.resolve("arbor.aotconf");
                withOptions(original, concat(isolation, "-XX:AOTMode=record", "-XX:AOTConfiguration=" + config));
                if (!run(concat(display, launcher.toString(), "--data-dir", data.toString()), "training run") || !Files.exists(config)) {
                    return;
                }
                withOptions(original, List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + config, "-XX:AOTCache=" + cache));
                if (!run(List.of(launcher.toString(), "--version"), "cache creation")) {
                    return;
                }
            } else {
                withOptions(original, concat(isolation, "-XX:ArchiveClassesAtExit=" + cache));
                if (!run(concat(display, launcher.toString(), "--data-dir", data.toString()), "training run")) {
                    return;
                }
            }
        } finally {
            Files.writeString(cfg, original);
        }
        if (!Files.exists(cache)) {
            note("the training run wrote no cache; the app image ships without a startup cache.");
            return;
        }
        // $APPDIR is where the cfg is: the cache moves with the installed app. A missing cache (deleted by hand)
        // would make the JVM print errors on every start although it starts normally, so its log is off.
        List<String> use = feature >= 25
                ? List.of("-XX:AOTCache=$APPDIR/" + cache.getFileName(), "-Xlog:aot=off")
                : List.of("-XX:SharedArchiveFile=$APPDIR/" + cache.getFileName(), "-Xlog:cds=off");
        withOptions(original, use);
        // The JVM must accept the cache as the launcher passes it; if it does not, ship without it.
        String strict = feature >= 25 ? "-XX:AOTMode=on" : "-Xshare:on";
        if (!run(List.of(launcher.toString(), "--version"), "cache check", Map.of("JAVA_TOOL_OPTIONS", strict))) {
            Files.writeString(cfg, original);
            Files.deleteIfExists(cache);
            return;
        }
        note(String.format(Locale.ROOT, "%s (%.1f MB) is used by the launcher (%s)", image.relativize(cache),
                Files.size(cache) / 1e6, image.relativize(cfg)));
    }

    /** The training project: branches enough for a long table, in a wide tree like a team's. */
    private static void seedProject(Path data) {
        // on real Postgres, as the app opens it; no compute starts, so the branches cost no Postgres work
        EngineOptions options = EngineOptions.defaults().withOperationExecutor(Runnable::run)
                .withMaintenanceInterval(null).withSyncEveryCommit(false).withPostgres(true);
        try (EmbeddedEngine engine = EmbeddedEngine.open(data, options)) {
            List<String> parents = new ArrayList<>(engine.branches().stream().map(Branch::id).toList());
            String main = parents.get(0);
            for (int i = 0; i < EXTRA_BRANCHES; i++) {
                String name = (i % 3 == 0 ? "preview/pr-" : i % 3 == 1 ? "dev/feature-" : "ci/run-")
                        + String.format(Locale.ROOT, "%05d", i);
                String parent = i < 20 ? main : parents.get(parents.size() - 1 - (i * 7) % 20);
                parents.add(engine.createBranch(CreateBranchSpec.named(name).withParent(parent)).branch().id());
            }
        }
    }

    /** The command prefix that gives the training run a display, or null when there is none to be had. */
    private static List<String> displayPrefix() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) {
            return List.of();
        }
        String display = System.getenv("DISPLAY");
        if (display != null && !display.isBlank()) {
            return List.of();
        }
        Path xvfbRun = onPath("xvfb-run");
        return xvfbRun == null ? null : List.of(xvfbRun.toString(), "-a", "-s", "-screen 0 1600x1000x24");
    }

    private boolean run(List<String> command, String what) throws IOException, InterruptedException {
        return run(command, what, Map.of());
    }

    /** Runs {@code command} with the user's JVM option variables cleared; false (with a note) if it failed. */
    private boolean run(List<String> command, String what, Map<String, String> env) throws IOException, InterruptedException {
        Path log = work.resolve(what.replace(' ', '-') + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
        builder.environment().put("HOME", work.resolve("home").toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            note("the " + what + " did not finish within " + TRAINING_TIMEOUT_SECONDS + " s; the app image ships without a startup cache.");
            return false;
        }
        if (process.exitValue() != 0) {
            note("the " + what + " failed (exit " + process.exitValue() + "); the app image ships without a startup cache. Its output:");
            System.out.println(Files.readString(log, StandardCharsets.UTF_8).indent(4));
            return false;
        }
        return true;
    }

    /** Writes the cfg with {@code options} added to its [JavaOptions], one java-options line each. */
    private void withOptions(String original, List<String> options) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String option : options) {
            lines.append("java-options=").append(option).append('\n');
        }
        String marker = "[JavaOptions]\n";
        String text = original.replace("\r\n", "\n");
        int at = text.indexOf(marker);
        String updated = at < 0 ? text + "\n" + marker + lines
                : text.substring(0, at + marker.length()) + lines + text.substring(at + marker.length());
        Files.writeString(cfg, updated);
    }

    /** The launcher's cfg: lib/app on Linux, app on Windows, Contents/app on macOS. */
    private static Path findCfg(Path image) throws IOException {
        for (String dir : List.of("lib/app", "app", "Contents/app")) {
            Path appDir = image.resolve(dir);
            if (Files.isDirectory(appDir)) {
                try (Stream<Path> files = Files.list(appDir)) {
                    List<Path> cfgs = files.filter(p -> p.getFileName().toString().endsWith(".cfg")).toList();
                    if (cfgs.size() == 1) {
                        return cfgs.get(0);
                    }
                }
            }
        }
        throw new IOException("no launcher cfg in " + image);
    }

    private static Path findLauncher(Path image, Path cfg) throws IOException {
        String name = cfg.getFileName().toString().replaceFirst("\\.cfg$", "");
        for (Path candidate : List.of(image.resolve("bin").resolve(name), image.resolve(name + ".exe"),
                image.resolve("Contents/MacOS").resolve(name))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException("no launcher for " + name + " in " + image);
    }

    /** The bundled runtime's feature version, from its release file (JAVA_VERSION="25.0.3"). */
    private static int runtimeFeature(Path image) throws IOException {
        for (String dir : List.of("lib/runtime", "runtime", "Contents/runtime/Contents/Home")) {
            Path release = image.resolve(dir).resolve("release");
            if (Files.isRegularFile(release)) {
                for (String line : Files.readAllLines(release)) {
                    if (line.startsWith("JAVA_VERSION=")) {
                        String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                        return Integer.parseInt(version.split("[.+-]")[0]);
                    }
                }
            }
        }
        throw new IOException("no runtime release file in " + image);
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static void note(String sentence) {
        System.out.println("[startup cache] " + sentence);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
