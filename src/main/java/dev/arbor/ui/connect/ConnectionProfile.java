package dev.arbor.ui.connect;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A saved way to open a project: a data directory on this machine run by the embedded engine. With
 * {@code demo}, an empty directory first gets the demo project.
 */
public record ConnectionProfile(String name, Path dataDir, boolean demo) {
    private static final String KIND = "embedded";
    private static final char SEP = '\t';

    public ConnectionProfile {
        Objects.requireNonNull(name);
        Objects.requireNonNull(dataDir);
        if (name.isBlank() || name.indexOf(SEP) >= 0 || name.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("A profile name needs visible characters and no tabs or line breaks.");
        }
    }

    /** One line for the settings; {@link #decode} reads it back. */
    public String encode() {
        return KIND + SEP + name + SEP + demo + SEP + dataDir;
    }

    /** The profile in {@code line}, or null when the line is not one this version understands. */
    public static ConnectionProfile decode(String line) {
        String[] parts = line == null ? new String[0] : line.split(String.valueOf(SEP), 4);
        if (parts.length != 4 || !KIND.equals(parts[0]) || parts[1].isBlank() || parts[3].isBlank()) {
            return null;
        }
        return new ConnectionProfile(parts[1], Path.of(parts[3]), Boolean.parseBoolean(parts[2]));
    }
}
