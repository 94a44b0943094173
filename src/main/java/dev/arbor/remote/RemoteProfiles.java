package dev.arbor.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.platform.PlatformDirs;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Saved remote connections, API keys included, in {@code remote-profiles.json} in the user's config
 * directory. The file is created with mode 0600 (and its directory 0700) before any secret is written:
 * each save writes a new file created with those permissions and moves it over the old one, so no reader
 * ever sees a half-written file or a moment where the key is readable by others.
 */
public final class RemoteProfiles {
    public static final String FILE_NAME = "remote-profiles.json";
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();

    public RemoteProfiles(Path configDir) {
        this.dir = configDir;
    }

    /** The profiles in the default config directory ({@link #configDir()}). */
    public static RemoteProfiles atDefaultLocation() {
        return new RemoteProfiles(configDir());
    }

    /**
     * Arbor's per-user config directory ({@link PlatformDirs#config()}): {@code $XDG_CONFIG_HOME/arbor} (else
     * {@code ~/.config/arbor}) on Linux, {@code ~/Library/Application Support/Arbor} on macOS,
     * {@code %APPDATA%\Arbor} on Windows. The system property {@code arbor.config} overrides it (tests use a
     * temporary directory).
     */
    public static Path configDir() {
        String override = System.getProperty("arbor.config");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return PlatformDirs.current().config();
    }

    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    public synchronized List<RemoteProfile> list() {
        Path f = file();
        if (!Files.exists(f)) {
            return List.of();
        }
        try {
            JsonNode root = json.readTree(f.toFile());
            List<RemoteProfile> out = new ArrayList<>();
            for (JsonNode p : root.path("profiles")) {
                out.add(new RemoteProfile(p.path("name").asText(null), p.path("base_url").asText(null),
                        p.path("project_id").asText(null), ApiKey.of(p.path("api_key").asText(null)),
                        p.path("org_id").asText(null)));
            }
            return List.copyOf(out);
        } catch (IOException | ArborException e) {
            throw new ArborException(ErrorCode.INTERNAL, "PROFILES_UNREADABLE",
                    "The saved connections in " + f + " could not be read. Fix or delete the file, then connect again.",
                    e.getClass().getSimpleName(), null);
        }
    }

    public Optional<RemoteProfile> get(String name) {
        return list().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Saves {@code profile}, replacing a saved one of the same name. */
    public synchronized void save(RemoteProfile profile) {
        List<RemoteProfile> all = new ArrayList<>(list());
        all.removeIf(p -> p.name().equals(profile.name()));
        all.add(profile);
        write(all);
    }

    /** Forgets the profile named {@code name}; true when there was one. */
    public synchronized boolean remove(String name) {
        List<RemoteProfile> all = new ArrayList<>(list());
        boolean removed = all.removeIf(p -> p.name().equals(name));
        if (removed) {
            write(all);
        }
        return removed;
    }

    private void write(List<RemoteProfile> profiles) {
        ObjectNode root = json.createObjectNode();
        ArrayNode arr = root.putArray("profiles");
        for (RemoteProfile p : profiles) {
            ObjectNode o = arr.addObject().put("name", p.name()).put("base_url", p.baseUrl()).put("project_id", p.projectId())
                    .put("api_key", p.apiKey().reveal());
            if (p.orgId() != null) {
                o.put("org_id", p.orgId());
            }
        }
        try {
            boolean posix = Files.getFileStore(existingAncestor(dir)).supportsFileAttributeView(PosixFileAttributeView.class);
            Files.createDirectories(dir, posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR)}
                    : new FileAttribute<?>[0]);
            Path tmp = posix
                    ? Files.createTempFile(dir, ".profiles-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                    : Files.createTempFile(dir, ".profiles-", ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(java.nio.ByteBuffer.wrap(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)));
                    ch.force(true);
                }
                moveIntoPlace(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ArborException(ErrorCode.INTERNAL, "PROFILES_NOT_SAVED",
                    "The connection could not be saved in " + dir + ": " + e.getClass().getSimpleName()
                            + ". Check that the directory is writable.", null, e);
        }
    }

    private void moveIntoPlace(Path tmp) throws IOException {
        try {
            Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path existingAncestor(Path p) {
        Path a = p.toAbsolutePath();
        while (a != null && !Files.exists(a)) {
            a = a.getParent();
        }
        return a == null ? Path.of("").toAbsolutePath() : a;
    }
}
