package dev.arbor.pg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What an extraction wrote, kept beside it as {@value #FILE_NAME}: every directory, every file with its size,
 * every symbolic link with its target, and a SHA-256 of each program in {@code bin/}. Checking it costs one
 * stat per entry and one read of the programs, so a cache truncated by a crash, half deleted or with a program
 * altered is found before anything runs from it.
 */
final class CacheManifest {
    static final String FILE_NAME = ".arbor-manifest";
    private static final String HEADER = "arbor-postgres-cache 1";

    sealed interface Entry permits Dir, File, Link {
        String path();
    }

    record Dir(String path) implements Entry {
    }

    /** A regular file; {@code sha256} is null for files that are not hashed. */
    record File(String path, long size, String sha256) implements Entry {
    }

    record Link(String path, String target) implements Entry {
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(Entry e) {
        entries.add(e);
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Programs, hashed on extraction and on every check. */
    static boolean hashed(String path) {
        return path.startsWith("bin/");
    }

    void write(Path dir) throws IOException {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Entry e : entries) {
            switch (e) {
                case Dir d -> out.append("d\t").append(d.path());
                case File f -> out.append("f\t").append(f.size()).append('\t')
                        .append(f.sha256() == null ? "-" : f.sha256()).append('\t').append(f.path());
                case Link l -> out.append("l\t").append(l.target()).append('\t').append(l.path());
            }
            out.append('\n');
        }
        Files.writeString(dir.resolve(FILE_NAME), out, StandardCharsets.UTF_8);
    }

    /**
     * Checks a cache directory against its manifest: null when everything it lists is there as extracted, else
     * a short description of the first difference (no manifest, a missing file, a different size or hash).
     */
    static String problemIn(Path dir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(FILE_NAME), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Files.isDirectory(dir) ? "it has no manifest" : "it does not exist";
        } catch (IOException e) {
            return "its manifest cannot be read (" + e.getMessage() + ")";
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            return "its manifest is not one this version writes";
        }
        try {
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                String problem = switch (f[0]) {
                    case "d" -> Files.isDirectory(dir.resolve(f[1]), LinkOption.NOFOLLOW_LINKS) ? null
                            : f[1] + " is not a directory";
                    case "f" -> checkFile(dir, f[3], Long.parseLong(f[1]), f[2]);
                    case "l" -> checkLink(dir, f[2], f[1]);
                    default -> "its manifest has an unknown line";
                };
                if (problem != null) {
                    return problem;
                }
            }
        } catch (RuntimeException | IOException e) {
            return "its manifest does not match its files (" + e.getMessage() + ")";
        }
        return null;
    }

    private static String checkFile(Path dir, String path, long size, String sha256) throws IOException {
        Path p = dir.resolve(path);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return path + " is missing";
        }
        if (Files.size(p) != size) {
            return path + " has " + Files.size(p) + " bytes instead of " + size;
        }
        if (!sha256.equals("-")) {
            try (InputStream in = Files.newInputStream(p)) {
                if (!sha256.equals(sha256(in))) {
                    return path + " differs from the archive";
                }
            }
        }
        return null;
    }

    private static String checkLink(Path dir, String path, String target) throws IOException {
        Path p = dir.resolve(path);
        if (!Files.isSymbolicLink(p)) {
            return path + " is not a symbolic link";
        }
        return Files.readSymbolicLink(p).toString().equals(target) ? null : path + " points elsewhere";
    }

    /** Reads the stream to its end and returns its SHA-256 in hex. */
    static String sha256(InputStream in) throws IOException {
        MessageDigest md = digest();
        try (DigestInputStream din = new DigestInputStream(in, md)) {
            din.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
