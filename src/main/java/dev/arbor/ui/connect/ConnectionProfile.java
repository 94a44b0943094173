package dev.arbor.ui.connect;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A saved way to open a project: a data directory run by the embedded engine, or a project behind the
 * Neon API. Profiles are saved as one line each in the settings; a Neon profile's API key is not part of
 * that line, because the settings are readable by other programs of the user: the entry point keeps the
 * key in a file only the user can read.
 */
public sealed interface ConnectionProfile permits ConnectionProfile.Embedded, ConnectionProfile.Neon {
    char SEP = '\t';

    String name();

    /** One line for the settings; {@link #decode} reads it back. Never contains a secret. */
    String encode();

    /** The profile in {@code line}, or null when the line is not one this version understands. */
    static ConnectionProfile decode(String line) {
        String[] parts = line == null ? new String[0] : line.split(String.valueOf(SEP), 4);
        if (parts.length != 4 || parts[1].isBlank() || parts[3].isBlank()) {
            return null;
        }
        return switch (parts[0]) {
            case Embedded.KIND -> new Embedded(parts[1], Path.of(parts[3]), Boolean.parseBoolean(parts[2]));
            case Neon.KIND -> parts[2].isBlank() ? null : Neon.decode(parts[1], parts[2], parts[3]);
            default -> null;
        };
    }

    /** A data directory on this machine. With {@code demo}, an empty directory first gets the demo project. */
    record Embedded(String name, Path dataDir, boolean demo) implements ConnectionProfile {
        static final String KIND = "embedded";

        public Embedded {
            checkName(name);
            Objects.requireNonNull(dataDir);
        }

        @Override
        public String encode() {
            return KIND + SEP + name + SEP + demo + SEP + dataDir;
        }
    }

    /**
     * A project behind the Neon API at {@code baseUrl} (Neon's own, or {@code arbor serve}'s), found in
     * organization {@code orgId} (null when the key needed none). The key that opens it is saved apart from this
     * record, under the same name.
     */
    record Neon(String name, String baseUrl, String projectId, String orgId) implements ConnectionProfile {
        static final String KIND = "neon";

        public Neon {
            checkName(name);
            Objects.requireNonNull(baseUrl);
            Objects.requireNonNull(projectId);
            orgId = orgId == null || orgId.isBlank() ? null : orgId;
            if (baseUrl.isBlank() || projectId.isBlank()
                    || (baseUrl + projectId + (orgId == null ? "" : orgId)).chars().anyMatch(c -> c < 0x20)) {
                throw new IllegalArgumentException("A Neon profile needs a base URL and a project id on one line each.");
            }
        }

        /** A project that needed no organization to be found. */
        public Neon(String name, String baseUrl, String projectId) {
            this(name, baseUrl, projectId, null);
        }

        // The organization follows the project id after a tab, only when there is one, so lines written before
        // organizations existed read back unchanged.
        @Override
        public String encode() {
            return KIND + SEP + name + SEP + baseUrl + SEP + projectId + (orgId == null ? "" : SEP + orgId);
        }

        private static Neon decode(String name, String baseUrl, String rest) {
            int tab = rest.indexOf(SEP);
            return tab < 0 ? new Neon(name, baseUrl, rest)
                    : new Neon(name, baseUrl, rest.substring(0, tab), rest.substring(tab + 1));
        }
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name);
        if (name.isBlank() || name.indexOf(SEP) >= 0 || name.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("A profile name needs visible characters and no tabs or line breaks.");
        }
    }
}
