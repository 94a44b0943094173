package dev.arbor.pg;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks a {@code .txz} (tar in xz) into an empty directory, keeping executable bits and symbolic links, and
 * refusing any entry that would land outside the directory: an absolute name, a {@code ..} that climbs out, a
 * link pointing out, or a path through a link.
 */
final class ArchiveExtractor {
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");
    static final Set<PosixFilePermission> EXEC_MODE = PosixFilePermissions.fromString("rwxr-xr-x");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** Unpacks {@code in} into {@code target} (an existing empty directory) and returns what it wrote. */
    CacheManifest extract(InputStream in, Path target, String archiveName) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        CacheManifest manifest = new CacheManifest();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(in, 1 << 16)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = relativeName(e.getName());
                if (name.isEmpty()) {
                    continue;
                }
                Path p = inside(root, name, e.getName(), archiveName);
                refuseLinkedParents(root, p, e.getName(), archiveName);
                if (e.isDirectory()) {
                    Files.createDirectories(p);
                    setMode(p, DIR_MODE);
                    manifest.add(new CacheManifest.Dir(name));
                } else if (e.isSymbolicLink()) {
                    String link = e.getLinkName();
                    Path linkTarget = Path.of(link);
                    if (linkTarget.isAbsolute() || !p.getParent().resolve(linkTarget).normalize().startsWith(root)) {
                        throw unsafe(archiveName, e.getName() + " -> " + link);
                    }
                    Files.createDirectories(p.getParent());
                    Files.createSymbolicLink(p, linkTarget);
                    manifest.add(new CacheManifest.Link(name, linkTarget.toString()));
                } else if (e.isLink()) {
                    Path source = inside(root, relativeName(e.getLinkName()), e.getLinkName(), archiveName);
                    Files.createDirectories(p.getParent());
                    Files.copy(source, p);
                    manifest.add(new CacheManifest.File(name, Files.size(p), hashIfProgram(name, p)));
                } else if (e.isFile()) {
                    Files.createDirectories(p.getParent());
                    manifest.add(writeFile(tar, p, name));
                    setMode(p, (e.getMode() & 0111) != 0 ? EXEC_MODE : FILE_MODE);
                }
                // other entry types (devices, fifos) have no place in a Postgres build and are skipped
            }
        }
        return manifest;
    }

    private static CacheManifest.File writeFile(InputStream tar, Path p, String name) throws IOException {
        MessageDigest md = CacheManifest.hashed(name) ? CacheManifest.digest() : null;
        long size;
        try (OutputStream out = Files.newOutputStream(p)) {
            size = tar.transferTo(md == null ? out : new DigestOutputStream(out, md));
        }
        return new CacheManifest.File(name, size, md == null ? null : HexFormat.of().formatHex(md.digest()));
    }

    private static String hashIfProgram(String name, Path p) throws IOException {
        if (!CacheManifest.hashed(name)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(p)) {
            return CacheManifest.sha256(in);
        }
    }

    private void setMode(Path p, Set<PosixFilePermission> mode) throws IOException {
        if (posix) {
            Files.setPosixFilePermissions(p, mode);
        }
    }

    /** The entry's name as a relative path with forward slashes, without a leading {@code ./}. */
    private static String relativeName(String raw) {
        String name = raw.replace('\\', '/');
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equals(".") ? "" : name;
    }

    private static Path inside(Path root, String name, String raw, String archiveName) {
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw unsafe(archiveName, raw);
        }
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw unsafe(archiveName, raw);
        }
        return p;
    }

    /** A file written through a link extracted earlier could land anywhere the link points. */
    private static void refuseLinkedParents(Path root, Path p, String raw, String archiveName) {
        for (Path dir = p.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
            if (Files.isSymbolicLink(dir)) {
                throw unsafe(archiveName, raw);
            }
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw unsafe(archiveName, raw + " (named twice)");
        }
    }

    static ArborException unsafe(String archiveName, String entry) {
        return new ArborException(ErrorCode.INTERNAL, "POSTGRES_ARCHIVE_UNSAFE",
                "The PostgreSQL archive " + archiveName + " holds an entry that would be written outside its "
                        + "directory (\"" + entry + "\"), so Arbor unpacked nothing from it; use an unmodified "
                        + "Postgres artifact.");
    }
}
